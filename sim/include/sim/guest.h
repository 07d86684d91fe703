/* A simulated guest front-end: drives one virtual synthetic co-processor
 * through its trapped registers, exactly as a native driver would: writes
 * jobs into a ring in its RAM, submits by writing TAIL, and retires jobs on
 * the virtual interrupt. Its job streams come from the scenario. */
#ifndef SIM_GUEST_H
#define SIM_GUEST_H
#include "sim/scenario.h"
#include "sim/sim.h"

struct sim_guest_stats {
    uint64_t submitted, completed, dropped;   /* dropped: ring full */
    uint64_t deadline_jobs, misses;           /* seen by the guest (IRQ time) */
    uint64_t work_ns;                         /* summed cost of completed jobs */
    uint64_t virqs, mmio_errors;
};

struct sim_guest;
/* reg_ipa/virq: where the virtual device is; the ring goes into RAM. */
struct sim_guest *sim_guest_create(struct platform_domain *d, uint64_t reg_ipa, uint32_t virq,
                                   const struct sim_vcoproc_cfg *cfg);
/* Programs the ring and schedules the streams from now on. */
int sim_guest_start(struct sim_guest *g);
void sim_guest_stop(struct sim_guest *g);
void sim_guest_destroy(struct sim_guest *g);
const struct sim_guest_stats *sim_guest_stats(const struct sim_guest *g);
void sim_guest_stats_reset(struct sim_guest *g);
/* Submits one job now (for tests); false when the ring is full. */
bool sim_guest_submit(struct sim_guest *g, coproc_time_t cost, coproc_time_t deadline);
#endif
