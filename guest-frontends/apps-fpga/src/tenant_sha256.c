/* Streaming SHA-256 over a long buffer, fed to the device in pieces of
 * awkward sizes (or p->chunk), checked against the guest's reference. */
#include "apps-fpga/ref.h"
#include "apps-fpga/tenant.h"
#include "hw/sfpga_regs.h"

#define SHA_DEFAULT_BYTES (1u << 20)

int tenant_sha256(struct fpga_slot *s, const struct tenant_params *p, struct tenant_result *r)
{
    tenant_begin(s, r, "sha256", p);
    uint32_t n = p && p->bytes ? p->bytes : SHA_DEFAULT_BYTES;
    uint32_t seed = p ? p->seed : 0;
    struct fpga_buf in;
    int err = fpga_buf_alloc(s, n, &in);
    if (!err)
        err = fpga_load_accel(s, SFPGA_ACCEL_SHA256, 0, tenant_bs_size(p));
    for (uint32_t round = 0; !err && round < r->rounds; round++) {
        tenant_fill(in.cpu, n, seed + round);
        uint8_t dev[32], ref[32];
        struct fpga_sha256 c;
        uint64_t t0 = tenant_now(s);
        err = fpga_sha256_begin(&c, s);
        for (uint32_t off = 0, i = 0; !err && off < n; i++) {
            uint32_t len = tenant_piece(p, i);
            if (len > n - off)
                len = n - off;
            err = fpga_sha256_update(&c, &in, off, len);
            off += len;
        }
        if (!err)
            err = fpga_sha256_final(&c, dev);
        r->ns += tenant_now(s) - t0;
        if (err)
            break;
        if (p && p->corrupt)
            dev[round % 32] ^= 1;
        struct ref_sha256 rc;
        ref_sha256_init(&rc);
        ref_sha256_update(&rc, in.cpu, n);
        ref_sha256_final(&rc, ref);
        if (fpga_mem_cmp(dev, ref, 32))
            r->ok = false;
    }
    tenant_end(s, r, err);
    return tenant_status(r);
}
