/* DISPATCH argument blocks: reads the block through the MMU, checks every
 * field against the kernel's rules, works out the buffers the kernel may
 * touch (the only memory any executor will give it) and the modelled cost
 * of one work-group. */
#include <string.h>

#include "sgpu_internal.h"

static uint32_t kern_u32(const uint8_t *p, unsigned off)
{
    return (uint32_t)p[off] | (uint32_t)p[off + 1] << 8 | (uint32_t)p[off + 2] << 16 |
           (uint32_t)p[off + 3] << 24;
}

static uint64_t kern_u64(const uint8_t *p, unsigned off)
{
    return (uint64_t)kern_u32(p, off) | (uint64_t)kern_u32(p, off + 4) << 32;
}

static float kern_f32(const uint8_t *p, unsigned off)
{
    uint32_t u = kern_u32(p, off);
    float f;
    memcpy(&f, &u, sizeof(f));
    return f;
}

static const uint32_t kern_args_bytes[SGPU_K_COUNT] = {
    [SGPU_K_SAXPY] = SGPU_ARGS_SAXPY_BYTES,
    [SGPU_K_SGEMM] = SGPU_ARGS_SGEMM_BYTES,
    [SGPU_K_REDUCE] = SGPU_ARGS_REDUCE_BYTES,
    [SGPU_K_CONV3X3] = SGPU_ARGS_CONV_BYTES,
    [SGPU_K_RASTER] = SGPU_ARGS_RASTER_BYTES,
};

static void kern_buf(struct sgpu_dispatch *d, uint64_t va, uint64_t len, bool write)
{
    struct sgpu_buf *b = &d->buf[d->nbufs++];
    memset(b, 0, sizeof(*b));
    b->va = va;
    b->len = len;
    b->write = write;
}

static uint64_t kern_div_up(uint64_t a, uint64_t b)
{
    return (a + b - 1) / b;
}

/* Checks one kernel's fields and sets its buffers; returns the bytes and
 * flops one work-group moves and computes (for the timing model), or a
 * fault code. */
static uint32_t kern_decode_one(struct sgpu_dispatch *d, const uint8_t *p, uint64_t *bytes,
                                uint64_t *flops)
{
    uint64_t items = (uint64_t)d->wg[0] * d->wg[1] * d->wg[2];
    bool one_d = d->grid[1] == 1 && d->grid[2] == 1 && d->wg[1] == 1 && d->wg[2] == 1;
    bool two_d = d->grid[2] == 1 && d->wg[2] == 1;
    switch (d->kernel) {
    case SGPU_K_SAXPY:
        if (!one_d)
            return SGPU_FAULT_BAD_ARGUMENT;
        d->a.saxpy.n = kern_u32(p, 16);
        d->a.saxpy.a = kern_f32(p, 20);
        kern_buf(d, kern_u64(p, 0), 4ull * d->a.saxpy.n, false);
        kern_buf(d, kern_u64(p, 8), 4ull * d->a.saxpy.n, true);
        *bytes = 12 * items;
        *flops = 2 * items;
        return 0;
    case SGPU_K_SGEMM: {
        if (!two_d)
            return SGPU_FAULT_BAD_ARGUMENT;
        uint64_t m = kern_u32(p, 24), n = kern_u32(p, 28), k = kern_u32(p, 32);
        d->a.sgemm.m = (uint32_t)m;
        d->a.sgemm.n = (uint32_t)n;
        d->a.sgemm.k = (uint32_t)k;
        d->a.sgemm.alpha = kern_f32(p, 36);
        d->a.sgemm.beta = kern_f32(p, 40);
        if (m * k > SGPU_MAX_XFER || k * n > SGPU_MAX_XFER || m * n > SGPU_MAX_XFER)
            return SGPU_FAULT_OVERSIZE;
        kern_buf(d, kern_u64(p, 0), 4 * m * k, false);
        kern_buf(d, kern_u64(p, 8), 4 * k * n, false);
        kern_buf(d, kern_u64(p, 16), 4 * m * n, true);
        *bytes = 4 * k * (d->wg[0] + d->wg[1]) + 8 * items;
        *flops = 2 * k * items;
        return 0;
    }
    case SGPU_K_REDUCE:
        if (!one_d)
            return SGPU_FAULT_BAD_ARGUMENT;
        d->a.reduce.n = kern_u32(p, 16);
        d->a.reduce.per_group = kern_u32(p, 20);
        if (d->a.reduce.per_group == 0)
            return SGPU_FAULT_BAD_ARGUMENT;
        kern_buf(d, kern_u64(p, 0), 4ull * d->a.reduce.n, false);
        kern_buf(d, kern_u64(p, 8), 4ull * d->grid[0], true);
        *bytes = 4ull * d->a.reduce.per_group;
        *flops = d->a.reduce.per_group;
        return 0;
    case SGPU_K_CONV3X3: {
        if (!two_d)
            return SGPU_FAULT_BAD_ARGUMENT;
        d->a.conv.w = kern_u32(p, 16);
        d->a.conv.h = kern_u32(p, 20);
        for (unsigned i = 0; i < 9; i++)
            d->a.conv.k[i] = kern_f32(p, 24 + 4 * i);
        uint64_t px = (uint64_t)d->a.conv.w * d->a.conv.h;
        if (px > SGPU_MAX_XFER / 4)
            return SGPU_FAULT_OVERSIZE;
        kern_buf(d, kern_u64(p, 0), 4 * px, false);
        kern_buf(d, kern_u64(p, 8), 4 * px, true);
        *bytes = 8 * items;
        *flops = 18 * items;
        return 0;
    }
    case SGPU_K_RASTER: {
        if (!two_d)
            return SGPU_FAULT_BAD_ARGUMENT;
        uint64_t w = kern_u32(p, 8), h = kern_u32(p, 12), stride = kern_u32(p, 16);
        d->a.raster.w = (uint32_t)w;
        d->a.raster.h = (uint32_t)h;
        d->a.raster.stride = (uint32_t)stride;
        /* Vertices within +-2^20 sixteenths keep every edge function
         * product inside 64 bits on every executor. */
        for (unsigned i = 0; i < 6; i++) {
            d->a.raster.xy[i] = (int32_t)kern_u32(p, 20 + 4 * i);
            if (d->a.raster.xy[i] > (1 << 20) || d->a.raster.xy[i] < -(1 << 20))
                return SGPU_FAULT_BAD_ARGUMENT;
        }
        for (unsigned i = 0; i < 3; i++)
            d->a.raster.rgba[i] = kern_u32(p, 44 + 4 * i);
        if (stride % 4 || stride < 4 * w)
            return SGPU_FAULT_BAD_ARGUMENT;
        uint64_t len = (w && h) ? (h - 1) * stride + 4 * w : 0;
        if (len > SGPU_MAX_XFER)
            return SGPU_FAULT_OVERSIZE;
        kern_buf(d, kern_u64(p, 0), len, true);
        *bytes = 4 * items;
        *flops = 30 * items;
        return 0;
    }
    default:
        return SGPU_FAULT_BAD_KERNEL;
    }
}

uint32_t sgpu_kernels_decode(struct sgpu *g, const struct sgpu_cmd *c, struct sgpu_dispatch *d,
                            struct sgpu_xfault *xf)
{
    memset(d, 0, sizeof(*d));
    memset(xf, 0, sizeof(*xf));
    d->kernel = c->w[1];
    for (unsigned i = 0; i < 3; i++) {
        d->grid[i] = c->w[2 + i];
        d->wg[i] = c->w[5 + i];
    }
    d->total_wgs = (uint64_t)d->grid[0] * d->grid[1] * d->grid[2];
    uint64_t args_va = (uint64_t)c->w[8] | (uint64_t)c->w[9] << 32;
    if (d->kernel == 0 || d->kernel >= SGPU_K_COUNT)
        return SGPU_FAULT_BAD_KERNEL;
    if (c->w[10] != kern_args_bytes[d->kernel]) {
        xf->va = c->w[10];
        return SGPU_FAULT_BAD_ARGUMENT;
    }
    uint8_t args[64];
    if (!sgpu_mmu_read(g, args_va, args, c->w[10], xf))
        return xf->code;
    uint64_t bytes = 0, flops = 0;
    uint32_t f = kern_decode_one(d, args, &bytes, &flops);
    if (f) {
        xf->va = args_va;
        return f;
    }
    d->wg_cost_ns = SGPU_T_WG_NS + kern_div_up(bytes, SGPU_T_KBPNS) + kern_div_up(flops, SGPU_T_FLOPNS);
    return 0;
}
