/* Co-processor sharing framework: objects, driver API, and the calls a
 * platform makes. Freestanding; see docs/framework.md for the contract.
 *
 * Locking: each coproc has one lock that protects the coproc, its slots, its
 * vcoprocs and its scheduler. Every framework entry point below marked
 * "[entry]" takes it; every driver op is called with it held; helpers marked
 * "[locked]" must be called with it held (i.e. from inside a driver op). */
#ifndef COPROC_COPROC_H
#define COPROC_COPROC_H
#include "coproc/platform.h"
#include "coproc/sched.h"
#include "coproc/stats.h"
#include "coproc/trace.h"
#include "coproc/types.h"

#define COPROC_MAX_REGS 4
#define COPROC_MAX_IRQS 8
#define COPROC_MAX_SLOTS 64
#define COPROC_NAME_LEN 32

struct coproc;
struct vcoproc;
struct coproc_slot;

enum vcoproc_state {
    VCOPROC_IDLE,          /* no work; may still be resident on a slot */
    VCOPROC_WAITING,       /* has work, queued in the scheduler */
    VCOPROC_RUNNING,       /* on a slot (being switched in, or running) */
    VCOPROC_SWITCHING_OUT, /* preemption requested, context being saved */
    VCOPROC_FAULTED,       /* stopped after an error until reset */
};
const char *vcoproc_state_name(enum vcoproc_state s);

enum coproc_slot_phase {
    COPROC_SLOT_FREE,          /* no context loaded, IOMMU detached */
    COPROC_SLOT_SWITCHING_IN,
    COPROC_SLOT_ACTIVE,        /* cur resident (running, or idle) */
    COPROC_SLOT_SWITCHING_OUT,
};

/* What ctx_switch_out / ctx_switch_in answer. */
enum coproc_switch_status {
    COPROC_SWITCH_DONE,     /* finished now */
    COPROC_SWITCH_RETRY,    /* not yet: call again after `ns` */
    COPROC_SWITCH_WAIT_IRQ, /* the device will interrupt; the driver then calls
                               coproc_slot_switch_done(); `ns` bounds the wait
                               (0: the framework default) */
    COPROC_SWITCH_ERROR,    /* the vcoproc's context is lost: fault it */
};
struct coproc_switch_ret {
    enum coproc_switch_status status;
    coproc_time_t ns;
};
#define COPROC_SWITCH_TIMEOUT_DEFAULT COPROC_MS(100)
#define COPROC_SWITCH_RETRIES_MAX 10000u

/* The driver ops table. All ops run with the coproc lock held and must not
 * sleep or spin on the device: anything slow answers RETRY / WAIT_IRQ. */
struct coproc_driver_ops {
    /* Probe a device: map its registers (coproc_reg), read its properties,
     * may set the slot count (coproc_set_slots). Allocation is allowed. */
    int (*probe)(struct coproc *c, const struct platform_dt_node *node);
    void (*remove)(struct coproc *c);
    /* Create / free the driver's shadow state of v (v->drv). */
    int (*vcoproc_init)(struct vcoproc *v);
    void (*vcoproc_destroy)(struct vcoproc *v);
    /* Return v's shadow state to power-on values (v is not resident). */
    int (*vcoproc_reset)(struct vcoproc *v);
    /* Guest access to the virtual device; a negative return faults v. An
     * access the driver does not understand is logged and ignored (reads
     * as 0) by the driver itself, returning 0. Both are called for a
     * FAULTED vcoproc too (its guest reads why, and may reset it): a write
     * returning COPROC_MMIO_RESET says the guest reset its device, and the
     * framework then resets a faulted vcoproc (vcoproc_reset). */
    int (*mmio_read)(struct vcoproc *v, uint64_t off, unsigned size, uint64_t *val);
    int (*mmio_write)(struct vcoproc *v, uint64_t off, unsigned size, uint64_t val);
    /* Save v's context from slot s (v may be busy: request preemption). */
    struct coproc_switch_ret (*ctx_switch_out)(struct coproc_slot *s, struct vcoproc *v);
    /* Load v's context into slot s and let it run. */
    struct coproc_switch_ret (*ctx_switch_in)(struct coproc_slot *s, struct vcoproc *v);
    /* Program slot s's IOMMU context; ctx NULL detaches (blocks all DMA). */
    int (*iommu_switch)(struct coproc_slot *s, const struct platform_s2_ctx *ctx);
    /* A physical interrupt of the device. */
    void (*irq)(struct coproc *c, uint32_t irq);
    /* Reset the whole device after a hang; resident contexts are lost. */
    int (*device_reset)(struct coproc *c);
    /* Write v's guest-visible device node (under the guest's root). */
    int (*guest_dt_node)(struct vcoproc *v, struct platform_dt_writer *w);
    /* Optional placement hook: what switching v into slot s would cost now
     * beyond a plain context switch (ns; e.g. reconfiguring the slot because
     * it holds another configuration), 0 when v's context is already there.
     * Placement prefers the cheapest slot. *min_slice (0 on entry) may ask for
     * at least that slice when v is switched in there, so that the cost stays
     * a small fraction of the slice. NULL: every slot costs the same. */
    coproc_time_t (*slot_cost)(const struct coproc_slot *s, const struct vcoproc *v,
                               coproc_time_t *min_slice);
};

#define COPROC_MMIO_RESET 1   /* mmio_write: the guest reset its virtual device */

struct coproc_driver {
    const char *name;
    const char *const *compatible;  /* NULL-terminated */
    const struct coproc_driver_ops *ops;
};

/* Registers a driver: one line in the driver's own source. The platform's
 * link keeps the `coproc_drivers` section (the host linker makes
 * __start_/__stop_ symbols; the hypervisor's linker script names them). */
#define COPROC_DRIVER_REGISTER(var_)                                        \
    static const struct coproc_driver *const coproc_driver_ptr_##var_      \
        __attribute__((used, section("coproc_drivers"), aligned(sizeof(void *)))) = &(var_)

struct coproc_slot {
    struct coproc *coproc;
    unsigned index;
    enum coproc_slot_phase phase;
    struct vcoproc *cur;          /* resident vcoproc (NULL when FREE) */
    struct platform_timer *timer; /* slice end, switch retry or switch timeout */
    coproc_time_t timer_due;      /* its deadline, 0 when not armed */
    coproc_time_t phase_start;    /* when the current switch phase began */
    coproc_time_t switch_start;   /* when the whole switch began */
    bool switch_open;             /* switch_start is valid */
    coproc_time_t run_start;      /* when cur last started accounting */
    coproc_time_t slice_end;
    unsigned retries;
    coproc_time_t next_slice;     /* slice granted by pick, used at switch-in */
    bool waiting_irq;             /* a switch waits for the driver's IRQ */
    bool accounting;              /* cur's run time is being measured */
    void *drv;                    /* driver per-slot data */
};

struct vcoproc_config {
    coproc_ipa_t base;            /* guest IPA of the virtual register page */
    uint64_t size;
    uint32_t virq;                /* GIC INTID injected into the guest */
    struct sched_params sched;
    char name[COPROC_NAME_LEN];
    /* The DT node cfg was read from (vcoproc_config_from_dt), so a driver's
     * vcoproc_init can read its own properties; NULL otherwise. Valid only
     * during vcoproc_create (cleared in v->cfg afterwards). */
    const struct platform_dt_node *node;
};

struct vcoproc {
    struct coproc *coproc;
    struct platform_domain *domain;
    uint32_t id;                  /* unique within its coproc */
    struct vcoproc_config cfg;
    enum vcoproc_state state;
    coproc_time_t state_since;
    struct coproc_slot *slot;     /* where it is resident, or NULL */
    bool has_work;                /* driver's view: guest work pending */
    bool dying;                   /* destroy requested while resident */
    bool fault_pending;           /* faulted while resident: stop after switch-out */
    bool mmio_closed;             /* being destroyed: guest accesses ignored */
    uint32_t held_irqs;           /* interrupts held while not visible */
    struct sched_entity se;
    struct vcoproc_stats stats;
    struct vcoproc *next;         /* coproc's list */
    void *drv;                    /* driver shadow state */
};

struct coproc {
    uint32_t id;
    char name[COPROC_NAME_LEN];
    const struct coproc_driver *driver;
    struct platform_lock *lock;
    unsigned nr_regs;
    uint64_t reg_base[COPROC_MAX_REGS], reg_size[COPROC_MAX_REGS];
    unsigned nr_irqs;
    uint32_t irqs[COPROC_MAX_IRQS];
    unsigned nr_slots;
    struct coproc_slot *slots;
    struct sched sched;
    struct platform_timer *sched_timer;  /* policy events (rt replenishment) */
    coproc_time_t switch_timeout;
    struct vcoproc *vcoprocs;
    uint32_t next_vcoproc_id;
    unsigned nr_vcoprocs;
    unsigned nr_waiting;          /* vcoprocs in state WAITING */
    bool probing;
    struct coproc_stats stats;
    struct coproc *next;          /* global list */
    void *drv;                    /* driver private */
};

/* ---- platform-facing API ---- */
/* [entry] Probes the host DT node with the driver matching its compatible.
 * Reads: reg, interrupts, vcoproc,policy (default "rr"),
 * vcoproc,slice-ns (default 5 ms), vcoproc,slots (driver default 1). */
int coproc_probe(const struct platform_dt_node *node, uint32_t id, struct coproc **out);
/* [entry] Destroys every vcoproc (they must not be resident) and the coproc. */
int coproc_remove(struct coproc *c);
/* Fills cfg from a domain's vcoproc DT node: reg, interrupts, vcoproc,weight,
 * vcoproc,priority, vcoproc,budget-ns, vcoproc,period-ns, vcoproc,slice-ns.
 * Logs a message naming the node and property on error. */
int vcoproc_config_from_dt(const struct platform_dt_node *node, struct vcoproc_config *cfg);
/* [entry] Creates a domain's vcoproc, registers its MMIO range. */
int vcoproc_create(struct coproc *c, struct platform_domain *d,
                   const struct vcoproc_config *cfg, struct vcoproc **out);
/* [entry] Destroys v. Returns 0 when done; COPROC_EBUSY when v was resident:
 * it is then switched out (asynchronously) and freed when that completes.
 * Either way the caller must not use v again. */
int vcoproc_destroy(struct vcoproc *v);
/* [entry] Resets a (faulted) vcoproc to idle. */
int vcoproc_reset(struct vcoproc *v);
/* [entry] Changes the policy; queued vcoprocs move to the new one. */
int coproc_set_policy(struct coproc *c, const char *name);
/* [entry] Changes one parameter: of the coproc (v NULL: only SLICE) or of v. */
int coproc_set_param(struct coproc *c, struct vcoproc *v, enum sched_param_key k, uint64_t val);
/* Admission test [locked]: 0 when the reservations (budget/period) of every
 * vcoproc of c, with `except` taking parameters p (except NULL: a new one
 * with p), fit in the device's slots; COPROC_EBUSY otherwise. */
int coproc_admit(struct coproc *c, const struct vcoproc *except, const struct sched_params *p);
/* [entry] Writes v's guest DT node through the driver. */
int vcoproc_guest_dt(struct vcoproc *v, struct platform_dt_writer *w);
/* Looks a driver up by compatible string (NULL: none). */
const struct coproc_driver *coproc_driver_find(const char *compatible);

/* ---- driver-facing helpers [locked] ---- */
/* Tells the framework whether v has work pending (guest submitted / all
 * retired); drives idle <-> waiting and slot release. */
void vcoproc_set_work(struct vcoproc *v, bool work);
/* Raises v's virtual interrupt: injected now if v is visible on a slot, else
 * held in its shadow state and delivered when it next runs. */
void vcoproc_raise_irq(struct vcoproc *v);
/* The switch slot s was waiting for (WAIT_IRQ) completed; err < 0 faults. */
void coproc_slot_switch_done(struct coproc_slot *s, int err);
/* v is broken (bad guest input, device error); logs `why`, stops v, keeps
 * every other vcoproc running, and interrupts v's guest once so that it
 * reads its fault from its (virtual) registers. */
void vcoproc_fault(struct vcoproc *v, int err, const char *why);
/* A job of v retired; records latency and deadline (deadline 0: none). */
void vcoproc_job_done(struct vcoproc *v, coproc_time_t submitted, coproc_time_t deadline);
/* Only during probe: the number of execution slots (1..COPROC_MAX_SLOTS). */
int coproc_set_slots(struct coproc *c, unsigned n);
/* The vcoproc currently visible on slot s (ACTIVE), or NULL. */
struct vcoproc *coproc_slot_visible(const struct coproc_slot *s);

/* ---- statistics ---- */
struct coproc_report_vc {
    uint32_t id;
    const char *name;
    enum vcoproc_state state;
    uint32_t weight, priority;   /* current parameters */
    uint64_t busy_ns;
    uint32_t share_ppm;          /* of the summed busy time */
    uint32_t busy_ppm;           /* of elapsed time */
    uint64_t switches;
    uint64_t sw_p50, sw_p99, sw_max;
    uint64_t qd_p50, qd_p99, qd_max, qd_mean;
    uint64_t jobs, deadline_jobs, misses;
    uint64_t lat_p50, lat_p99, lat_max;
    uint64_t irqs_held, faults;
};
struct coproc_report {
    coproc_time_t elapsed;
    uint64_t switches;
    uint64_t sw_p50, sw_p99, sw_max;
    uint32_t busy_ppm;           /* summed vcoproc busy / (elapsed * slots) */
    uint32_t switch_ppm;         /* switching / (elapsed * slots) */
    uint32_t jain_ppm;           /* over busy/weight of vcoprocs that had jobs */
    unsigned nr;
};
/* [entry] Fills r and up to max entries of vcs (in creation order). */
unsigned coproc_report(struct coproc *c, struct coproc_report *r, struct coproc_report_vc *vcs,
                       unsigned max);
/* [entry] Zeroes statistics, starting a new measurement window. */
void coproc_stats_reset(struct coproc *c);

/* ---- internals shared by the framework's files ---- */
void coproc_trace(const struct coproc *c, enum coproc_trace_type t, int slot,
                  const struct vcoproc *v, uint64_t a, uint64_t b);
void vcoproc_set_state(struct vcoproc *v, enum vcoproc_state s);
/* Framework scheduling core (coproc/core/switch.c), coproc lock held. */
void coproc_switch_kick(struct coproc *c);
void coproc_switch_begin_out(struct coproc_slot *s);
void coproc_switch_release(struct vcoproc *v);
void coproc_switch_abandon(struct coproc_slot *s);
void coproc_switch_arm_sched_timer(struct coproc *c);
void coproc_switch_slot_timer(void *arg);
void coproc_switch_sched_timer(void *arg);
void vcoproc_free(struct vcoproc *v);
/* Small freestanding helpers. */
int coproc_strcmp(const char *a, const char *b);
void coproc_strlcpy(char *dst, const char *src, size_t n);
void coproc_memset(void *p, int c, size_t n);
/* "prefix@addr" with addr in lower-case hex, no leading zeros: a DT node
 * name with its unit address (truncated to len - 1 characters). */
void coproc_dt_unit_name(char *buf, size_t len, const char *prefix, uint64_t addr);
#endif
