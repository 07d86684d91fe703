/* The hosted simulator: a discrete-event virtual clock plus everything the
 * platform interface (coproc/include/coproc/platform.h) needs, in one Linux
 * process. Deterministic: events at equal times run in scheduling order, and
 * the only randomness is sim_rand() from the seed. */
#ifndef SIM_SIM_H
#define SIM_SIM_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "coproc/platform.h"

/* ---- virtual clock and events (sim/event.c) ---- */
typedef void (*sim_event_fn)(void *arg);
struct sim_event;
/* Forgets all events and restarts time at 0 with a new seed. */
void sim_init(uint64_t seed);
coproc_time_t sim_now(void);
/* A reusable event (for timers); not scheduled until sim_event_at. */
struct sim_event *sim_event_new(sim_event_fn fn, void *arg);
void sim_event_at(struct sim_event *e, coproc_time_t when);
void sim_event_cancel(struct sim_event *e);
void sim_event_free(struct sim_event *e);
bool sim_event_pending(const struct sim_event *e);
/* A one-shot event, freed after it runs. */
void sim_call_at(coproc_time_t when, sim_event_fn fn, void *arg);
/* Runs every event due at or before `until`, then sets the clock to until. */
void sim_run_until(coproc_time_t until);
/* Runs events until none is left or `limit` is reached; returns events run. */
uint64_t sim_run_all(coproc_time_t limit);
uint64_t sim_events_run(void);
uint64_t sim_rand(void);

/* ---- domains and guest memory (sim/domain.c) ---- */
#define SIM_RAM_BASE 0x40000000ull
struct platform_domain *sim_domain_create(const char *name, uint64_t ram_size);
void sim_domain_destroy(struct platform_domain *d);
typedef void (*sim_virq_fn)(void *arg, uint32_t virq);
void sim_domain_on_virq(struct platform_domain *d, sim_virq_fn fn, void *arg);
/* A guest's MMIO access: false when nothing is mapped there (abort). */
bool sim_guest_mmio_read(struct platform_domain *d, uint64_t ipa, unsigned size, uint64_t *val);
bool sim_guest_mmio_write(struct platform_domain *d, uint64_t ipa, unsigned size, uint64_t val);
/* Host pointer to guest RAM [ipa, ipa+len), or NULL. */
void *sim_domain_ram(struct platform_domain *d, uint64_t ipa, uint64_t len);
/* The domain whose stage-2 context is (root, vmid), or NULL: what a device
 * model's IOMMU resolves. */
struct platform_domain *sim_domain_by_s2(uint64_t root, uint16_t vmid);
uint64_t sim_domain_virqs(const struct platform_domain *d);
/* Machine PA where the domain's RAM (IPA SIM_RAM_BASE) lives. */
uint64_t sim_domain_ram_pa(const struct platform_domain *d);
unsigned sim_domain_count(void);

/* ---- physical devices (sim/platform.c) ---- */
struct sim_iomem_ops {
    uint32_t (*read32)(void *priv, uint64_t off);
    void (*write32)(void *priv, uint64_t off, uint32_t val);
};
int sim_iomem_register(uint64_t pa, uint64_t size, const struct sim_iomem_ops *ops, void *priv);
void sim_iomem_unregister(uint64_t pa);
/* Raises physical interrupt irq; delivered from the event loop, never inside
 * the caller (which may be a register access made with a lock held). */
void sim_irq_raise(uint32_t irq);

/* ---- logging and tracing (sim/platform.c) ---- */
/* Messages at or above `level` (PLATFORM_LOG_*) go to stderr. */
void sim_log_level(int level);
/* The most recent error message (for tests), "" when none; cleared by
 * sim_log_clear. */
const char *sim_log_last_error(void);
void sim_log_clear(void);
/* Every error message since sim_log_clear, joined by "; " (bounded). */
const char *sim_log_error_text(void);
uint64_t sim_log_errors(void);
/* Messages logged at exactly `level` since start (any level, shown or not). */
uint64_t sim_log_count(int level);
/* Trace lines go to f (NULL: none). */
void sim_trace_to(FILE *f);
/* Writes one trace line for ev (also used by tests). */
void sim_trace_format(FILE *f, const struct coproc_trace_event *ev);
/* Number of lock acquisitions that found the lock already held (a bug). */
uint64_t sim_lock_errors(void);

/* ---- device-tree nodes (sim/dt.c) ---- */
struct platform_dt_node *sim_dt_node_new(const char *name);
void sim_dt_node_free(struct platform_dt_node *n);
/* Sets property `prop` to the text `val` (numbers as in "0x10 16", strings
 * as is; compatible lists separated by spaces). */
int sim_dt_set(struct platform_dt_node *n, const char *prop, const char *val);
struct platform_dt_writer *sim_dtw_new(void);
const char *sim_dtw_text(const struct platform_dt_writer *w);
void sim_dtw_free(struct platform_dt_writer *w);
#endif
