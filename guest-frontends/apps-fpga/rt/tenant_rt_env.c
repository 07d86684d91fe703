/* struct sgpu_env on the rt runtime (see tenant_rt_env.h). */
#include "rt/rt.h"
#include "tenant_rt_env.h"

#define WAKE_TICK_US 1000 /* WFI always wakes within this, so deadlines hold */

/* The window offset's address: the two pages need not be adjacent. */
static uintptr_t env_addr(const struct tenant_rt_env *e, uint32_t off)
{
    return off < 0x1000 ? e->base + off : e->load_base + (off - 0x1000);
}

static uint32_t env_read32(void *ctx, uint32_t off)
{
    struct tenant_rt_env *e = ctx;
    return mmio_read32(env_addr(e, off));
}

static uint64_t env_read64(void *ctx, uint32_t off)
{
    struct tenant_rt_env *e = ctx;
    return mmio_read32(env_addr(e, off)) | (uint64_t)mmio_read32(env_addr(e, off + 4)) << 32;
}

static void env_write32(void *ctx, uint32_t off, uint32_t val)
{
    struct tenant_rt_env *e = ctx;
    mmio_write32(env_addr(e, off), val);
}

static void env_write64(void *ctx, uint32_t off, uint64_t val)
{
    struct tenant_rt_env *e = ctx;
    mmio_write32(env_addr(e, off), (uint32_t)val); /* LO first, as the device wants */
    mmio_write32(env_addr(e, off + 4), (uint32_t)(val >> 32));
}

static void *env_alloc(void *ctx, size_t size, uint64_t *ipa)
{
    struct tenant_rt_env *e = ctx;
    uint64_t p = (e->heap_next + 4095) & ~4095ull;
    uint64_t n = (size + 4095) & ~(uint64_t)4095;
    if (!size || p > e->heap_end || n > e->heap_end - p) {
        printf("fpga-tenant: out of guest memory (%lu bytes wanted, %lu left)\n",
               (unsigned long)size, (unsigned long)(e->heap_end - e->heap_next));
        return NULL;
    }
    e->heap_next = p + n;
    /* 8-byte stores: the MMU is off, so memset's byte loop would be slow */
    for (uint64_t a = p; a < p + n; a += 8)
        *(volatile uint64_t *)(uintptr_t)a = 0;
    *ipa = p;
    return (void *)(uintptr_t)p;
}

static uint64_t env_now_ns(void *ctx)
{
    struct tenant_rt_env *e = ctx;
    uint64_t t = rt_ticks();
    return t / e->freq * 1000000000ull + t % e->freq * 1000000000ull / e->freq;
}

static bool env_wait_irq(void *ctx, uint64_t deadline_ns)
{
    struct tenant_rt_env *e = ctx;
    for (;;) {
        irq_disable();
        if (e->irq_pending) {
            e->irq_pending = 0;
            if (!e->edge)
                gic_enable_irq(e->intid);
            irq_enable();
            return true;
        }
        if (env_now_ns(e) >= deadline_ns) {
            irq_enable();
            return false;
        }
        /* WFI with IRQs masked still wakes on a pending one; unmasking takes it. */
        __asm__ volatile("wfi" ::: "memory");
        irq_enable();
    }
}

static void env_sleep_until(void *ctx, uint64_t t_ns)
{
    struct tenant_rt_env *e = ctx;
    while (env_now_ns(e) < t_ns)
        __asm__ volatile("wfi" ::: "memory");
}

static void env_log(void *ctx, const char *line)
{
    (void)ctx;
    printf("%s\n", line);
}

static const struct sgpu_env_ops tenant_rt_ops = {
    .read32 = env_read32, .read64 = env_read64, .write32 = env_write32, .write64 = env_write64,
    .alloc = env_alloc, .wait_irq = env_wait_irq, .now_ns = env_now_ns,
    .sleep_until = env_sleep_until, .log = env_log,
};

static void env_on_irq(uint32_t intid, void *arg)
{
    struct tenant_rt_env *e = arg;
    e->irq_pending = 1;
    if (!e->edge) /* a level line stays up until the driver clears the cause */
        gic_disable_irq(intid);
}

static void env_on_tick(void *arg, uint64_t count, uint64_t deadline)
{
    (void)arg, (void)count, (void)deadline; /* only here to end WFI */
}

int tenant_rt_env_init(struct tenant_rt_env *e, uintptr_t base, uint32_t intid, bool edge,
                       uint64_t heap_start, uint64_t heap_end)
{
    e->base = base;
    e->load_base = base + 0x1000;
    e->intid = intid;
    e->edge = edge;
    e->irq_pending = 0;
    e->heap_next = heap_start;
    e->heap_end = heap_end;
    e->freq = timer_freq();
    if (!e->freq) {
        printf("fpga-tenant: CNTFRQ reads 0\n");
        return -1;
    }
    if (gic_init())
        return -1;
    if (irq_register(intid, env_on_irq, e)) {
        printf("fpga-tenant: INTID %u cannot have a handler\n", intid);
        return -1;
    }
    gic_set_edge(intid, edge);
    gic_enable_irq(intid);
    irq_enable();
    return timer_periodic_start(timer_us_to_ticks(WAKE_TICK_US), env_on_tick, e);
}

void tenant_rt_env_bind(struct tenant_rt_env *e, struct sgpu_env *env)
{
    env->ops = &tenant_rt_ops;
    env->ctx = e;
}

uint64_t tenant_rt_env_mark(const struct tenant_rt_env *e) { return e->heap_next; }

void tenant_rt_env_release(struct tenant_rt_env *e, uint64_t mark) { e->heap_next = mark; }
