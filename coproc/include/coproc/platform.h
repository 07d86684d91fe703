/* What the framework needs from its host platform (the hypervisor in xen/ or
 * the simulator in sim/). coproc/ calls only these functions; each platform
 * implements all of them. Freestanding C.
 *
 * Re-entrancy contract (see docs/framework.md, "Locking"): the framework may
 * call any function below with a coproc lock held, except those marked
 * "[unlocked]", so none of them may call back into the framework
 * synchronously. Timer callbacks, MMIO handlers and physical IRQ handlers are
 * invoked later, from the platform's own context, with no framework lock
 * held. */
#ifndef COPROC_PLATFORM_H
#define COPROC_PLATFORM_H
#include <stdarg.h>
#include "coproc/types.h"

struct coproc_trace_event;

/* Opaque platform objects. */
struct platform_domain;   /* a guest VM */
struct platform_timer;    /* a one-shot timer */
struct platform_lock;     /* a spin lock taken with interrupts masked */
struct platform_iomem;    /* a mapped register window of a physical device */
struct platform_dt_node;  /* a host device-tree node (read-only) */
struct platform_dt_writer;/* a guest device tree being built */

/* ---- time and one-shot timers ---- */
coproc_time_t platform_time_now(void);

typedef void (*platform_timer_fn)(void *arg);
/* Returns NULL when out of memory. */
struct platform_timer *platform_timer_create(platform_timer_fn fn, void *arg);
/* (Re-)arms t to fire once at absolute time `when`; a deadline in the past
 * fires as soon as possible, never synchronously inside this call. */
void platform_timer_set(struct platform_timer *t, coproc_time_t when);
void platform_timer_cancel(struct platform_timer *t);
/* On a multi-CPU platform a callback that was already due may still run
 * after a set or cancel made on another CPU (it was waiting for a lock the
 * caller held): callbacks check under their lock that their deadline came. */
/* [unlocked] Cancels and frees; on return the callback is not running and
 * will not run again (so it may wait for a running callback). */
void platform_timer_destroy(struct platform_timer *t);

/* ---- guest MMIO trapping ---- */
struct platform_mmio_ops {
    /* Offsets are relative to the registered base; size is 1, 2, 4 or 8.
     * Returning false makes the platform inject an abort into the guest. */
    bool (*read)(void *priv, uint64_t off, unsigned size, uint64_t *val);
    bool (*write)(void *priv, uint64_t off, unsigned size, uint64_t val);
};
/* [unlocked] Handlers may run from the moment this returns. */
int platform_mmio_register(struct platform_domain *d, coproc_ipa_t base, uint64_t size,
                           const struct platform_mmio_ops *ops, void *priv);
/* [unlocked] On return no handler of the range is running or will run, so
 * priv may be freed (it may wait for running handlers, which take coproc
 * locks: hence never called with one held). */
void platform_mmio_unregister(struct platform_domain *d, coproc_ipa_t base);

/* ---- interrupts ---- */
/* Raises virtual interrupt `virq` (a GIC INTID) in domain d (edge). */
int platform_virq_inject(struct platform_domain *d, uint32_t virq);
typedef void (*platform_irq_fn)(void *arg, uint32_t irq);
/* Routes physical interrupt `irq` to fn; one subscriber per interrupt. */
int platform_irq_subscribe(uint32_t irq, platform_irq_fn fn, void *arg);
void platform_irq_unsubscribe(uint32_t irq);

/* ---- domains, stage 2 and guest memory ---- */
uint32_t platform_domain_id(const struct platform_domain *d);
const char *platform_domain_name(const struct platform_domain *d);
/* The IOMMU context of a domain: its stage-2 translation root and VMID. */
struct platform_s2_ctx {
    coproc_pa_t root;
    uint16_t vmid;
};
int platform_domain_s2(const struct platform_domain *d, struct platform_s2_ctx *out);
/* Copies through the domain's stage 2; fails (COPROC_EINVAL) when any byte is
 * not guest RAM, never touching memory outside the domain. */
int platform_guest_read(struct platform_domain *d, void *dst, coproc_ipa_t src, size_t len);
int platform_guest_write(struct platform_domain *d, coproc_ipa_t dst, const void *src, size_t len);

/* ---- physical device registers ---- */
struct platform_iomem *platform_iomap(coproc_pa_t base, uint64_t size);
void platform_iounmap(struct platform_iomem *io);
uint32_t platform_io_read32(struct platform_iomem *io, uint64_t off);
/* One 8-byte load of an 8-byte aligned register, single-copy atomic: a
 * 64-bit register the device updates meanwhile reads as its old or its new
 * value, never as halves of both. */
uint64_t platform_io_read64(struct platform_iomem *io, uint64_t off);
void platform_io_write32(struct platform_iomem *io, uint64_t off, uint32_t val);

/* ---- memory ---- */
/* Zeroed memory, or NULL. Never called from a timer/IRQ path by the framework
 * except where documented (object creation happens outside those paths). */
void *platform_alloc(size_t size);
void platform_free(void *p);
/* Device-reachable memory (e.g. a context-save area): zeroed, 4 KiB aligned,
 * physically contiguous at machine PA *pa; NULL when out of memory. */
void *platform_dma_alloc(size_t size, coproc_pa_t *pa);
void platform_dma_free(void *p);

/* ---- locks ---- */
struct platform_lock *platform_lock_create(void);
/* [unlocked] */
void platform_lock_destroy(struct platform_lock *l);
/* Spin lock with local interrupts masked; not recursive. */
void platform_lock_acquire(struct platform_lock *l);
void platform_lock_release(struct platform_lock *l);

/* ---- logging and tracing ---- */
enum platform_log_level { PLATFORM_LOG_ERR, PLATFORM_LOG_WARN, PLATFORM_LOG_INFO, PLATFORM_LOG_DEBUG };
void platform_log(enum platform_log_level lvl, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Emits one trace event; the platform writes it in the line format of
 * docs/framework.md ("Trace format"). */
void platform_trace(const struct coproc_trace_event *ev);

/* ---- host device tree (read) ---- */
const char *platform_dt_node_name(const struct platform_dt_node *n);
bool platform_dt_is_compatible(const struct platform_dt_node *n, const char *compat);
/* Return COPROC_ENOENT when the property is absent, COPROC_EINVAL when it is
 * malformed. */
int platform_dt_read_u32(const struct platform_dt_node *n, const char *prop, uint32_t *out);
int platform_dt_read_u64(const struct platform_dt_node *n, const char *prop, uint64_t *out);
/* NULL when absent. */
const char *platform_dt_read_string(const struct platform_dt_node *n, const char *prop);
int platform_dt_read_reg(const struct platform_dt_node *n, unsigned index, uint64_t *base,
                         uint64_t *size);
/* The index-th interrupt of the node as a GIC INTID. */
int platform_dt_read_irq(const struct platform_dt_node *n, unsigned index, uint32_t *intid);

/* ---- guest device tree (write) ---- */
int platform_dtw_begin_node(struct platform_dt_writer *w, const char *name);
int platform_dtw_prop_string(struct platform_dt_writer *w, const char *prop, const char *s);
int platform_dtw_prop_cells(struct platform_dt_writer *w, const char *prop,
                            const uint32_t *cells, unsigned n);
int platform_dtw_end_node(struct platform_dt_writer *w);
#endif
