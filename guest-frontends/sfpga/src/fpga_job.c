/* Raw accelerator jobs: program the latched job registers, START, wait for
 * DONE or ERROR on the slot's interrupt, turn a fault into an error. */
#include "fpga_priv.h"

#define FUNC_IRQS (SFPGA_IRQ_DONE | SFPGA_IRQ_ERROR)

static int job_fault(struct fpga_slot *s, const char *what)
{
    s->last_fault = fpga_rd(s, SFPGA_F_FAULT_CODE);
    s->last_fault_addr = fpga_rd(s, SFPGA_F_FAULT_ADDR_LO) |
                         (uint64_t)fpga_rd(s, SFPGA_F_FAULT_ADDR_HI) << 32;
    fpga_wr(s, SFPGA_F_IRQ_CLEAR, FUNC_IRQS);
    s->job_active = false;
    struct fpga_line l;
    fpga_line_init(&l);
    fpga_line_str(&l, "sfpga: ");
    fpga_line_str(&l, fpga_accel_name(s->accel_id));
    fpga_line_str(&l, " job ");
    fpga_line_str(&l, what);
    fpga_line_str(&l, ": ");
    fpga_line_str(&l, fpga_fault_name(s->last_fault));
    fpga_line_str(&l, " (");
    fpga_line_u64(&l, s->last_fault);
    fpga_line_str(&l, ") at ");
    fpga_line_hex(&l, s->last_fault_addr);
    fpga_line_emit(&l, &s->env);
    return s->last_fault == SFPGA_FAULT_BUSY ? FPGA_E_BUSY : FPGA_E_FAULT;
}

int fpga_job_start(struct fpga_slot *s, const struct fpga_job *j)
{
    if (!s || !j)
        return FPGA_E_ARG;
    fpga_wr(s, SFPGA_F_IRQ_CLEAR, FUNC_IRQS); /* a DONE seen later is this job's */
    fpga_wr(s, SFPGA_F_SRC_LO, (uint32_t)j->src);
    fpga_wr(s, SFPGA_F_SRC_HI, (uint32_t)(j->src >> 32));
    fpga_wr(s, SFPGA_F_DST_LO, (uint32_t)j->dst);
    fpga_wr(s, SFPGA_F_DST_HI, (uint32_t)(j->dst >> 32));
    fpga_wr(s, SFPGA_F_LEN, j->len);
    fpga_wr(s, SFPGA_F_FLAGS, j->flags);
    for (unsigned i = 0; i < 8; i++)
        fpga_wr(s, SFPGA_F_PARAM(i), j->param[i]);
    uint64_t t0 = fpga_now(s);
    fpga_wr(s, SFPGA_F_CTRL, SFPGA_CTRL_START);
    /* A refusal is known at once: no accelerator or bad parameters (the job
     * ends in FAULT), or a job still running (it goes on, and stays ours). */
    if (fpga_rd(s, SFPGA_F_IRQ_STATUS) & SFPGA_IRQ_ERROR) {
        if (fpga_rd(s, SFPGA_F_FAULT_CODE) == SFPGA_FAULT_BUSY) {
            bool active = s->job_active;
            int err = job_fault(s, "refused");
            s->job_active = active;
            return err;
        }
        if (fpga_rd(s, SFPGA_F_STATUS) == SFPGA_JOB_FAULT)
            return job_fault(s, "refused");
    }
    s->job_t0 = t0;
    s->job_len = j->len;
    s->job_active = true;
    return FPGA_OK;
}

int fpga_job_wait(struct fpga_slot *s)
{
    if (!s || !s->job_active)
        return FPGA_E_ARG;
    uint32_t bits = fpga_slot_wait_bits(s, SFPGA_F_IRQ_STATUS, FUNC_IRQS,
                                        s->job_t0 + s->timeout_ns);
    if (!bits) {
        /* Abort so the slot is free again; the abort's ERROR is ours to clear. */
        fpga_wr(s, SFPGA_F_CTRL, SFPGA_CTRL_ABORT);
        fpga_slot_wait_bits(s, SFPGA_F_IRQ_STATUS, FUNC_IRQS, fpga_now(s) + s->timeout_ns);
        fpga_wr(s, SFPGA_F_IRQ_CLEAR, FUNC_IRQS);
        s->job_active = false;
        return fpga_slot_fail(s, FPGA_E_TIMEOUT, fpga_accel_name(s->accel_id),
                              "job did not end (aborted), timeout ns", s->timeout_ns);
    }
    if (bits & SFPGA_IRQ_ERROR)
        return job_fault(s, "failed");
    fpga_wr(s, SFPGA_F_IRQ_CLEAR, FUNC_IRQS);
    s->job_active = false;
    s->jobs++;
    s->job_bytes += s->job_len;
    s->job_ns += fpga_now(s) - s->job_t0;
    return FPGA_OK;
}

int fpga_job_run(struct fpga_slot *s, const struct fpga_job *j)
{
    int err = fpga_job_start(s, j);
    return err ? err : fpga_job_wait(s);
}

uint32_t fpga_job_result(struct fpga_slot *s, unsigned i)
{
    return s && i < 16 ? fpga_rd(s, SFPGA_F_RESULT(i)) : 0;
}

/* ---- helpers of the accelerator calls ----
 * Each accelerator call checks that the slot holds its accelerator and that
 * every buffer range lies inside its buffer, so a mistake is named here
 * instead of surfacing as a DMA fault (or worse, as a DMA that hits other
 * data). */

int fpga_job_check_span(struct fpga_slot *s, const char *what, const struct fpga_buf *b,
                        size_t off, size_t len)
{
    if (!b || !b->cpu)
        return fpga_slot_fail(s, FPGA_E_ARG, what, "no buffer", 0);
    if (off > b->size || len > b->size - off)
        return fpga_slot_fail(s, FPGA_E_RANGE, what, "range runs past the buffer end, bytes",
                              (uint64_t)off + len);
    return FPGA_OK;
}

int fpga_job_need_accel(struct fpga_slot *s, unsigned id)
{
    if (!s)
        return FPGA_E_ARG;
    if (s->accel_id != id)
        return fpga_slot_fail(s, FPGA_E_ACCEL, fpga_accel_name(id),
                              "slot holds another accelerator, id", s->accel_id);
    return FPGA_OK;
}

uint32_t fpga_job_piece(size_t left)
{
    return left > FPGA_JOB_MAX_LEN ? FPGA_JOB_MAX_LEN : (uint32_t)left;
}

bool fpga_job_misaligned(const struct fpga_buf *b, size_t off, uint64_t align)
{
    return ((b->ipa + off) & (align - 1)) || ((uintptr_t)(b->cpu + off) & (align - 1));
}

