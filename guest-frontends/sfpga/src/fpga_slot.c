/* Opening a slot: probe the register window, put the slot's interrupts in
 * a known state, and the interrupt wait every other file uses. */
#include "fpga_priv.h"

#define LOAD_IRQS (SFPGA_PIRQ_LOAD_DONE | SFPGA_PIRQ_LOAD_ERROR | SFPGA_PIRQ_CMD_ERROR)
#define FUNC_IRQS (SFPGA_IRQ_DONE | SFPGA_IRQ_ERROR)

int fpga_slot_fail(struct fpga_slot *s, int err, const char *what, const char *why, uint64_t code)
{
    struct fpga_line l;
    fpga_line_init(&l);
    fpga_line_str(&l, "sfpga: ");
    fpga_line_str(&l, what);
    fpga_line_str(&l, ": ");
    fpga_line_str(&l, why);
    fpga_line_str(&l, " (");
    fpga_line_u64(&l, code);
    fpga_line_str(&l, ")");
    fpga_line_emit(&l, &s->env);
    return err;
}

uint32_t fpga_slot_wait_bits(struct fpga_slot *s, uint32_t off, uint32_t bits, uint64_t deadline)
{
    for (;;) {
        uint32_t v = fpga_rd(s, off) & bits;
        if (v)
            return v;
        if (fpga_now(s) >= deadline)
            return 0;
        s->irq_waits++;
        if (!s->env.ops->wait_irq(s->env.ctx, deadline))
            return fpga_rd(s, off) & bits; /* the completion may race the deadline */
    }
}

void fpga_slot_refresh(struct fpga_slot *s)
{
    s->accel_id = fpga_rd(s, SFPGA_F_ACCEL_ID);
    s->accel_version = fpga_rd(s, SFPGA_F_ACCEL_VERSION);
}

int fpga_slot_reset(struct fpga_slot *s)
{
    if (!s || !s->env.ops)
        return FPGA_E_ARG;
    uint32_t st = fpga_rd(s, SFPGA_F_STATUS);
    if (st == SFPGA_JOB_BUSY) {
        /* Abort ends the job with ERROR; wait so no late DONE surprises the next job. */
        fpga_wr(s, SFPGA_F_IRQ_CLEAR, FUNC_IRQS);
        fpga_wr(s, SFPGA_F_CTRL, SFPGA_CTRL_ABORT);
        if (!fpga_slot_wait_bits(s, SFPGA_F_IRQ_STATUS, FUNC_IRQS, fpga_now(s) + s->timeout_ns))
            return fpga_slot_fail(s, FPGA_E_TIMEOUT, "reset", "running job did not stop", st);
    }
    fpga_wr(s, SFPGA_F_IRQ_CLEAR, FUNC_IRQS);
    fpga_wr(s, SFPGA_F_IRQ_MASK, FUNC_IRQS);
    if (s->has_load_page) {
        fpga_wr(s, FPGA_LOAD_PAGE + SFPGA_P_IRQ_CLEAR, LOAD_IRQS);
        fpga_wr(s, FPGA_LOAD_PAGE + SFPGA_P_IRQ_MASK, LOAD_IRQS);
    }
    fpga_slot_refresh(s);
    return FPGA_OK;
}

int fpga_slot_open(struct fpga_slot *s, const struct sgpu_env *env, unsigned flags)
{
    if (!s || !env || !env->ops)
        return FPGA_E_ARG;
    const struct sgpu_env_ops *o = env->ops;
    if (!o->read32 || !o->write32 || !o->alloc || !o->wait_irq || !o->now_ns)
        return FPGA_E_ARG;
    fpga_mem_set(s, 0, sizeof *s);
    s->env = *env;
    s->timeout_ns = FPGA_DEFAULT_TIMEOUT_NS;
    s->has_load_page = !(flags & FPGA_OPEN_NO_LOAD_PAGE);

    /* A slot shows a known accelerator id, a job state 0..3, and keeps
     * what is written to IRQ_MASK; anything else is not a slot. */
    uint32_t id = fpga_rd(s, SFPGA_F_ACCEL_ID), st = fpga_rd(s, SFPGA_F_STATUS);
    if (id >= SFPGA_ACCEL_COUNT)
        return fpga_slot_fail(s, FPGA_E_NODEV, "open", "ACCEL_ID out of range", id);
    if (st > SFPGA_JOB_FAULT)
        return fpga_slot_fail(s, FPGA_E_NODEV, "open", "STATUS out of range", st);
    fpga_wr(s, SFPGA_F_IRQ_MASK, FUNC_IRQS);
    uint32_t mask = fpga_rd(s, SFPGA_F_IRQ_MASK);
    if (mask != FUNC_IRQS)
        return fpga_slot_fail(s, FPGA_E_NODEV, "open", "IRQ_MASK does not keep its value", mask);
    if (s->has_load_page) {
        uint32_t state = fpga_rd(s, FPGA_LOAD_PAGE + SFPGA_P_STATE);
        if (state > SFPGA_SLOT_PREEMPTED)
            return fpga_slot_fail(s, FPGA_E_NODEV, "open", "load page STATE out of range", state);
    }
    return fpga_slot_reset(s);
}
