/* int8 matrix multiply C = A x B with non-square shapes, checked against
 * the guest's reference element by element. */
#include "apps-fpga/ref.h"
#include "apps-fpga/tenant.h"
#include "hw/sfpga_regs.h"

#define MM_DEFAULT_DIM 64u

static uint32_t clamp_dim(uint32_t v) { return v < 1 ? 1 : v > 512 ? 512 : v; }

int tenant_matmul(struct fpga_slot *s, const struct tenant_params *p, struct tenant_result *r)
{
    tenant_begin(s, r, "matmul", p);
    uint32_t dim = p && p->dim ? p->dim : MM_DEFAULT_DIM;
    uint32_t m = clamp_dim(dim), k = clamp_dim(dim + 1), n = clamp_dim(dim / 2 + 3);
    uint32_t seed = p ? p->seed : 0;
    struct fpga_buf a, b, c, ref;
    int err = fpga_buf_alloc(s, (size_t)m * k, &a);
    if (!err)
        err = fpga_buf_alloc(s, (size_t)k * n, &b);
    if (!err)
        err = fpga_buf_alloc(s, (size_t)m * n * 4, &c);
    if (!err)
        err = fpga_buf_alloc(s, (size_t)m * n * 4, &ref);
    if (!err)
        err = fpga_load_accel(s, SFPGA_ACCEL_MATMUL8, 0, tenant_bs_size(p));
    for (uint32_t round = 0; !err && round < r->rounds; round++) {
        tenant_fill(a.cpu, a.size, seed + round);
        tenant_fill(b.cpu, b.size, seed + round + 1000);
        if (round == 0) /* the extremes: -128 x -128 summed k times */
            for (uint32_t i = 0; i < k; i++)
                a.cpu[i] = b.cpu[(size_t)i * n] = 0x80;
        uint64_t t0 = tenant_now(s);
        err = fpga_matmul8(s, &a, &b, &c, m, n, k);
        r->ns += tenant_now(s) - t0;
        if (err)
            break;
        if (p && p->corrupt)
            c.cpu[4 * (round % (m * n))] ^= 1;
        ref_matmul8((const int8_t *)a.cpu, (const int8_t *)b.cpu, (int32_t *)ref.cpu, m, n, k);
        for (size_t i = 0; i < (size_t)m * n; i++) {
            uint32_t v = (uint32_t)c.cpu[4 * i] | (uint32_t)c.cpu[4 * i + 1] << 8 |
                         (uint32_t)c.cpu[4 * i + 2] << 16 | (uint32_t)c.cpu[4 * i + 3] << 24;
            if ((int32_t)v != ((int32_t *)ref.cpu)[i]) {
                r->ok = false;
                break;
            }
        }
    }
    tenant_end(s, r, err);
    return tenant_status(r);
}
