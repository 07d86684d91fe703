/* CPU references of the SGPU kernels the workloads use (docs/hw/sgpu.md,
 * section 7), written from the spec's normative order of operations. */
#include "wlref.h"

static int64_t edge(const int32_t *a, const int32_t *b, int64_t px, int64_t py)
{
    return (int64_t)(b[0] - a[0]) * (py - a[1]) - (int64_t)(b[1] - a[1]) * (px - a[0]);
}

static bool top_left(const int32_t *a, const int32_t *b)
{
    return b[1] < a[1] || (b[1] == a[1] && b[0] < a[0]);
}

void wlref_raster(uint32_t *fb, uint32_t w, uint32_t h, const int32_t xy[6], const uint32_t rgba[3])
{
    int32_t v[3][2] = { { xy[0], xy[1] }, { xy[2], xy[3] }, { xy[4], xy[5] } };
    uint32_t col[3] = { rgba[0], rgba[1], rgba[2] };
    int64_t area = edge(v[0], v[1], v[2][0], v[2][1]);
    if (!area)
        return;
    if (area < 0) {
        int32_t t0 = v[1][0], t1 = v[1][1];
        v[1][0] = v[2][0]; v[1][1] = v[2][1]; v[2][0] = t0; v[2][1] = t1;
        uint32_t tc = col[1]; col[1] = col[2]; col[2] = tc;
        area = -area;
    }
    for (uint32_t y = 0; y < h; y++) {
        for (uint32_t x = 0; x < w; x++) {
            int64_t px = 16 * (int64_t)x + 8, py = 16 * (int64_t)y + 8;
            int64_t w0 = edge(v[1], v[2], px, py), w1 = edge(v[2], v[0], px, py),
                    w2 = edge(v[0], v[1], px, py);
            bool in = (w0 > 0 || (w0 == 0 && top_left(v[1], v[2]))) &&
                      (w1 > 0 || (w1 == 0 && top_left(v[2], v[0]))) &&
                      (w2 > 0 || (w2 == 0 && top_left(v[0], v[1])));
            if (!in)
                continue;
            uint32_t out = 0;
            for (unsigned c = 0; c < 4; c++) {
                int64_t s = w0 * ((col[0] >> (8 * c)) & 0xff) + w1 * ((col[1] >> (8 * c)) & 0xff) +
                            w2 * ((col[2] >> (8 * c)) & 0xff);
                out |= (uint32_t)(s / area) << (8 * c);
            }
            fb[y * w + x] = out;
        }
    }
}

static uint32_t clampu(int64_t v, uint32_t n)
{
    return v < 0 ? 0 : v >= (int64_t)n ? n - 1 : (uint32_t)v;
}

void wlref_conv3x3(const float *in, float *out, uint32_t w, uint32_t h, const float k[9])
{
    for (uint32_t y = 0; y < h; y++) {
        for (uint32_t x = 0; x < w; x++) {
            float acc = 0.0f;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                    acc += k[(dy + 1) * 3 + dx + 1] *
                           in[clampu((int64_t)y + dy, h) * w + clampu((int64_t)x + dx, w)];
            out[y * w + x] = acc;
        }
    }
}

void wlref_sgemm(const float *a, const float *b, float *c, uint32_t m, uint32_t n, uint32_t k)
{
    for (uint32_t i = 0; i < m; i++) {
        for (uint32_t j = 0; j < n; j++) {
            float acc = 0.0f;
            for (uint32_t p = 0; p < k; p++)
                acc += a[i * k + p] * b[p * n + j];
            c[i * n + j] = 1.0f * acc + 0.0f * 0.0f;
        }
    }
}
