/* AES-128-CTR: encrypt a buffer in pieces that continue one keystream,
 * check against the guest's reference, then decrypt on the device with the
 * key loaded again and check the plaintext comes back. */
#include "apps-fpga/ref.h"
#include "apps-fpga/tenant.h"
#include "hw/sfpga_regs.h"

#define AES_DEFAULT_BYTES (256u << 10)

static int aes_stream(struct fpga_slot *s, const struct tenant_params *p, const uint8_t key[16],
                      const uint8_t iv[16], const struct fpga_buf *src,
                      const struct fpga_buf *dst, uint32_t n)
{
    int err = 0;
    for (uint32_t off = 0, i = 0; !err && (off < n || i == 0); i++) {
        uint32_t len = tenant_piece(p, i + 3);
        if (len > n - off)
            len = n - off;
        err = fpga_aes128ctr(s, i ? 0 : key, i ? 0 : iv, src, off, dst, off, len);
        off += len;
    }
    return err;
}

int tenant_aes(struct fpga_slot *s, const struct tenant_params *p, struct tenant_result *r)
{
    tenant_begin(s, r, "aes", p);
    uint32_t n = p && p->bytes ? p->bytes : AES_DEFAULT_BYTES;
    uint32_t seed = p ? p->seed : 0;
    struct fpga_buf pt, ct, back, ref;
    int err = fpga_buf_alloc(s, n, &pt);
    if (!err)
        err = fpga_buf_alloc(s, n, &ct);
    if (!err)
        err = fpga_buf_alloc(s, n, &back);
    if (!err)
        err = fpga_buf_alloc(s, n, &ref);
    if (!err)
        err = fpga_load_accel(s, SFPGA_ACCEL_AES128CTR, 0, tenant_bs_size(p));
    for (uint32_t round = 0; !err && round < r->rounds; round++) {
        uint8_t kv[32];
        tenant_fill(kv, sizeof kv, seed * 7 + round + 1);
        if (round == 1) /* a counter about to carry through every byte */
            for (int i = 8; i < 32; i++)
                kv[i] = 0xff;
        tenant_fill(pt.cpu, n, seed + round);
        uint64_t t0 = tenant_now(s);
        err = aes_stream(s, p, kv, kv + 16, &pt, &ct, n);
        if (!err)
            err = aes_stream(s, p, kv, kv + 16, &ct, &back, n);
        r->ns += tenant_now(s) - t0;
        if (err)
            break;
        if (p && p->corrupt)
            ct.cpu[round % n] ^= 1;
        struct ref_aes128ctr rc;
        ref_aes128ctr_init(&rc, kv, kv + 16);
        ref_aes128ctr_crypt(&rc, pt.cpu, ref.cpu, n);
        if (fpga_mem_cmp(ct.cpu, ref.cpu, n) || fpga_mem_cmp(back.cpu, pt.cpu, n))
            r->ok = false;
    }
    tenant_end(s, r, err);
    return tenant_status(r);
}
