/* Typed helpers for the built-in kernels: each builds its argument block
 * (docs/hw/sgpu.md §7, little-endian) and chooses a grid. Work-groups are
 * kept small (256 items) so that a preemption never waits long for one. */
#include "sgpu_priv.h"

static uint32_t kernel_groups(uint32_t items, uint32_t per)
{
    return items / per + (items % per ? 1u : 0u);
}

static bool kernel_grid_ok(struct sgpu_dev *d, const char *what, uint32_t gx, uint32_t gy)
{
    if (!gx || !gy || gx > SGPU_MAX_GRID || gy > SGPU_MAX_GRID) {
        sgpu_dev_log(d, "%s: grid %ux%u is empty or over %u", what, gx, gy, SGPU_MAX_GRID);
        return false;
    }
    return true;
}

int sgpu_kernel_saxpy(struct sgpu_dev *d, uint64_t x, uint64_t y, uint32_t n, float a)
{
    uint8_t b[SGPU_ARGS_SAXPY_BYTES];
    uint32_t grid[3] = { kernel_groups(n, 256), 1, 1 }, wg[3] = { 256, 1, 1 };

    if (!d || !kernel_grid_ok(d, "kernel_saxpy", grid[0], 1))
        return SGPU_ERR_INVAL;
    sgpu_put64(b, x);
    sgpu_put64(b + 8, y);
    sgpu_put32(b + 16, n);
    sgpu_put32(b + 20, sgpu_fbits(a));
    return sgpu_cmd_dispatch(d, SGPU_K_SAXPY, grid, wg, b, sizeof(b));
}

int sgpu_kernel_sgemm(struct sgpu_dev *d, uint64_t a, uint64_t b, uint64_t c, uint32_t m,
                      uint32_t n, uint32_t k, float alpha, float beta)
{
    uint8_t p[SGPU_ARGS_SGEMM_BYTES] = { 0 };
    uint32_t grid[3] = { kernel_groups(n, 16), kernel_groups(m, 16), 1 }, wg[3] = { 16, 16, 1 };

    if (!d || !kernel_grid_ok(d, "kernel_sgemm", grid[0], grid[1]))
        return SGPU_ERR_INVAL;
    if (!k) {
        sgpu_dev_log(d, "kernel_sgemm: k is 0");
        return SGPU_ERR_INVAL;
    }
    sgpu_put64(p, a);
    sgpu_put64(p + 8, b);
    sgpu_put64(p + 16, c);
    sgpu_put32(p + 24, m);
    sgpu_put32(p + 28, n);
    sgpu_put32(p + 32, k);
    sgpu_put32(p + 36, sgpu_fbits(alpha));
    sgpu_put32(p + 40, sgpu_fbits(beta));
    return sgpu_cmd_dispatch(d, SGPU_K_SGEMM, grid, wg, p, sizeof(p));
}

static int kernel_reduce_pass(struct sgpu_dev *d, uint64_t in, uint64_t out, uint32_t n,
                              uint32_t per_group, uint32_t groups)
{
    uint8_t p[SGPU_ARGS_REDUCE_BYTES];
    uint32_t grid[3] = { groups, 1, 1 };
    uint32_t wg[3] = { per_group < SGPU_REDUCE_WG ? per_group : SGPU_REDUCE_WG, 1, 1 };

    sgpu_put64(p, in);
    sgpu_put64(p + 8, out);
    sgpu_put32(p + 16, n);
    sgpu_put32(p + 20, per_group);
    return sgpu_cmd_dispatch(d, SGPU_K_REDUCE, grid, wg, p, sizeof(p));
}

int sgpu_kernel_reduce(struct sgpu_dev *d, uint64_t in, uint64_t scratch, uint64_t out,
                       uint32_t n, uint32_t per_group)
{
    if (!d)
        return SGPU_ERR_INVAL;
    if (!n || !per_group) {
        sgpu_dev_log(d, "kernel_reduce: n %u and per_group %u must be > 0", n, per_group);
        return SGPU_ERR_INVAL;
    }
    uint32_t groups = kernel_groups(n, per_group);
    if (!kernel_grid_ok(d, "kernel_reduce", groups, 1))
        return SGPU_ERR_INVAL;
    int r = kernel_reduce_pass(d, in, scratch, n, per_group, groups);
    if (!r)
        r = kernel_reduce_pass(d, scratch, out, groups, groups, 1);
    return r;
}

int sgpu_kernel_conv3x3(struct sgpu_dev *d, uint64_t in, uint64_t out, uint32_t width,
                        uint32_t height, const float k[9])
{
    uint8_t p[SGPU_ARGS_CONV_BYTES];
    uint32_t grid[3] = { kernel_groups(width, 16), kernel_groups(height, 16), 1 }, wg[3] = { 16, 16, 1 };

    if (!d || !k || !kernel_grid_ok(d, "kernel_conv3x3", grid[0], grid[1]))
        return SGPU_ERR_INVAL;
    sgpu_put64(p, in);
    sgpu_put64(p + 8, out);
    sgpu_put32(p + 16, width);
    sgpu_put32(p + 20, height);
    for (int i = 0; i < 9; i++)
        sgpu_put32(p + 24 + 4 * i, sgpu_fbits(k[i]));
    return sgpu_cmd_dispatch(d, SGPU_K_CONV3X3, grid, wg, p, sizeof(p));
}

int sgpu_kernel_raster(struct sgpu_dev *d, uint64_t fb, uint32_t width, uint32_t height,
                       uint32_t stride, const struct sgpu_triangle *t)
{
    uint8_t p[SGPU_ARGS_RASTER_BYTES] = { 0 };
    uint32_t grid[3] = { kernel_groups(width, 16), kernel_groups(height, 16), 1 }, wg[3] = { 16, 16, 1 };

    if (!d || !t || !kernel_grid_ok(d, "kernel_raster", grid[0], grid[1]))
        return SGPU_ERR_INVAL;
    if (stride % 4 || stride / 4 < width) {
        sgpu_dev_log(d, "kernel_raster: stride %u is not a multiple of 4 of at least 4 x width %u",
                     stride, width);
        return SGPU_ERR_INVAL;
    }
    for (int i = 0; i < 6; i++) {
        if (t->xy[i] > (1 << 20) || t->xy[i] < -(1 << 20)) {
            sgpu_dev_log(d, "kernel_raster: vertex coordinate %d outside +-2^20", (int)t->xy[i]);
            return SGPU_ERR_INVAL;
        }
    }
    sgpu_put64(p, fb);
    sgpu_put32(p + 8, width);
    sgpu_put32(p + 12, height);
    sgpu_put32(p + 16, stride);
    for (int i = 0; i < 6; i++)
        sgpu_put32(p + 20 + 4 * i, (uint32_t)t->xy[i]);
    for (int i = 0; i < 3; i++)
        sgpu_put32(p + 44 + 4 * i, t->rgba[i]);
    return sgpu_cmd_dispatch(d, SGPU_K_RASTER, grid, wg, p, sizeof(p));
}
