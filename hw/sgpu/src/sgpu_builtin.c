/* The built-in kernel library in C, and the executor that runs it. Each
 * kernel touches only the buffers sgpu_kernels.c set up (bounds below follow
 * from the checks made there). Arithmetic order is fixed and documented in
 * docs/hw/sgpu.md so that the OpenCL versions give the same bits. */
#include <stdlib.h>
#include <string.h>

#include "sgpu_internal.h"

static float bi_ld(const struct sgpu_buf *b, uint64_t i)
{
    float f;
    memcpy(&f, b->host + 4 * i, 4);
    return f;
}

static void bi_st(const struct sgpu_buf *b, uint64_t i, float f)
{
    memcpy(b->host + 4 * i, &f, 4);
}

static void bi_saxpy(const struct sgpu_dispatch *d, uint32_t gx)
{
    for (uint32_t l = 0; l < d->wg[0]; l++) {
        uint64_t i = (uint64_t)gx * d->wg[0] + l;
        if (i >= d->a.saxpy.n)
            continue;
        bi_st(&d->buf[1], i, d->a.saxpy.a * bi_ld(&d->buf[0], i) + bi_ld(&d->buf[1], i));
    }
}

/* Row by row, with the work-group's columns accumulated side by side:
 * each element still sums p = 0, 1, ... in order (the spec's order), but B
 * is read along its rows, which is what makes this fast. */
static void bi_sgemm(const struct sgpu_dispatch *d, uint32_t gx, uint32_t gy)
{
    uint64_t m = d->a.sgemm.m, n = d->a.sgemm.n, k = d->a.sgemm.k;
    uint64_t j0 = (uint64_t)gx * d->wg[0];
    if (j0 >= n)
        return;
    uint64_t cols = n - j0 < d->wg[0] ? n - j0 : d->wg[0];
    float acc[SGPU_MAX_WG_ITEMS];
    const uint8_t *A = d->buf[0].host, *B = d->buf[1].host;  /* any alignment */
    for (uint32_t ly = 0; ly < d->wg[1]; ly++) {
        uint64_t i = (uint64_t)gy * d->wg[1] + ly;
        if (i >= m)
            break;
        for (uint64_t c = 0; c < cols; c++)
            acc[c] = 0.0f;
        for (uint64_t p = 0; p < k; p++) {
            float a;
            memcpy(&a, A + 4 * (i * k + p), 4);
            const uint8_t *brow = B + 4 * (p * n + j0);
            for (uint64_t c = 0; c < cols; c++) {
                float b;
                memcpy(&b, brow + 4 * c, 4);
                acc[c] += a * b;
            }
        }
        for (uint64_t c = 0; c < cols; c++) {
            float old = bi_ld(&d->buf[2], i * n + j0 + c);
            bi_st(&d->buf[2], i * n + j0 + c, d->a.sgemm.alpha * acc[c] + d->a.sgemm.beta * old);
        }
    }
}

/* Work-item l sums elements l, l + wg, ... of the group's slice; item 0 then
 * adds the partials in item order. */
static void bi_reduce(const struct sgpu_dispatch *d, uint32_t gx)
{
    uint64_t base = (uint64_t)gx * d->a.reduce.per_group;
    float total = 0.0f;
    for (uint32_t l = 0; l < d->wg[0]; l++) {
        float part = 0.0f;
        for (uint64_t j = l; j < d->a.reduce.per_group; j += d->wg[0]) {
            if (base + j >= d->a.reduce.n)
                break;
            part += bi_ld(&d->buf[0], base + j);
        }
        total += part;
    }
    bi_st(&d->buf[1], gx, total);
}

static void bi_conv(const struct sgpu_dispatch *d, uint32_t gx, uint32_t gy)
{
    int64_t w = d->a.conv.w, h = d->a.conv.h;
    for (uint32_t ly = 0; ly < d->wg[1]; ly++) {
        int64_t y = (int64_t)gy * d->wg[1] + ly;
        if (y >= h)
            break;
        for (uint32_t lx = 0; lx < d->wg[0]; lx++) {
            int64_t x = (int64_t)gx * d->wg[0] + lx;
            if (x >= w)
                break;
            float acc = 0.0f;
            for (int dy = -1; dy <= 1; dy++) {
                int64_t cy = y + dy < 0 ? 0 : (y + dy >= h ? h - 1 : y + dy);
                for (int dx = -1; dx <= 1; dx++) {
                    int64_t cx = x + dx < 0 ? 0 : (x + dx >= w ? w - 1 : x + dx);
                    acc += d->a.conv.k[(dy + 1) * 3 + (dx + 1)] * bi_ld(&d->buf[0], (uint64_t)(cy * w + cx));
                }
            }
            bi_st(&d->buf[1], (uint64_t)(y * w + x), acc);
        }
    }
}

/* Edge function of (a -> b) at p, in 1/16-pixel units squared. */
static int64_t bi_edge(int64_t ax, int64_t ay, int64_t bx, int64_t by, int64_t px, int64_t py)
{
    return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
}

/* Tie rule for a sample exactly on edge a -> b of a positive-area
 * triangle (y grows down the screen): the edge owns it when it goes up the
 * screen (a left edge) or is horizontal going left (a bottom edge). Two
 * triangles sharing an edge walk it in opposite directions, so exactly one
 * of them draws the pixel. */
static bool bi_owns(int64_t w, int64_t ax, int64_t ay, int64_t bx, int64_t by)
{
    if (w > 0)
        return true;
    if (w < 0)
        return false;
    return (ay == by && bx < ax) || by < ay;
}

static void bi_raster(const struct sgpu_dispatch *d, uint32_t gx, uint32_t gy)
{
    int64_t v[6];
    uint32_t col[3];
    for (int i = 0; i < 6; i++)
        v[i] = d->a.raster.xy[i];
    for (int i = 0; i < 3; i++)
        col[i] = d->a.raster.rgba[i];
    int64_t area = bi_edge(v[0], v[1], v[2], v[3], v[4], v[5]);
    if (area == 0)
        return;
    if (area < 0) { /* make the winding positive: swap vertices 1 and 2 */
        int64_t tx = v[2], ty = v[3];
        v[2] = v[4]; v[3] = v[5]; v[4] = tx; v[5] = ty;
        uint32_t tc = col[1]; col[1] = col[2]; col[2] = tc;
        area = -area;
    }
    for (uint32_t ly = 0; ly < d->wg[1]; ly++) {
        uint64_t y = (uint64_t)gy * d->wg[1] + ly;
        if (y >= d->a.raster.h)
            break;
        for (uint32_t lx = 0; lx < d->wg[0]; lx++) {
            uint64_t x = (uint64_t)gx * d->wg[0] + lx;
            if (x >= d->a.raster.w)
                break;
            int64_t px = (int64_t)x * 16 + 8, py = (int64_t)y * 16 + 8;
            int64_t w0 = bi_edge(v[2], v[3], v[4], v[5], px, py);
            int64_t w1 = bi_edge(v[4], v[5], v[0], v[1], px, py);
            int64_t w2 = bi_edge(v[0], v[1], v[2], v[3], px, py);
            if (!bi_owns(w0, v[2], v[3], v[4], v[5]) || !bi_owns(w1, v[4], v[5], v[0], v[1]) ||
                !bi_owns(w2, v[0], v[1], v[2], v[3]))
                continue;
            uint32_t out = 0;
            for (int ch = 0; ch < 4; ch++) {
                int64_t c = w0 * ((col[0] >> (8 * ch)) & 0xff) + w1 * ((col[1] >> (8 * ch)) & 0xff) +
                            w2 * ((col[2] >> (8 * ch)) & 0xff);
                out |= (uint32_t)(c / area) << (8 * ch);
            }
            uint8_t *p = d->buf[0].host + y * d->a.raster.stride + 4 * x;
            for (int b = 0; b < 4; b++)
                p[b] = (uint8_t)(out >> (8 * b));
        }
    }
}

void sgpu_builtin_run_group(const struct sgpu_dispatch *d, uint32_t gx, uint32_t gy, uint32_t gz)
{
    (void)gz; /* every built-in kernel is 1-D or 2-D */
    switch (d->kernel) {
    case SGPU_K_SAXPY: bi_saxpy(d, gx); break;
    case SGPU_K_SGEMM: bi_sgemm(d, gx, gy); break;
    case SGPU_K_REDUCE: bi_reduce(d, gx); break;
    case SGPU_K_CONV3X3: bi_conv(d, gx, gy); break;
    case SGPU_K_RASTER: bi_raster(d, gx, gy); break;
    default: break;
    }
}

static int builtin_run(struct sgpu_exec *e, const struct sgpu_dispatch *d, uint64_t first,
                       uint64_t count)
{
    (void)e;
    uint64_t plane = (uint64_t)d->grid[0] * d->grid[1];
    for (uint64_t g = first; g < first + count; g++)
        sgpu_builtin_run_group(d, (uint32_t)(g % d->grid[0]), (uint32_t)(g % plane / d->grid[0]),
                               (uint32_t)(g / plane));
    return 0;
}

static int builtin_begin(struct sgpu_exec *e, const struct sgpu_dispatch *d)
{
    (void)e;
    (void)d;
    return 0;
}

static void builtin_end(struct sgpu_exec *e)
{
    (void)e;
}

static void builtin_destroy(struct sgpu_exec *e)
{
    free(e);
}

static const struct sgpu_exec_ops builtin_ops = {
    .name = "built-in",
    .begin = builtin_begin,
    .end = builtin_end,
    .run = builtin_run,
    .destroy = builtin_destroy,
};

struct sgpu_exec *sgpu_builtin_create(void)
{
    struct sgpu_exec *e = calloc(1, sizeof(*e));
    if (e)
        e->ops = &builtin_ops;
    return e;
}
