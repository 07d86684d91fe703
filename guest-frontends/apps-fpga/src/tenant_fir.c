/* FIR filtering of an int16 signal in pieces (the history carries across
 * jobs), taps loaded once, checked against the guest's reference. The taps
 * have a DC gain near 2, so loud input saturates: that path is checked too. */
#include "apps-fpga/ref.h"
#include "apps-fpga/tenant.h"
#include "hw/sfpga_regs.h"

#define FIR_DEFAULT_BYTES (128u << 10)
#define FIR_TAPS 33u

int tenant_fir(struct fpga_slot *s, const struct tenant_params *p, struct tenant_result *r)
{
    tenant_begin(s, r, "fir", p);
    uint32_t n = p && p->bytes ? p->bytes & ~1u : FIR_DEFAULT_BYTES;
    uint32_t seed = p ? p->seed : 0;
    if (!n)
        n = 2;
    struct fpga_buf taps, in, out, ref;
    int err = fpga_buf_alloc(s, 2 * FIR_TAPS, &taps);
    if (!err)
        err = fpga_buf_alloc(s, n, &in);
    if (!err)
        err = fpga_buf_alloc(s, n, &out);
    if (!err)
        err = fpga_buf_alloc(s, n, &ref);
    if (!err)
        err = fpga_load_accel(s, SFPGA_ACCEL_FIR, 0, tenant_bs_size(p));
    int16_t h[FIR_TAPS];
    for (unsigned k = 0; k < FIR_TAPS; k++) { /* triangle, peak at the middle, one negative tap */
        int d = (int)k - (int)FIR_TAPS / 2;
        h[k] = (int16_t)(k == 3 ? -1200 : 3900 - 230 * (d < 0 ? -d : d));
        taps.cpu[2 * k] = (uint8_t)(uint16_t)h[k];
        taps.cpu[2 * k + 1] = (uint8_t)((uint16_t)h[k] >> 8);
    }
    for (uint32_t round = 0; !err && round < r->rounds; round++) {
        tenant_fill(in.cpu, n, seed + round);
        uint64_t t0 = tenant_now(s);
        for (uint32_t off = 0, i = 0; !err && (off < n || i == 0); i++) {
            uint32_t len = tenant_piece(p, i + 1) & ~1u;
            if (len > n - off)
                len = n - off;
            err = fpga_fir(s, i == 0 ? &taps : 0, 0, FIR_TAPS, i == 0, &in, off, &out, off,
                           len / 2);
            off += len;
        }
        r->ns += tenant_now(s) - t0;
        if (err)
            break;
        if (p && p->corrupt)
            out.cpu[round % n] ^= 1;
        struct ref_fir rf;
        ref_fir_init(&rf, h, FIR_TAPS);
        ref_fir_run(&rf, in.cpu, ref.cpu, n / 2);
        if (fpga_mem_cmp(out.cpu, ref.cpu, n))
            r->ok = false;
    }
    tenant_end(s, r, err);
    return tenant_status(r);
}
