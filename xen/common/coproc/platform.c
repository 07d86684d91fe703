/*
 * The hypervisor as the vcoproc framework's platform (coproc/include/
 * coproc/platform.h): time and timers, guest MMIO trapping, interrupts,
 * domains and their stage 2, guest memory, device registers, memory, locks,
 * logging and tracing. The device-tree half is in dt.c.
 *
 * Framework callbacks (timers, MMIO handlers, physical IRQs) run from the
 * hypervisor's own contexts with no framework lock held, as the contract asks.
 */
#include <coproc/coproc.h>
#include <xen/arch.h>
#include <xen/domain.h>
#include <xen/coproc_host.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>
#include <xen/timer.h>
#include "transport.h"

/* ---- time and timers ---- */
struct platform_timer {
    struct timer t;
    platform_timer_fn fn;
    void *arg;
};

coproc_time_t platform_time_now(void)
{
    return ticks_to_ns(arch_ticks());
}

static void platform_timer_fire(void *arg)
{
    struct platform_timer *pt = arg;
    pt->fn(pt->arg);
}

struct platform_timer *platform_timer_create(platform_timer_fn fn, void *arg)
{
    struct platform_timer *pt = xmalloc(sizeof(*pt));
    if (!pt)
        return NULL;
    timer_init(&pt->t, platform_timer_fire, pt);
    pt->fn = fn;
    pt->arg = arg;
    return pt;
}

void platform_timer_set(struct platform_timer *t, coproc_time_t when)
{
    /* Round up: firing a tick early would show the callback a time before
     * `when` and make it re-arm the same deadline. */
    uint64_t ticks = ns_to_ticks(when);
    if (ticks_to_ns(ticks) < when)
        ticks++;
    timer_set(&t->t, ticks);
}

void platform_timer_cancel(struct platform_timer *t)
{
    timer_cancel(&t->t);
}

void platform_timer_destroy(struct platform_timer *t)
{
    if (!t)
        return;
    timer_cancel(&t->t);
    xfree(t);
}

/* ---- guest MMIO ---- */
struct platform_mmio_binding {
    const struct platform_mmio_ops *ops;
    void *priv;
};

static bool platform_mmio_read(struct vcpu *v, uint64_t off, unsigned size, uint64_t *val,
                               void *priv)
{
    struct platform_mmio_binding *b = priv;
    (void)v;
    return b->ops->read(b->priv, off, size, val);
}

static bool platform_mmio_write(struct vcpu *v, uint64_t off, unsigned size, uint64_t val,
                                void *priv)
{
    struct platform_mmio_binding *b = priv;
    (void)v;
    return b->ops->write(b->priv, off, size, val);
}

static const struct mmio_ops platform_mmio_adapter = { platform_mmio_read, platform_mmio_write };

int platform_mmio_register(struct platform_domain *pd, coproc_ipa_t base, uint64_t size,
                           const struct platform_mmio_ops *ops, void *priv)
{
    struct domain *d = (struct domain *)pd;
    struct platform_mmio_binding *b = xmalloc(sizeof(*b));
    if (!b)
        return COPROC_ENOMEM;
    b->ops = ops;
    b->priv = priv;
    if (mmio_register(d, base.ipa, size, &platform_mmio_adapter, b, "vcoproc")) {
        xfree(b);
        return COPROC_EINVAL;
    }
    return COPROC_OK;
}

void platform_mmio_unregister(struct platform_domain *pd, coproc_ipa_t base)
{
    void *priv = mmio_unregister((struct domain *)pd, base.ipa);
    xfree(priv);
}

/* ---- interrupts ---- */
int platform_virq_inject(struct platform_domain *pd, uint32_t virq)
{
    if (virq < 32 || virq >= 32 + GUEST_NR_SPIS)
        return COPROC_EINVAL;   /* virtual devices raise SPIs */
    arch_domain_inject_spi((struct domain *)pd, virq - 32);
    return COPROC_OK;
}

#define MAX_SUBSCRIPTIONS 32

struct platform_irq_sub {
    uint32_t irq;
    platform_irq_fn fn;
    void *arg;
};
static struct platform_irq_sub irq_subs[MAX_SUBSCRIPTIONS];

static void platform_irq_entry(uint32_t intid, void *arg)
{
    struct platform_irq_sub *s = arg;
    if (s->fn)
        s->fn(s->arg, intid);
}

int platform_irq_subscribe(uint32_t irq, platform_irq_fn fn, void *arg)
{
    for (unsigned i = 0; i < MAX_SUBSCRIPTIONS; i++) {
        if (irq_subs[i].fn && irq_subs[i].irq != irq)
            continue;
        irq_subs[i] = (struct platform_irq_sub){ irq, fn, arg };
        return arch_irq_set_handler(irq, platform_irq_entry, &irq_subs[i]) ? COPROC_EINVAL
                                                                            : COPROC_OK;
    }
    return COPROC_ENOMEM;
}

void platform_irq_unsubscribe(uint32_t irq)
{
    for (unsigned i = 0; i < MAX_SUBSCRIPTIONS; i++)
        if (irq_subs[i].fn && irq_subs[i].irq == irq)
            irq_subs[i].fn = NULL;   /* the handler stays, and ignores it */
}

/* ---- domains, stage 2, guest memory ---- */
uint32_t platform_domain_id(const struct platform_domain *pd)
{
    return ((const struct domain *)pd)->id;
}

const char *platform_domain_name(const struct platform_domain *pd)
{
    return ((const struct domain *)pd)->name;
}

int platform_domain_s2(const struct platform_domain *pd, struct platform_s2_ctx *out)
{
    uint64_t root;
    uint16_t vmid;
    arch_domain_s2((const struct domain *)pd, &root, &vmid);
    out->root = coproc_pa(root);
    out->vmid = vmid;
    return COPROC_OK;
}

int platform_guest_read(struct platform_domain *pd, void *dst, coproc_ipa_t src, size_t len)
{
    struct domain *d = (struct domain *)pd;
    if (!domain_ipa_in_ram(d, src.ipa, len))
        return COPROC_EINVAL;
    memcpy(dst, domain_ipa_to_ptr(d, src.ipa), len);
    return COPROC_OK;
}

int platform_guest_write(struct platform_domain *pd, coproc_ipa_t dst, const void *src, size_t len)
{
    struct domain *d = (struct domain *)pd;
    if (!domain_ipa_in_ram(d, dst.ipa, len))
        return COPROC_EINVAL;
    memcpy(domain_ipa_to_ptr(d, dst.ipa), src, len);
    return COPROC_OK;
}

/* ---- physical device registers ---- */
struct platform_iomem {
    uintptr_t base;
    uint64_t size;
    const struct coproc_transport *transport;   /* NULL: plain MMIO */
};

struct platform_iomem *platform_iomap(coproc_pa_t base, uint64_t size)
{
    struct platform_iomem *io = xmalloc(sizeof(*io));
    if (!io)
        return NULL;
    io->base = (uintptr_t)base.pa;   /* identity-mapped, device memory at EL2 */
    io->size = size;
    io->transport = coproc_transport_find(base.pa, size);
    return io;
}

void platform_iounmap(struct platform_iomem *io)
{
    xfree(io);
}

uint32_t platform_io_read32(struct platform_iomem *io, uint64_t off)
{
    return *(volatile uint32_t *)(io->base + off);
}

/* One LDR of the aligned doubleword: single-copy atomic (also in QEMU,
 * whose ivshmem BAR is host memory the model process stores to whole). */
uint64_t platform_io_read64(struct platform_iomem *io, uint64_t off)
{
    return *(volatile uint64_t *)(io->base + off);
}

/* Doorbells owed by this pCPU: a store made under a framework lock rings
 * its model's doorbell when the lock is released. Ringing is an MMIO write
 * that, under QEMU, waits for the emulator's global lock; inside our lock
 * that wait stalled every other pCPU spinning for it. The model applies the
 * stores of one doorbell in a fixed order (docs/hw/sgpu.md), and the drivers
 * wait for a command's completion before depending on it, so a batch of
 * stores behaves as the same stores rung one by one. */
struct kick_queue {
    unsigned depth;                               /* framework locks held */
    const struct coproc_transport *owed[4];
    unsigned nr;
};
static struct kick_queue kick_queues[NR_CPUS];

static void kick_owe(const struct coproc_transport *t)
{
    struct kick_queue *q = &kick_queues[arch_cpu_id()];
    if (!q->depth) {
        coproc_transport_kick(t);
        return;
    }
    for (unsigned i = 0; i < q->nr; i++)
        if (q->owed[i] == t)
            return;
    if (q->nr == sizeof(q->owed) / sizeof(q->owed[0])) {
        coproc_transport_kick(t);   /* more devices than slots: ring at once */
        return;
    }
    q->owed[q->nr++] = t;
}

/* With IRQs still masked, after the lock was released. */
static void kick_pay(void)
{
    struct kick_queue *q = &kick_queues[arch_cpu_id()];
    if (q->depth)
        return;
    for (unsigned i = 0; i < q->nr; i++)
        coproc_transport_kick(q->owed[i]);
    q->nr = 0;
}

void platform_io_write32(struct platform_iomem *io, uint64_t off, uint32_t val)
{
    *(volatile uint32_t *)(io->base + off) = val;
    if (io->transport)
        kick_owe(io->transport);   /* the model applies writes on a doorbell */
}

/* ---- memory ---- */
void *platform_alloc(size_t size)
{
    return xmalloc(size);
}

void platform_free(void *p)
{
    xfree(p);
}

/* Device-reachable memory: the hypervisor's heap is machine RAM, identity
 * mapped, so a pointer is its PA. Such buffers live as long as the
 * hypervisor (co-processors are set up once at boot). */
void *platform_dma_alloc(size_t size, coproc_pa_t *pa)
{
    void *p = page_alloc_zeroed((unsigned)(ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE));
    if (p)
        *pa = coproc_pa(ptr_to_pa(p));
    return p;
}

void platform_dma_free(void *p)
{
    (void)p;
}

/* ---- locks ---- */
/* The hypervisor's spinlock (test-and-set with a courtesy for waiters, see
 * xen/spinlock.h), taken with IRQs masked; it also counts this pCPU's
 * framework locks, so that the doorbells owed under them are rung when the
 * last one is released. */
struct platform_lock {
    spinlock_t lock;
    uint64_t flags;
};

struct platform_lock *platform_lock_create(void)
{
    struct platform_lock *l = xmalloc(sizeof(*l));
    if (l)
        l->lock = (spinlock_t)SPINLOCK_INIT;
    return l;
}

void platform_lock_destroy(struct platform_lock *l)
{
    xfree(l);
}

void platform_lock_acquire(struct platform_lock *l)
{
    uint64_t flags = spin_lock_irqsave(&l->lock);
    l->flags = flags;
    kick_queues[arch_cpu_id()].depth++;
}

void platform_lock_release(struct platform_lock *l)
{
    uint64_t flags = l->flags;
    kick_queues[arch_cpu_id()].depth--;
    spin_unlock(&l->lock);
    kick_pay();   /* IRQs still masked: no nested lock can interleave */
    __asm__ volatile("msr daif, %0" :: "r"(flags) : "memory");
}

/* ---- logging and tracing ---- */
void platform_log(enum platform_log_level lvl, const char *fmt, ...)
{
    static const char *const names[] = { "error", "warning", "info", "debug" };
    char buf[200];
    va_list ap;
    if (lvl == PLATFORM_LOG_DEBUG)
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk("coproc %s: %s", names[lvl], buf);
}

/* Trace events are kept in memory while the system runs and printed at the
 * end (coproc_host_trace_dump): printing each one on the UART as it happens
 * would put console time inside the framework's lock, on the timing path
 * being traced. */
#define TRACE_EVENTS (128 * 1024)

static bool trace_on;
static struct coproc_trace_event *trace_ring;
static uint64_t trace_count;   /* events recorded, including dropped ones */
static spinlock_t trace_lock = SPINLOCK_INIT;

void coproc_host_trace_enable(bool on)
{
    if (on && !trace_ring)
        trace_ring = page_alloc_zeroed(
            (unsigned)(ALIGN_UP(TRACE_EVENTS * sizeof(*trace_ring), PAGE_SIZE) / PAGE_SIZE));
    trace_on = on && trace_ring;
}

void platform_trace(const struct coproc_trace_event *ev)
{
    if (!trace_on)
        return;
    uint64_t flags = spin_lock_irqsave(&trace_lock);
    if (trace_count < TRACE_EVENTS)
        trace_ring[trace_count] = *ev;
    trace_count++;
    spin_unlock_irqrestore(&trace_lock, flags);
}

void coproc_host_trace_dump(void)
{
    if (!trace_on)
        return;
    trace_on = false;
    uint64_t n = MIN(trace_count, (uint64_t)TRACE_EVENTS);
    for (uint64_t i = 0; i < n; i++) {
        const struct coproc_trace_event *ev = &trace_ring[i];
        char line[160];
        int len = snprintf(line, sizeof(line), "vct %lu %s c=%u s=%d v=%d a=%lu b=%lu", ev->time,
                           coproc_trace_name(ev->type), ev->coproc, ev->slot, ev->vcoproc, ev->a,
                           ev->b);
        console_raw_line(line, (size_t)MIN(len, (int)sizeof(line) - 1));
    }
    if (trace_count > n)
        printk("trace: %lu events dropped after the first %lu", trace_count - n, n);
}
