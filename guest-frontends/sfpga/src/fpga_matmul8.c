/* int8 matrix multiply jobs: one job per product, A = SRC, B by PARAM3/4,
 * C = DST (int32, 4-byte aligned). */
#include "fpga_priv.h"

int fpga_matmul8(struct fpga_slot *s, const struct fpga_buf *a, const struct fpga_buf *b,
                 const struct fpga_buf *c, uint32_t m, uint32_t n, uint32_t k)
{
    int err = fpga_job_need_accel(s, SFPGA_ACCEL_MATMUL8);
    if (err)
        return err;
    if (m < 1 || m > 512 || n < 1 || n > 512 || k < 1 || k > 512)
        return fpga_slot_fail(s, FPGA_E_RANGE, "matmul8", "dimension not in 1..512, m*n*k",
                              (uint64_t)m * n * k);
    if ((err = fpga_job_check_span(s, "matmul8 A", a, 0, (size_t)m * k)) ||
        (err = fpga_job_check_span(s, "matmul8 B", b, 0, (size_t)k * n)) ||
        (err = fpga_job_check_span(s, "matmul8 C", c, 0, (size_t)m * n * 4)))
        return err;
    if (fpga_job_misaligned(c, 0, 4)) /* int32 results */
        return fpga_slot_fail(s, FPGA_E_ALIGN, "matmul8", "C not 4-byte aligned", c->ipa);
    struct fpga_job j = { .src = a->ipa, .dst = c->ipa };
    j.param[0] = m;
    j.param[1] = n;
    j.param[2] = k;
    j.param[3] = (uint32_t)b->ipa;
    j.param[4] = (uint32_t)(b->ipa >> 32);
    if ((err = fpga_job_run(s, &j)))
        return err;
    s->job_bytes += (uint64_t)m * k + (uint64_t)k * n; /* LEN is ignored: count A and B */
    return FPGA_OK;
}
