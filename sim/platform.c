/* The simulator's implementation of the platform interface: time and timers
 * on the virtual clock, physical devices and interrupts, memory, checking
 * locks, logging and the trace writer. Domains are in domain.c, device-tree
 * nodes in dt.c. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "coproc/coproc.h"
#include "sim/sim.h"

/* ---- time ---- */
coproc_time_t platform_time_now(void)
{
    return sim_now();
}

struct platform_timer {
    struct sim_event *ev;
};

struct platform_timer *platform_timer_create(platform_timer_fn fn, void *arg)
{
    struct platform_timer *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    t->ev = sim_event_new(fn, arg);
    if (!t->ev) {
        free(t);
        return NULL;
    }
    return t;
}

void platform_timer_set(struct platform_timer *t, coproc_time_t when)
{
    sim_event_at(t->ev, when);
}

void platform_timer_cancel(struct platform_timer *t)
{
    sim_event_cancel(t->ev);
}

void platform_timer_destroy(struct platform_timer *t)
{
    if (!t)
        return;
    sim_event_free(t->ev);
    free(t);
}

/* ---- physical devices ---- */
#define SIM_MAX_IOMEM 32
#define SIM_MAX_IRQ 1024

struct platform_iomem {
    uint64_t pa, size;
    const struct sim_iomem_ops *ops;
    void *priv;
    bool used;
};
static struct platform_iomem iomem[SIM_MAX_IOMEM];

int sim_iomem_register(uint64_t pa, uint64_t size, const struct sim_iomem_ops *ops, void *priv)
{
    for (unsigned i = 0; i < SIM_MAX_IOMEM; i++) {
        if (!iomem[i].used) {
            iomem[i] = (struct platform_iomem){ pa, size, ops, priv, true };
            return 0;
        }
    }
    return COPROC_ENOMEM;
}

void sim_iomem_unregister(uint64_t pa)
{
    for (unsigned i = 0; i < SIM_MAX_IOMEM; i++)
        if (iomem[i].used && iomem[i].pa == pa)
            iomem[i].used = false;
}

struct platform_iomem *platform_iomap(coproc_pa_t base, uint64_t size)
{
    for (unsigned i = 0; i < SIM_MAX_IOMEM; i++)
        if (iomem[i].used && base.pa >= iomem[i].pa &&
            base.pa + size <= iomem[i].pa + iomem[i].size)
            return &iomem[i];
    return NULL;
}

void platform_iounmap(struct platform_iomem *io)
{
    (void)io;
}

uint32_t platform_io_read32(struct platform_iomem *io, uint64_t off)
{
    return io->used ? io->ops->read32(io->priv, off) : 0xffffffffu;
}

/* The simulated devices run only between the framework's calls (virtual
 * time, one thread), so the two halves are always of one value. */
uint64_t platform_io_read64(struct platform_iomem *io, uint64_t off)
{
    return platform_io_read32(io, off) | (uint64_t)platform_io_read32(io, off + 4) << 32;
}

void platform_io_write32(struct platform_iomem *io, uint64_t off, uint32_t val)
{
    if (io->used)
        io->ops->write32(io->priv, off, val);
}

struct irq_sub {
    platform_irq_fn fn;
    void *arg;
};
static struct irq_sub irq_subs[SIM_MAX_IRQ];

int platform_irq_subscribe(uint32_t irq, platform_irq_fn fn, void *arg)
{
    if (irq >= SIM_MAX_IRQ || irq_subs[irq].fn)
        return COPROC_EBUSY;
    irq_subs[irq] = (struct irq_sub){ fn, arg };
    return 0;
}

void platform_irq_unsubscribe(uint32_t irq)
{
    if (irq < SIM_MAX_IRQ)
        irq_subs[irq] = (struct irq_sub){ 0, 0 };
}

static void irq_deliver(void *arg)
{
    uint32_t irq = (uint32_t)(uintptr_t)arg;
    if (irq_subs[irq].fn)
        irq_subs[irq].fn(irq_subs[irq].arg, irq);
}

void sim_irq_raise(uint32_t irq)
{
    if (irq < SIM_MAX_IRQ)
        sim_call_at(sim_now(), irq_deliver, (void *)(uintptr_t)irq);
}

/* ---- memory ---- */
void *platform_alloc(size_t size)
{
    return calloc(1, size ? size : 1);
}

void platform_free(void *p)
{
    free(p);
}

/* ---- locks: single-threaded, but they check the discipline ---- */
struct platform_lock {
    bool held;
};
static uint64_t lock_errors;

struct platform_lock *platform_lock_create(void)
{
    return calloc(1, sizeof(struct platform_lock));
}

void platform_lock_destroy(struct platform_lock *l)
{
    free(l);
}

void platform_lock_acquire(struct platform_lock *l)
{
    if (l->held) {
        /* on real hardware this is a deadlock: count it so tests fail */
        lock_errors++;
        fprintf(stderr, "sim: BUG: lock taken twice (re-entrant framework call)\n");
    }
    l->held = true;
}

void platform_lock_release(struct platform_lock *l)
{
    if (!l->held) {
        lock_errors++;
        fprintf(stderr, "sim: BUG: releasing a lock that is not held\n");
    }
    l->held = false;
}

uint64_t sim_lock_errors(void)
{
    return lock_errors;
}

/* ---- log ---- */
static int log_level = PLATFORM_LOG_WARN;
static char last_error[512];
static char error_text[2048];   /* every error since sim_log_clear, "; "-joined */
static uint64_t log_errors;
static uint64_t log_counts[PLATFORM_LOG_DEBUG + 1];

uint64_t sim_log_count(int level)
{
    return level >= 0 && level <= PLATFORM_LOG_DEBUG ? log_counts[level] : 0;
}

void sim_log_level(int level)
{
    log_level = level;
}

const char *sim_log_last_error(void)
{
    return last_error;
}

void sim_log_clear(void)
{
    last_error[0] = '\0';
    error_text[0] = '\0';
}

const char *sim_log_error_text(void)
{
    return error_text;
}

uint64_t sim_log_errors(void)
{
    return log_errors;
}

void platform_log(enum platform_log_level lvl, const char *fmt, ...)
{
    static const char *const tag[] = { "error", "warning", "info", "debug" };
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if ((unsigned)lvl <= PLATFORM_LOG_DEBUG)
        log_counts[lvl]++;
    if (lvl == PLATFORM_LOG_ERR) {
        log_errors++;
        snprintf(last_error, sizeof(last_error), "%s", buf);
        size_t n = strlen(error_text);
        if (n < sizeof(error_text) - 1)
            snprintf(error_text + n, sizeof(error_text) - n, "%s%s", n ? "; " : "", buf);
    }
    if ((int)lvl <= log_level)
        fprintf(stderr, "[%12.6f ms] %s: %s\n", sim_now() / 1e6, tag[lvl], buf);
}

/* ---- trace ---- */
static FILE *trace_file;

void sim_trace_to(FILE *f)
{
    trace_file = f;
}

void sim_trace_format(FILE *f, const struct coproc_trace_event *ev)
{
    fprintf(f, "vct %llu %s c=%u s=%d v=%d a=%llu b=%llu\n", (unsigned long long)ev->time,
            coproc_trace_name(ev->type), ev->coproc, ev->slot, ev->vcoproc,
            (unsigned long long)ev->a, (unsigned long long)ev->b);
}

void platform_trace(const struct coproc_trace_event *ev)
{
    if (trace_file)
        sim_trace_format(trace_file, ev);
}
