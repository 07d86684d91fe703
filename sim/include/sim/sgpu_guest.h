/* A simulated guest that runs real guest driver code: a workload (a function
 * taking the SGPU environment, guest-frontends/sgpu/include/sgpu/env.h) as a
 * coroutine on the virtual clock. Its register accesses trap through the
 * domain's MMIO handlers exactly like a guest's loads and stores, its memory
 * comes from its domain's RAM, and wait_irq / sleep_until yield to the event
 * loop until the virtual interrupt or the time comes. */
#ifndef SIM_SGPU_GUEST_H
#define SIM_SGPU_GUEST_H
#include "sgpu/env.h"
#include "sim/sim.h"

typedef void (*sim_sgpu_workload_fn)(const struct sgpu_env *env, void *arg);

struct sim_sgpu_guest_stats {
    uint64_t mmio_reads, mmio_writes, mmio_aborts;  /* aborts: nothing mapped */
    uint64_t virqs, waits, timeouts;
};

struct sim_sgpu_guest;
/* The virtual SGPU's page is at reg_ipa, its interrupt is virq; alloc()
 * hands out guest RAM from heap_ipa (in the domain's RAM) upwards. */
struct sim_sgpu_guest *sim_sgpu_guest_create(struct platform_domain *d, const char *name,
                                             uint64_t reg_ipa, uint32_t virq, uint64_t heap_ipa,
                                             uint64_t heap_size, sim_sgpu_workload_fn fn,
                                             void *arg);
/* The workload starts at virtual time `at`. */
void sim_sgpu_guest_start(struct sim_sgpu_guest *g, coproc_time_t at);
/* The workload function has returned. */
bool sim_sgpu_guest_done(const struct sim_sgpu_guest *g);
const struct sim_sgpu_guest_stats *sim_sgpu_guest_stats(const struct sim_sgpu_guest *g);
/* The bump heap of the guest behind env (NULL-safe: 0 / nothing for an env
 * that is not a simulated guest's): bytes handed out, and a release back to
 * an earlier mark, so a repeating guest program can reuse its memory. */
uint64_t sim_sgpu_guest_heap_used(const struct sgpu_env *env);
void sim_sgpu_guest_heap_release(const struct sgpu_env *env, uint64_t mark);
/* Frees the guest; a workload still blocked is abandoned where it stands. */
void sim_sgpu_guest_destroy(struct sim_sgpu_guest *g);
#endif
