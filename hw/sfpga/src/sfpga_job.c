/* A slot's accelerator job: start, the chunk loop on model time, preemption
 * points, abort and faults. A chunk's work (DMA and computation) happens at
 * the chunk's end time, so memory changes when the model says it does. */
#include <string.h>

#include "sfpga_internal.h"

static uint32_t job_reg(const struct sfpga_slot *s, uint32_t off)
{
    return hw_reg_load32(s->fpage, off);
}

static void job_latch(struct sfpga_slot *s)
{
    s->job.src = job_reg(s, SFPGA_F_SRC_LO) | (uint64_t)job_reg(s, SFPGA_F_SRC_HI) << 32;
    s->job.dst = job_reg(s, SFPGA_F_DST_LO) | (uint64_t)job_reg(s, SFPGA_F_DST_HI) << 32;
    s->job.len = job_reg(s, SFPGA_F_LEN);
    s->job.flags = job_reg(s, SFPGA_F_FLAGS);
    for (int i = 0; i < 8; i++)
        s->job.param[i] = job_reg(s, SFPGA_F_PARAM(i));
}

/* The translation regime is latched too: the hypervisor changes a slot's
 * stage 2 only while the slot is idle or preempted. */
static void job_latch_s2(struct sfpga_slot *s)
{
    s->s2_enable = hw_reg_load32(s->ppage, SFPGA_P_S2_CTRL) & 1;
    s->s2_root = hw_reg_load64(s->ppage, SFPGA_P_S2_ROOT_LO);
    s->vmid = (uint16_t)hw_reg_load32(s->ppage, SFPGA_P_VMID);
}

void sfpga_job_fault(struct sfpga_slot *s, unsigned code, uint64_t addr)
{
    s->job_status = SFPGA_JOB_FAULT;
    s->fault_code = code;
    s->fault_addr = addr;
    sfpga_raise_func(s, SFPGA_IRQ_ERROR);
    s->pfault_code = code;
    s->pfault_addr = addr;
    s->pfault_vmid = s->vmid;
    sfpga_raise_priv(s, SFPGA_PIRQ_FAULT);
    sfpga_log(s->dev, "sfpga: slot %u (vmid %u) %s job fault %u at 0x%llx", s->index, s->vmid,
              s->accel ? s->accel->name : "empty", code, (unsigned long long)addr);
}

static uint64_t job_chunk_ns(const struct sfpga_slot *s)
{
    uint32_t left = s->total_units - s->progress;
    uint32_t n = left < s->accel->chunk_units ? left : s->accel->chunk_units;
    return sfpga_ps_to_ns(s->accel->cost_ps(s, n)) * s->dev->job_scale;
}

void sfpga_job_start(struct sfpga_slot *s, uint64_t now)
{
    if (s->state == SFPGA_SLOT_BUSY || s->state == SFPGA_SLOT_PREEMPTED) {
        /* The running job goes on; the refused start is reported. */
        s->fault_code = SFPGA_FAULT_BUSY;
        sfpga_raise_func(s, SFPGA_IRQ_ERROR);
        return;
    }
    if (s->state != SFPGA_SLOT_IDLE || !s->accel) {
        s->vmid = (uint16_t)hw_reg_load32(s->ppage, SFPGA_P_VMID);
        sfpga_job_fault(s, SFPGA_FAULT_NO_ACCEL, 0);
        return;
    }
    job_latch(s);
    job_latch_s2(s);
    s->progress = 0;
    s->fault_code = SFPGA_FAULT_NONE;
    s->fault_addr = 0;
    unsigned f = s->accel->start(s);
    if (f != SFPGA_FAULT_NONE) {
        sfpga_job_fault(s, f, f == SFPGA_FAULT_BAD_PARAM ? 0 : s->fault_addr);
        return;
    }
    s->total_units = s->accel->total_units(s);
    s->state = SFPGA_SLOT_BUSY;
    s->job_status = SFPGA_JOB_BUSY;
    s->preempt_pending = false;
    s->chunk_start = now;
    s->chunk_end = now + SFPGA_JOB_SETUP_NS + job_chunk_ns(s);
}

void sfpga_job_abort(struct sfpga_slot *s)
{
    if (s->state != SFPGA_SLOT_BUSY && s->state != SFPGA_SLOT_PREEMPTED)
        return; /* nothing runs: an abort is a no-op */
    s->state = SFPGA_SLOT_IDLE;
    s->job_status = SFPGA_JOB_FAULT;
    s->fault_code = SFPGA_FAULT_ABORTED;
    s->fault_addr = 0;
    sfpga_raise_func(s, SFPGA_IRQ_ERROR);
    if (s->preempt_pending) { /* the hypervisor waits for this */
        s->preempt_pending = false;
        s->cmd_status = SFPGA_ST_OK;
        sfpga_raise_priv(s, SFPGA_PIRQ_PREEMPTED);
    }
}

void sfpga_job_resume(struct sfpga_slot *s, uint64_t now)
{
    job_latch_s2(s);
    s->state = SFPGA_SLOT_BUSY;
    s->preempt_pending = false;
    s->chunk_start = now;
    s->chunk_end = now + SFPGA_JOB_SETUP_NS + job_chunk_ns(s);
}

/* Ends the job at time t (done or faulted), answering a pending preempt. */
static void job_end(struct sfpga_slot *s, unsigned fault)
{
    s->state = SFPGA_SLOT_IDLE;
    if (fault != SFPGA_FAULT_NONE) {
        sfpga_job_fault(s, fault, s->fault_addr);
    } else {
        s->job_status = SFPGA_JOB_DONE;
        sfpga_raise_func(s, SFPGA_IRQ_DONE);
        s->jobs++;
    }
    if (s->preempt_pending) {
        s->preempt_pending = false;
        s->cmd_status = SFPGA_ST_OK;
        sfpga_raise_priv(s, SFPGA_PIRQ_PREEMPTED);
    }
}

void sfpga_job_run(struct sfpga_slot *s, uint64_t now)
{
    while (s->state == SFPGA_SLOT_BUSY && s->chunk_end <= now) {
        uint64_t t = s->chunk_end;
        s->busy_ns += t - s->chunk_start;
        if (s->progress < s->total_units) {
            uint32_t left = s->total_units - s->progress;
            uint32_t n = left < s->accel->chunk_units ? left : s->accel->chunk_units;
            unsigned f = s->accel->run(s, s->progress, n);
            if (f != SFPGA_FAULT_NONE) {
                job_end(s, f);
                return;
            }
            s->progress += n;
            /* A host slower than the cost model: the slot's time slips to
             * the host clock (hw_model_env.clock), so the chunks due before
             * `now` stay few and a command is seen within one chunk. */
            if (s->dev->clock) {
                uint64_t real = s->dev->clock(s->dev->clock_ctx);
                if (real > t) {
                    s->busy_ns += real - t;
                    t = real;
                }
            }
        }
        if (s->progress == s->total_units) {
            job_end(s, s->accel->finish(s));
            return;
        }
        if (s->preempt_pending) {
            s->preempt_pending = false;
            s->state = SFPGA_SLOT_PREEMPTED;
            s->cmd_status = SFPGA_ST_OK;
            sfpga_raise_priv(s, SFPGA_PIRQ_PREEMPTED);
            return;
        }
        s->chunk_start = t;
        s->chunk_end = t + job_chunk_ns(s);
    }
}

/* Function page back to its reset values (a load, unload or slot reset). */
void sfpga_job_clear_regs(struct sfpga_slot *s)
{
    memset(s->fpage, 0, SFPGA_F_SNAPSHOT_BYTES);
    s->job_status = SFPGA_JOB_IDLE;
    s->irq_status = s->irq_signalled = 0;
    s->fault_code = 0;
    s->fault_addr = 0;
    s->progress = 0;
    memset(s->result, 0, sizeof s->result);
    memset(&s->job, 0, sizeof s->job);
    s->total_units = 0;
    s->preempt_pending = false;
}
