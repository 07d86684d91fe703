/* CPU references of the SGPU kernels (docs/hw/sgpu.md §7), written from the
 * spec's normative order of operations. */
#include "apps/ref.h"

uint32_t ref_fbits(float f)
{
    union { float f; uint32_t u; } c = { .f = f };
    return c.u;
}

void ref_saxpy(const float *x, float *y, uint32_t n, float a)
{
    for (uint32_t i = 0; i < n; i++)
        y[i] = a * x[i] + y[i];
}

float ref_sgemm_one(const float *a, const float *b, float c_old, uint32_t n, uint32_t k,
                    uint32_t i, uint32_t j, float alpha, float beta)
{
    float acc = 0.0f;
    for (uint32_t p = 0; p < k; p++)
        acc += a[(uint64_t)i * k + p] * b[(uint64_t)p * n + j];
    return alpha * acc + beta * c_old;
}

void ref_sgemm(const float *a, const float *b, float *c, uint32_t m, uint32_t n, uint32_t k,
               float alpha, float beta)
{
    for (uint32_t i = 0; i < m; i++)
        for (uint32_t j = 0; j < n; j++)
            c[(uint64_t)i * n + j] = ref_sgemm_one(a, b, c[(uint64_t)i * n + j], n, k, i, j, alpha, beta);
}

/* One work-group of the reduce kernel: wg items stride through the slice,
 * then their partials are added in item order. */
static float ref_reduce_group(const float *slice, uint32_t len, uint32_t wg)
{
    float sum = 0.0f;
    for (uint32_t l = 0; l < wg; l++) {
        float part = 0.0f;
        for (uint32_t e = l; e < len; e += wg)
            part += slice[e];
        sum += part;
    }
    return sum;
}

static uint32_t ref_min(uint32_t a, uint32_t b)
{
    return a < b ? a : b;
}

float ref_reduce(const float *in, uint32_t n, uint32_t per_group)
{
    uint32_t groups = n / per_group + (n % per_group ? 1u : 0u);
    uint32_t wg2 = ref_min(groups, SGPU_REDUCE_WG);
    /* Second pass: one group over the partials, items striding by wg2;
     * the partials are produced on the fly in the order it reads them. */
    float sum = 0.0f;
    for (uint32_t l = 0; l < wg2; l++) {
        float part = 0.0f;
        for (uint32_t g = l; g < groups; g += wg2) {
            uint32_t start = g * per_group, len = ref_min(per_group, n - start);
            part += ref_reduce_group(in + start, len, ref_min(per_group, SGPU_REDUCE_WG));
        }
        sum += part;
    }
    return sum;
}

static uint32_t ref_clamp(int64_t v, uint32_t hi)
{
    return v < 0 ? 0 : v >= (int64_t)hi ? hi - 1 : (uint32_t)v;
}

void ref_conv3x3(const float *in, float *out, uint32_t w, uint32_t h, const float k[9])
{
    for (uint32_t y = 0; y < h; y++) {
        for (uint32_t x = 0; x < w; x++) {
            float acc = 0.0f;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                    acc += k[(dy + 1) * 3 + dx + 1] *
                           in[(uint64_t)ref_clamp((int64_t)y + dy, h) * w + ref_clamp((int64_t)x + dx, w)];
            out[(uint64_t)y * w + x] = acc;
        }
    }
}

static int64_t ref_edge(int64_t ax, int64_t ay, int64_t bx, int64_t by, int64_t px, int64_t py)
{
    return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
}

/* A zero weight draws only on an edge a->b that goes up the screen or is
 * horizontal going left, so shared edges are drawn once. */
static int ref_inside(int64_t wgt, int64_t ax, int64_t ay, int64_t bx, int64_t by)
{
    if (wgt > 0)
        return 1;
    return wgt == 0 && (by < ay || (by == ay && bx < ax));
}

void ref_raster(uint32_t *fb, uint32_t w, uint32_t h, uint32_t stride, const struct sgpu_triangle *t)
{
    int64_t vx[3] = { t->xy[0], t->xy[2], t->xy[4] }, vy[3] = { t->xy[1], t->xy[3], t->xy[5] };
    uint32_t col[3] = { t->rgba[0], t->rgba[1], t->rgba[2] };
    int64_t area = ref_edge(vx[0], vy[0], vx[1], vy[1], vx[2], vy[2]);

    if (area == 0)
        return;
    if (area < 0) {
        int64_t tx = vx[1], ty = vy[1];
        uint32_t tc = col[1];
        vx[1] = vx[2]; vy[1] = vy[2]; col[1] = col[2];
        vx[2] = tx; vy[2] = ty; col[2] = tc;
        area = -area;
    }
    for (uint32_t y = 0; y < h; y++) {
        for (uint32_t x = 0; x < w; x++) {
            int64_t px = 16 * (int64_t)x + 8, py = 16 * (int64_t)y + 8;
            int64_t w0 = ref_edge(vx[1], vy[1], vx[2], vy[2], px, py);
            int64_t w1 = ref_edge(vx[2], vy[2], vx[0], vy[0], px, py);
            int64_t w2 = ref_edge(vx[0], vy[0], vx[1], vy[1], px, py);
            if (!ref_inside(w0, vx[1], vy[1], vx[2], vy[2]) || !ref_inside(w1, vx[2], vy[2], vx[0], vy[0]) ||
                !ref_inside(w2, vx[0], vy[0], vx[1], vy[1]))
                continue;
            uint32_t out = 0;
            for (int c = 0; c < 4; c++) {
                int64_t c0 = (col[0] >> (8 * c)) & 0xff, c1 = (col[1] >> (8 * c)) & 0xff;
                int64_t c2 = (col[2] >> (8 * c)) & 0xff;
                out |= (uint32_t)((w0 * c0 + w1 * c1 + w2 * c2) / area) << (8 * c);
            }
            fb[(uint64_t)y * (stride / 4) + x] = out;
        }
    }
}

void ref_fill(uint8_t *dst, uint64_t bytes, uint32_t pattern)
{
    for (uint64_t i = 0; i < bytes; i++)
        dst[i] = (uint8_t)(pattern >> (8 * (i % 4)));
}

uint32_t ref_crc32(const void *p, uint64_t len)
{
    /* Nibble table: small, and fast enough for a framebuffer. */
    static const uint32_t tab[16] = {
        0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
        0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c, 0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
    };
    const uint8_t *b = p;
    uint32_t crc = 0xffffffffu;
    for (uint64_t i = 0; i < len; i++) {
        crc ^= b[i];
        crc = (crc >> 4) ^ tab[crc & 15];
        crc = (crc >> 4) ^ tab[crc & 15];
    }
    return ~crc;
}
