/* CRC32C running over a buffer in pieces (INIT on the first), checked
 * against the guest's bitwise reference. */
#include "apps-fpga/ref.h"
#include "apps-fpga/tenant.h"
#include "hw/sfpga_regs.h"

#define CRC_DEFAULT_BYTES (1u << 20)

int tenant_crc32c(struct fpga_slot *s, const struct tenant_params *p, struct tenant_result *r)
{
    tenant_begin(s, r, "crc32c", p);
    uint32_t n = p && p->bytes ? p->bytes : CRC_DEFAULT_BYTES;
    uint32_t seed = p ? p->seed : 0;
    struct fpga_buf in;
    int err = fpga_buf_alloc(s, n, &in);
    if (!err)
        err = fpga_load_accel(s, SFPGA_ACCEL_CRC32C, 0, tenant_bs_size(p));
    for (uint32_t round = 0; !err && round < r->rounds; round++) {
        tenant_fill(in.cpu, n, seed + round);
        uint32_t crc = 0;
        uint64_t t0 = tenant_now(s);
        for (uint32_t off = 0, i = 0; !err && (off < n || i == 0); i++) {
            uint32_t len = tenant_piece(p, i + 5);
            if (len > n - off)
                len = n - off;
            err = fpga_crc32c(s, i == 0, &in, off, len, &crc);
            off += len;
        }
        r->ns += tenant_now(s) - t0;
        if (err)
            break;
        if (p && p->corrupt)
            crc ^= 1u << (round % 32);
        if (crc != ~ref_crc32c_update(~0u, in.cpu, n))
            r->ok = false;
    }
    tenant_end(s, r, err);
    return tenant_status(r);
}
