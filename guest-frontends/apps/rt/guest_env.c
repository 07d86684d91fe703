/* The rt guest's SGPU environment (guest_env.h). */
#include "guest_env.h"

#include "rt/rt.h"

#define CNTV_CTL_ENABLE (1u << 0)
#define CNTV_CTL_IMASK  (1u << 1)

extern char __image_end[];

static volatile bool guest_env_aborted;

static uint64_t env_ns_to_ticks(const struct guest_env *e, uint64_t ns)
{
    /* Rounded up, so a deadline is never seen before its time. */
    return ns / 1000000000u * e->freq + ((ns % 1000000000u) * e->freq + 999999999u) / 1000000000u;
}

static uint64_t env_now(void *ctx)
{
    const struct guest_env *e = ctx;
    uint64_t t = rt_ticks();
    return t / e->freq * 1000000000u + (t % e->freq) * 1000000000u / e->freq;
}

static uint32_t env_read32(void *ctx, uint32_t off)
{
    return mmio_read32(((struct guest_env *)ctx)->base + off);
}

static uint64_t env_read64(void *ctx, uint32_t off)
{
    return mmio_read64(((struct guest_env *)ctx)->base + off);
}

/* The barrier orders the ring and table stores before the register store
 * that tells the device about them. */
static void env_write32(void *ctx, uint32_t off, uint32_t v)
{
    dsb_sy();
    mmio_write32(((struct guest_env *)ctx)->base + off, v);
}

static void env_write64(void *ctx, uint32_t off, uint64_t v)
{
    dsb_sy();
    mmio_write64(((struct guest_env *)ctx)->base + off, v);
}

static void *env_alloc(void *ctx, size_t size, uint64_t *ipa)
{
    struct guest_env *e = ctx;
    uint64_t bytes = ((uint64_t)size + 4095) & ~4095ull;
    if (!size || bytes > e->heap_end - e->heap)
        return NULL;
    uint64_t *p = (uint64_t *)(uintptr_t)e->heap;
    /* Word stores: memset goes byte by byte on Device memory. */
    for (uint64_t i = 0; i < bytes / 8; i++)
        p[i] = 0;
    *ipa = e->heap;
    e->heap += bytes;
    return p;
}

/* Fires the virtual timer at absolute tick t (or masks it when t is 0). */
static void env_timer_at(uint64_t t)
{
    if (t) {
        sysreg_write(cntv_cval_el0, t);
        sysreg_write(cntv_ctl_el0, CNTV_CTL_ENABLE);
    } else {
        sysreg_write(cntv_ctl_el0, CNTV_CTL_IMASK);
    }
    isb();
}

/* Sleeps in WFI until an interrupt or tick deadline; true if the SGPU's
 * interrupt is the reason (or had already fired). WFI wakes on a pending
 * interrupt even while PSTATE.I masks it, so checking the flag with IRQs
 * masked and then waiting cannot miss one. */
static bool env_wait_ticks(struct guest_env *e, uint64_t deadline, bool want_irq)
{
    for (;;) {
        irq_disable();
        if (want_irq && e->irq) {
            e->irq = false;
            gic_enable_irq(e->intid);   /* the handler disabled it */
            irq_enable();
            return true;
        }
        if (rt_ticks() >= deadline) {
            irq_enable();
            return false;
        }
        env_timer_at(deadline);
        wfi();
        irq_enable();                   /* handlers run here */
    }
}

static bool env_wait_irq(void *ctx, uint64_t deadline_ns)
{
    struct guest_env *e = ctx;
    uint64_t t = deadline_ns == UINT64_MAX ? UINT64_MAX : env_ns_to_ticks(e, deadline_ns);
    return env_wait_ticks(e, t, true);
}

static void env_sleep_until(void *ctx, uint64_t t_ns)
{
    struct guest_env *e = ctx;
    env_wait_ticks(e, env_ns_to_ticks(e, t_ns), false);
}

static void env_log(void *ctx, const char *line)
{
    (void)ctx;
    printf("%s\n", line);
}

static const struct sgpu_env_ops guest_env_ops = {
    .read32 = env_read32, .read64 = env_read64, .write32 = env_write32, .write64 = env_write64,
    .alloc = env_alloc, .wait_irq = env_wait_irq, .now_ns = env_now, .sleep_until = env_sleep_until,
    .log = env_log,
};

/* The SGPU interrupt: latch it and disable it until the driver has looked,
 * so a level interrupt cannot storm while the driver is busy elsewhere. */
static void env_on_sgpu_irq(uint32_t intid, void *arg)
{
    struct guest_env *e = arg;
    gic_disable_irq(intid);
    e->irq = true;
    e->irqs++;
}

static void env_on_timer(uint32_t intid, void *arg)
{
    (void)intid;
    (void)arg;
    env_timer_at(0);                    /* the waiter re-arms it if needed */
}

/* A probe of an address with nothing behind it aborts: note it, skip. */
static bool env_probe_hook(struct exception_frame *f)
{
    if (ESR_EC(f->esr) != ESR_EC_DABT_CUR)
        return false;
    guest_env_aborted = true;
    f->elr += 4;
    return true;
}

int guest_env_init(struct guest_env *e, void *dtb)
{
    *e = (struct guest_env){ .base = GUEST_ENV_SGPU_BASE, .intid = GUEST_ENV_SGPU_INTID };
    e->freq = timer_freq();
    if (!e->freq) {
        printf("sgpu-env: CNTFRQ is 0: no time base\n");
        return -1;
    }
    guest_dt_read(dtb, &e->dt);
    if (e->dt.have_sgpu) {
        e->base = (uintptr_t)e->dt.sgpu_base;
        if (e->dt.sgpu_intid)
            e->intid = e->dt.sgpu_intid;
    }
    uint64_t ram_base = e->dt.have_mem ? e->dt.mem_base : GUEST_ENV_RAM_BASE;
    uint64_t ram_size = e->dt.have_mem ? e->dt.mem_size : GUEST_ENV_RAM_SIZE;
    e->heap = ((uint64_t)(uintptr_t)__image_end + 4095) & ~4095ull;
    e->heap_end = (ram_base + ram_size) & ~4095ull;
    printf("sgpu-env: SGPU at 0x%llx INTID %u (%s), heap 0x%llx-0x%llx (%s), bootargs \"%s\"\n",
           (unsigned long long)e->base, e->intid, e->dt.have_sgpu ? "from the DT" : "defaults",
           (unsigned long long)e->heap, (unsigned long long)e->heap_end,
           e->dt.have_mem ? "from the DT" : "assumed", guest_env_args(e));
    if (e->heap >= e->heap_end) {
        printf("sgpu-env: no RAM above the image\n");
        return -1;
    }
    if (e->intid >= IRQ_MAX_INTID || e->intid < 32) {
        printf("sgpu-env: INTID %u is not an SPI this runtime can handle\n", e->intid);
        return -1;
    }
    if (gic_init())
        return -1;
    irq_register(e->intid, env_on_sgpu_irq, e);
    irq_register(RT_INTID_VTIMER, env_on_timer, NULL);
    gic_enable_irq(e->intid);
    gic_enable_irq(RT_INTID_VTIMER);
    irq_enable();

    e->env = (struct sgpu_env){ .ops = &guest_env_ops, .ctx = e };
    return 0;
}

int guest_env_probe(struct guest_env *e)
{
    guest_env_aborted = false;
    exceptions_set_sync_hook(env_probe_hook);
    (void)mmio_read32(e->base);
    exceptions_set_sync_hook(NULL);
    if (guest_env_aborted) {
        printf("sgpu-env: nothing at 0x%llx (data abort on the first read)\n", (unsigned long long)e->base);
        return -1;
    }
    return 0;
}

const char *guest_env_args(const struct guest_env *e)
{
    return e->dt.bootargs ? e->dt.bootargs : "";
}
