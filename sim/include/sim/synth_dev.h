/* The synthetic co-processor model: N slots, each running jobs from a ring
 * in guest memory reached through a stage-2 context, with a configurable
 * preemption granularity and context save/restore costs. Register map in
 * vcoproc-drivers/synthetic/synthetic_regs.h. */
#ifndef SIM_SYNTH_DEV_H
#define SIM_SYNTH_DEV_H
#include "sim/sim.h"

struct synth_dev_config {
    unsigned slots;                /* 1..64 */
    coproc_time_t preempt_granule; /* preemption points every this much job time (0: any time) */
    coproc_time_t save_ns;         /* context save after reaching a preemption point */
    coproc_time_t restore_ns;      /* context load on RUN */
};

/* Register window size (covers 64 slots). */
#define SIM_SYNTH_WINDOW 0x10000ull

struct synth_dev;
struct synth_dev *synth_dev_create(uint64_t pa, uint32_t irq_base, const struct synth_dev_config *cfg);
void synth_dev_destroy(struct synth_dev *d);
/* Device time spent executing jobs (drain included), summed over slots. */
coproc_time_t synth_dev_busy_ns(const struct synth_dev *d);
/* Jobs retired, and device faults (a job ring the slot's stage-2 context
 * cannot reach: a wrong IOMMU programming or a bad guest ring). */
uint64_t synth_dev_jobs(const struct synth_dev *d);
uint64_t synth_dev_faults(const struct synth_dev *d);
/* Starts a new measurement window for busy time and jobs. */
void synth_dev_stats_reset(struct synth_dev *d);
#endif
