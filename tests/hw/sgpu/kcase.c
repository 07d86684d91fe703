/* Kernel cases and their host references. The references are written from
 * the spec (docs/hw/sgpu.md), not from the model: sums are done in double,
 * the rasteriser loops over edges opposite each vertex. Float
 * results are compared within a stated tolerance; saxpy and the raster are
 * bit-exact. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcase.h"

#define FLOAT_TOL 1e-4   /* relative to the sum of |terms| */

static uint32_t kc_rng(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

static float kc_rand(uint32_t *s)
{
    return (float)(kc_rng(s) % 2001) / 1000.0f - 1.0f;
}

static void kc_put32(uint8_t *b, unsigned off, uint32_t v)
{
    memcpy(b + off, &v, 4);
}

static void kc_put64(uint8_t *b, unsigned off, uint64_t v)
{
    memcpy(b + off, &v, 8);
}

static void kc_fill_floats(struct rig *r, int d, uint64_t va, uint64_t n, uint32_t *seed)
{
    float *tmp = malloc(n * 4 + 4);
    for (uint64_t i = 0; i < n; i++)
        tmp[i] = kc_rand(seed);
    rig_write(r, d, va, tmp, n * 4);
    free(tmp);
}

void kcase_reset_data(struct kcase *k, struct rig *r, int d, uint32_t seed)
{
    uint32_t s = seed;
    switch (k->kernel) {
    case SGPU_K_SAXPY:
        kc_fill_floats(r, d, k->in_va[0], k->p[0], &s);
        kc_fill_floats(r, d, k->out_va, k->p[0], &s);
        break;
    case SGPU_K_SGEMM:
        kc_fill_floats(r, d, k->in_va[0], (uint64_t)k->p[0] * k->p[2], &s);
        kc_fill_floats(r, d, k->in_va[1], (uint64_t)k->p[2] * k->p[1], &s);
        kc_fill_floats(r, d, k->out_va, (uint64_t)k->p[0] * k->p[1], &s);
        break;
    case SGPU_K_REDUCE:
        kc_fill_floats(r, d, k->in_va[0], k->p[0], &s);
        kc_fill_floats(r, d, k->out_va, k->grid[0], &s);
        break;
    case SGPU_K_CONV3X3:
        kc_fill_floats(r, d, k->in_va[0], (uint64_t)k->p[0] * k->p[1], &s);
        kc_fill_floats(r, d, k->out_va, (uint64_t)k->p[0] * k->p[1], &s);
        break;
    case SGPU_K_RASTER: {
        uint8_t *bg = malloc(k->out_len);
        for (uint64_t i = 0; i < k->out_len; i++)
            bg[i] = (uint8_t)kc_rng(&s);
        rig_write(r, d, k->out_va, bg, k->out_len);
        free(bg);
        break;
    }
    }
    uint8_t *keep = malloc(k->out_len + 1);
    rig_read(r, d, k->out_va, keep, k->out_len);
    rig_write(r, d, k->keep_va, keep, k->out_len);
    free(keep);
}

void kcase_setup(struct kcase *k, int which, unsigned scale, struct rig *r, int d, uint32_t seed)
{
    memset(k, 0, sizeof(*k));
    uint8_t a[64];
    memset(a, 0, sizeof(a));
    uint32_t s = seed ^ 0x5eed;
    k->grid[1] = k->grid[2] = k->wg[1] = k->wg[2] = 1;
    switch (which) {
    case 0: {
        uint32_t n = 10000 * scale;
        k->name = "saxpy"; k->kernel = SGPU_K_SAXPY; k->unit = "GB/s";
        k->p[0] = n;
        k->f[0] = 1.5f;
        k->wg[0] = 64; k->grid[0] = (n + 63) / 64;
        k->in_va[0] = rig_alloc(r, d, 4ull * n);
        k->out_va = rig_alloc(r, d, 4ull * n);
        k->out_len = 4ull * n;
        k->work = 12ull * n;
        kc_put64(a, 0, k->in_va[0]); kc_put64(a, 8, k->out_va); kc_put32(a, 16, n);
        memcpy(a + 20, &k->f[0], 4);
        k->args_len = SGPU_ARGS_SAXPY_BYTES;
        break;
    }
    case 1: {
        uint32_t m = 37 * scale, n = 41 * scale, kk = 29 * scale;
        k->name = "sgemm"; k->kernel = SGPU_K_SGEMM; k->unit = "GFLOP/s";
        k->p[0] = m; k->p[1] = n; k->p[2] = kk;
        k->f[0] = 0.75f; k->f[1] = -0.5f;
        k->wg[0] = 8; k->wg[1] = 8;
        k->grid[0] = (n + 7) / 8; k->grid[1] = (m + 7) / 8;
        k->in_va[0] = rig_alloc(r, d, 4ull * m * kk);
        k->in_va[1] = rig_alloc(r, d, 4ull * kk * n);
        k->out_va = rig_alloc(r, d, 4ull * m * n);
        k->out_len = 4ull * m * n;
        k->work = 2ull * m * n * kk;
        kc_put64(a, 0, k->in_va[0]); kc_put64(a, 8, k->in_va[1]); kc_put64(a, 16, k->out_va);
        kc_put32(a, 24, m); kc_put32(a, 28, n); kc_put32(a, 32, kk);
        memcpy(a + 36, &k->f[0], 4); memcpy(a + 40, &k->f[1], 4);
        k->args_len = SGPU_ARGS_SGEMM_BYTES;
        break;
    }
    case 2: {
        uint32_t n = 10000 * scale * scale, per = 256;
        k->name = "reduce"; k->kernel = SGPU_K_REDUCE; k->unit = "GB/s";
        k->p[0] = n; k->p[1] = per;
        k->wg[0] = 32; k->grid[0] = (n + per - 1) / per;
        k->in_va[0] = rig_alloc(r, d, 4ull * n);
        k->out_va = rig_alloc(r, d, 4ull * k->grid[0]);
        k->out_len = 4ull * k->grid[0];
        k->work = 4ull * n;
        kc_put64(a, 0, k->in_va[0]); kc_put64(a, 8, k->out_va); kc_put32(a, 16, n); kc_put32(a, 20, per);
        k->args_len = SGPU_ARGS_REDUCE_BYTES;
        break;
    }
    case 3: {
        uint32_t w = 50 * scale, h = 33 * scale;
        k->name = "conv3x3"; k->kernel = SGPU_K_CONV3X3; k->unit = "GFLOP/s";
        k->p[0] = w; k->p[1] = h;
        for (int i = 0; i < 9; i++)
            k->f[i] = kc_rand(&s);
        k->wg[0] = 8; k->wg[1] = 8;
        k->grid[0] = (w + 7) / 8; k->grid[1] = (h + 7) / 8;
        k->in_va[0] = rig_alloc(r, d, 4ull * w * h);
        k->out_va = rig_alloc(r, d, 4ull * w * h);
        k->out_len = 4ull * w * h;
        k->work = 18ull * w * h;
        kc_put64(a, 0, k->in_va[0]); kc_put64(a, 8, k->out_va); kc_put32(a, 16, w); kc_put32(a, 20, h);
        memcpy(a + 24, k->f, 36);
        k->args_len = SGPU_ARGS_CONV_BYTES;
        break;
    }
    default: {
        uint32_t w = 64 * scale, h = 48 * scale, stride = w * 4 + 16;
        k->name = "raster"; k->kernel = SGPU_K_RASTER; k->unit = "GB/s";
        k->p[0] = w; k->p[1] = h; k->p[2] = stride;
        /* Clockwise on screen, with an edge through pixel centres so the
         * tie rule matters; vertices in 1/16 pixel. */
        int32_t xy[6] = { 3 * 16 + 8, 2 * 16 + 8, (int32_t)(w - 5) * 16 + 3,
                          (int32_t)(h / 2) * 16 + 8, 10 * 16 + 8, (int32_t)(h - 3) * 16 + 8 };
        memcpy(k->xy, xy, sizeof(xy));
        k->rgba[0] = 0xff0000ffu; k->rgba[1] = 0x8000ff00u; k->rgba[2] = 0x40ff0000u;
        k->wg[0] = 16; k->wg[1] = 8;
        k->grid[0] = (w + 15) / 16; k->grid[1] = (h + 7) / 8;
        k->out_len = (uint64_t)(h - 1) * stride + 4ull * w;
        k->out_va = rig_alloc(r, d, k->out_len);
        k->work = 4ull * w * h;
        kc_put64(a, 0, k->out_va); kc_put32(a, 8, w); kc_put32(a, 12, h); kc_put32(a, 16, stride);
        for (int i = 0; i < 6; i++)
            kc_put32(a, 20 + 4 * i, (uint32_t)xy[i]);
        for (int i = 0; i < 3; i++)
            kc_put32(a, 44 + 4 * i, k->rgba[i]);
        k->args_len = SGPU_ARGS_RASTER_BYTES;
        break;
    }
    }
    k->args_va = rig_alloc(r, d, 64);
    k->keep_va = rig_alloc(r, d, k->out_len);
    rig_write(r, d, k->args_va, a, k->args_len);
    kcase_reset_data(k, r, d, seed);
}

void kcase_emit(struct kcase *k, struct rig *r, int d)
{
    uint32_t w[16];
    unsigned n = rig_cmd_dispatch(w, k->kernel, k->grid, k->wg, k->args_va, k->args_len);
    rig_emit(r, d, w, n);
}

static float *kc_load(struct rig *r, int d, uint64_t va, uint64_t n)
{
    float *p = malloc(n * 4 + 4);
    rig_read(r, d, va, p, n * 4);
    return p;
}

static unsigned kc_cmp(const char *name, uint64_t i, double got, double want, double mag,
                       double *worst, unsigned bad)
{
    double err = fabs(got - want) / (mag > 1e-6 ? mag : 1e-6);
    if (err > *worst)
        *worst = err;
    if (err > FLOAT_TOL || isnan(got)) {
        if (bad < 3)
            printf("  %s[%llu]: got %.9g want %.9g\n", name, (unsigned long long)i, got, want);
        return 1;
    }
    return 0;
}

/* Pixel ownership from the spec: sample at the pixel centre; a sample on an
 * edge belongs to the triangle only when, in the triangle's positive
 * winding, that edge goes up the screen or is horizontal going left. */
static void kc_ref_raster(const struct kcase *k, uint8_t *fb)
{
    int64_t x[3], y[3];
    uint32_t c[3];
    for (int i = 0; i < 3; i++) {
        x[i] = k->xy[2 * i];
        y[i] = k->xy[2 * i + 1];
        c[i] = k->rgba[i];
    }
    int64_t area = (x[1] - x[0]) * (y[2] - y[0]) - (y[1] - y[0]) * (x[2] - x[0]);
    if (area == 0)
        return;
    if (area < 0) {
        int64_t t = x[1]; x[1] = x[2]; x[2] = t;
        t = y[1]; y[1] = y[2]; y[2] = t;
        uint32_t tc = c[1]; c[1] = c[2]; c[2] = tc;
        area = -area;
    }
    for (uint32_t py = 0; py < k->p[1]; py++) {
        for (uint32_t px = 0; px < k->p[0]; px++) {
            int64_t sx = px * 16 + 8, sy = py * 16 + 8;
            int64_t wgt[3];
            bool in = true;
            for (int e = 0; e < 3; e++) {
                int a = (e + 1) % 3, b = (e + 2) % 3;   /* edge opposite vertex e */
                wgt[e] = (x[b] - x[a]) * (sy - y[a]) - (y[b] - y[a]) * (sx - x[a]);
                bool top_or_left = (y[a] == y[b] && x[b] < x[a]) || y[b] < y[a];
                if (wgt[e] < 0 || (wgt[e] == 0 && !top_or_left))
                    in = false;
            }
            if (!in)
                continue;
            uint8_t *p = fb + (uint64_t)py * k->p[2] + 4ull * px;
            for (int ch = 0; ch < 4; ch++) {
                int64_t v = 0;
                for (int e = 0; e < 3; e++)
                    v += wgt[e] * ((c[e] >> (8 * ch)) & 0xff);
                p[ch] = (uint8_t)(v / area);
            }
        }
    }
}

unsigned kcase_check(struct kcase *k, struct rig *r, int d, double *worst)
{
    /* Inputs are read back (kernels never write them); the output's
     * initial bytes come from the copy kcase_reset_data kept. */
    unsigned bad = 0;
    *worst = 0;
    switch (k->kernel) {
    case SGPU_K_SAXPY: {
        uint64_t n = k->p[0];
        float *x = kc_load(r, d, k->in_va[0], n), *y0 = kc_load(r, d, k->keep_va, n);
        float *y = kc_load(r, d, k->out_va, n);
        for (uint64_t i = 0; i < n; i++) {
            float want = k->f[0] * x[i] + y0[i];  /* one multiply, one add: exact in float */
            if (memcmp(&want, &y[i], 4)) {
                if (bad < 3)
                    printf("  saxpy[%llu]: got %.9g want %.9g\n", (unsigned long long)i, y[i], want);
                bad++;
            }
        }
        free(x); free(y0); free(y);
        break;
    }
    case SGPU_K_SGEMM: {
        uint64_t m = k->p[0], n = k->p[1], kk = k->p[2];
        float *A = kc_load(r, d, k->in_va[0], m * kk), *B = kc_load(r, d, k->in_va[1], kk * n);
        float *C0 = kc_load(r, d, k->keep_va, m * n), *C = kc_load(r, d, k->out_va, m * n);
        for (uint64_t i = 0; i < m; i++)
            for (uint64_t j = 0; j < n; j++) {
                double s = 0, mag = 0;
                for (uint64_t p = 0; p < kk; p++) {
                    s += (double)A[i * kk + p] * B[p * n + j];
                    mag += fabs((double)A[i * kk + p] * B[p * n + j]);
                }
                double want = k->f[0] * s + (double)k->f[1] * C0[i * n + j];
                mag = fabs(k->f[0]) * mag + fabs((double)k->f[1] * C0[i * n + j]);
                bad += kc_cmp("sgemm", i * n + j, C[i * n + j], want, mag, worst, bad);
            }
        free(A); free(B); free(C0); free(C);
        break;
    }
    case SGPU_K_REDUCE: {
        uint64_t n = k->p[0], per = k->p[1];
        float *in = kc_load(r, d, k->in_va[0], n), *out = kc_load(r, d, k->out_va, k->grid[0]);
        for (uint64_t g = 0; g < k->grid[0]; g++) {
            double s = 0, mag = 0;
            for (uint64_t j = g * per; j < (g + 1) * per && j < n; j++) {
                s += in[j];
                mag += fabs(in[j]);
            }
            bad += kc_cmp("reduce", g, out[g], s, mag, worst, bad);
        }
        free(in); free(out);
        break;
    }
    case SGPU_K_CONV3X3: {
        int64_t w = k->p[0], h = k->p[1];
        float *in = kc_load(r, d, k->in_va[0], (uint64_t)(w * h));
        float *out = kc_load(r, d, k->out_va, (uint64_t)(w * h));
        for (int64_t y = 0; y < h; y++)
            for (int64_t x = 0; x < w; x++) {
                double s = 0, mag = 0;
                for (int j = 0; j < 9; j++) {
                    int64_t sx = x + j % 3 - 1, sy = y + j / 3 - 1;
                    sx = sx < 0 ? 0 : sx >= w ? w - 1 : sx;
                    sy = sy < 0 ? 0 : sy >= h ? h - 1 : sy;
                    s += (double)k->f[j] * in[sy * w + sx];
                    mag += fabs((double)k->f[j] * in[sy * w + sx]);
                }
                bad += kc_cmp("conv3x3", (uint64_t)(y * w + x), out[y * w + x], s, mag, worst, bad);
            }
        free(in); free(out);
        break;
    }
    case SGPU_K_RASTER: {
        uint8_t *want = malloc(k->out_len), *got = malloc(k->out_len);
        rig_read(r, d, k->keep_va, want, k->out_len); /* the background */
        kc_ref_raster(k, want);
        rig_read(r, d, k->out_va, got, k->out_len);
        for (uint64_t i = 0; i < k->out_len; i++)
            if (want[i] != got[i]) {
                if (bad < 3)
                    printf("  raster byte %llu: got 0x%02x want 0x%02x\n", (unsigned long long)i, got[i], want[i]);
                bad++;
            }
        free(want); free(got);
        break;
    }
    }
    return bad;
}
