/* Simulated guests running real SGPU guest driver code as coroutines (see
 * sim/sgpu_guest.h). The event loop runs on the host stack; a guest runs on
 * its own stack until it blocks, then swaps back. Guest code never runs
 * inside a framework lock: it is resumed only from its own events and from
 * virtual-interrupt delivery, which the platform makes outside the lock. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include "sim/sgpu_guest.h"

#define GUEST_STACK (512u * 1024u)

enum guest_wait { WAIT_NONE, WAIT_IRQ, WAIT_TIME };

struct sim_sgpu_guest {
    struct platform_domain *d;
    char name[32];
    uint64_t reg_ipa, heap_ipa, heap_size, heap_used;
    uint32_t virq;
    sim_sgpu_workload_fn fn;
    void *arg;
    struct sgpu_env env;
    ucontext_t host, self;
    void *stack;
    bool started, done, running, irq_pending;
    enum guest_wait wait;
    struct sim_event *wake;      /* start, sleep end or wait_irq deadline */
    uint32_t since_yield;        /* register accesses since the guest last blocked */
    struct sim_sgpu_guest_stats st;
};

static void guest_switch_in(struct sim_sgpu_guest *g)
{
    if (g->done || g->running)
        return;
    g->running = true;
    swapcontext(&g->host, &g->self);
    g->running = false;
}

static void guest_yield(struct sim_sgpu_guest *g)
{
    swapcontext(&g->self, &g->host);
}

static void env_sleep_until(void *ctx, uint64_t t_ns);

/* Guest code takes no virtual time, so a guest polling a register would spin
 * forever at one instant: after many accesses without blocking, it is made
 * to pause for a microsecond and let the device (and time) move on. */
static void guest_count_access(struct sim_sgpu_guest *g)
{
    if (++g->since_yield >= 4096) {
        g->since_yield = 0;
        env_sleep_until(g, sim_now() + 1000);
    }
}

/* ---- environment ops ---- */
static uint32_t env_read32(void *ctx, uint32_t off)
{
    struct sim_sgpu_guest *g = ctx;
    uint64_t v = 0;
    g->st.mmio_reads++;
    guest_count_access(g);
    if (!sim_guest_mmio_read(g->d, g->reg_ipa + off, 4, &v))
        g->st.mmio_aborts++;
    return (uint32_t)v;
}

static uint64_t env_read64(void *ctx, uint32_t off)
{
    struct sim_sgpu_guest *g = ctx;
    uint64_t v = 0;
    g->st.mmio_reads++;
    guest_count_access(g);
    if (!sim_guest_mmio_read(g->d, g->reg_ipa + off, 8, &v))
        g->st.mmio_aborts++;
    return v;
}

static void env_write32(void *ctx, uint32_t off, uint32_t val)
{
    struct sim_sgpu_guest *g = ctx;
    g->st.mmio_writes++;
    guest_count_access(g);
    if (!sim_guest_mmio_write(g->d, g->reg_ipa + off, 4, val))
        g->st.mmio_aborts++;
}

static void env_write64(void *ctx, uint32_t off, uint64_t val)
{
    struct sim_sgpu_guest *g = ctx;
    g->st.mmio_writes++;
    guest_count_access(g);
    if (!sim_guest_mmio_write(g->d, g->reg_ipa + off, 8, val))
        g->st.mmio_aborts++;
}

static void *env_alloc(void *ctx, size_t size, uint64_t *ipa)
{
    struct sim_sgpu_guest *g = ctx;
    uint64_t sz = ((uint64_t)size + 4095) & ~4095ull;
    if (!sz || sz > g->heap_size - g->heap_used)
        return NULL;
    uint64_t at = g->heap_ipa + g->heap_used;
    void *p = sim_domain_ram(g->d, at, sz);
    if (!p)
        return NULL;
    g->heap_used += sz;
    memset(p, 0, sz);
    *ipa = at;
    return p;
}

static bool env_wait_irq(void *ctx, uint64_t deadline_ns)
{
    struct sim_sgpu_guest *g = ctx;
    g->st.waits++;
    g->since_yield = 0;
    if (!g->irq_pending && deadline_ns > sim_now()) {
        g->wait = WAIT_IRQ;
        if (deadline_ns != UINT64_MAX)
            sim_event_at(g->wake, deadline_ns);
        guest_yield(g);
        sim_event_cancel(g->wake);
        g->wait = WAIT_NONE;
    }
    bool fired = g->irq_pending;
    g->irq_pending = false;
    if (!fired)
        g->st.timeouts++;
    return fired;
}

static uint64_t env_now_ns(void *ctx)
{
    (void)ctx;
    return sim_now();
}

static void env_sleep_until(void *ctx, uint64_t t_ns)
{
    struct sim_sgpu_guest *g = ctx;
    if (t_ns <= sim_now())
        return;
    g->wait = WAIT_TIME;
    sim_event_at(g->wake, t_ns);
    guest_yield(g);
    g->wait = WAIT_NONE;
}

static void env_log(void *ctx, const char *line)
{
    struct sim_sgpu_guest *g = ctx;
    platform_log(PLATFORM_LOG_INFO, "guest %s: %s", g->name, line);
}

static const struct sgpu_env_ops guest_env_ops = {
    env_read32, env_read64, env_write32, env_write64, env_alloc,
    env_wait_irq, env_now_ns, env_sleep_until, env_log,
};

/* ---- scheduling ---- */
static void guest_entry(unsigned lo, unsigned hi)
{
    struct sim_sgpu_guest *g = (void *)((uintptr_t)lo | (uintptr_t)hi << 32);
    g->fn(&g->env, g->arg);
    g->done = true;
    /* uc_link brings us back to the host context */
}

static void guest_wake(void *arg)
{
    struct sim_sgpu_guest *g = arg;
    if (!g->started) {
        g->started = true;
        guest_switch_in(g);
    } else if (g->wait != WAIT_NONE) {
        guest_switch_in(g);
    }
}

static void guest_virq(void *arg, uint32_t virq)
{
    struct sim_sgpu_guest *g = arg;
    if (virq != g->virq)
        return;
    g->st.virqs++;
    g->irq_pending = true;
    if (g->wait == WAIT_IRQ)
        guest_switch_in(g);
}

/* The coroutine's context on its own stack; kept apart from the caller's
 * locals, which getcontext could otherwise clobber. */
static int guest_ctx_init(struct sim_sgpu_guest *g)
{
    if (getcontext(&g->self))
        return -1;
    g->self.uc_stack.ss_sp = g->stack;
    g->self.uc_stack.ss_size = GUEST_STACK;
    g->self.uc_link = &g->host;
    uintptr_t p = (uintptr_t)g;
    makecontext(&g->self, (void (*)(void))guest_entry, 2, (unsigned)(p & 0xffffffffu),
                (unsigned)(p >> 32));
    return 0;
}

struct sim_sgpu_guest *sim_sgpu_guest_create(struct platform_domain *d, const char *name,
                                             uint64_t reg_ipa, uint32_t virq, uint64_t heap_ipa,
                                             uint64_t heap_size, sim_sgpu_workload_fn fn,
                                             void *arg)
{
    struct sim_sgpu_guest *g = calloc(1, sizeof(*g));
    if (!g)
        return NULL;
    g->d = d;
    snprintf(g->name, sizeof(g->name), "%s", name);
    g->reg_ipa = reg_ipa;
    g->virq = virq;
    g->heap_ipa = heap_ipa;
    g->heap_size = heap_size;
    g->fn = fn;
    g->arg = arg;
    g->env.ops = &guest_env_ops;
    g->env.ctx = g;
    g->stack = malloc(GUEST_STACK);
    g->wake = sim_event_new(guest_wake, g);
    if (!g->stack || !g->wake || !sim_domain_ram(d, heap_ipa, heap_size) ||
        guest_ctx_init(g)) {
        sim_sgpu_guest_destroy(g);
        return NULL;
    }
    sim_domain_on_virq(d, guest_virq, g);
    return g;
}

void sim_sgpu_guest_start(struct sim_sgpu_guest *g, coproc_time_t at)
{
    sim_event_at(g->wake, at);
}

bool sim_sgpu_guest_done(const struct sim_sgpu_guest *g)
{
    return g->done;
}

const struct sim_sgpu_guest_stats *sim_sgpu_guest_stats(const struct sim_sgpu_guest *g)
{
    return &g->st;
}

uint64_t sim_sgpu_guest_heap_used(const struct sgpu_env *env)
{
    if (!env || env->ops != &guest_env_ops)
        return 0;
    return ((const struct sim_sgpu_guest *)env->ctx)->heap_used;
}

void sim_sgpu_guest_heap_release(const struct sgpu_env *env, uint64_t mark)
{
    if (!env || env->ops != &guest_env_ops)
        return;
    struct sim_sgpu_guest *g = env->ctx;
    if (mark < g->heap_used)
        g->heap_used = mark;
}

void sim_sgpu_guest_destroy(struct sim_sgpu_guest *g)
{
    if (!g)
        return;
    if (g->d)
        sim_domain_on_virq(g->d, NULL, NULL);
    sim_event_free(g->wake);
    free(g->stack);
    free(g);
}
