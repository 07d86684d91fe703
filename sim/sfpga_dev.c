/* The SFPGA model on the simulator's bus and clock (see sim/sfpga_dev.h).
 * Transport rule, as over ivshmem where the platform rings BAR0 after each
 * store: every 32-bit store into the window is followed by a doorbell, so
 * the driver never rings anything itself. */
#include <stdio.h>
#include <stdlib.h>
#include "hw/sfpga.h"
#include "sim/machine.h"
#include "sim/sfpga_dev.h"
#include "sim/sim.h"

/* Deferred mode: a doorbell's trip from the hypervisor to the model. */
#define SIM_SFPGA_BELL_NS 3000u

struct sim_sfpga {
    struct sfpga *f;
    uint64_t pa, window;
    uint32_t irq_base;
    struct sim_event *tick;    /* the model's next sfpga_advance */
    struct sim_event *bell;    /* deferred mode: the doorbell owed for past stores */
    bool deferred;
};

static void sfpga_dev_schedule(struct sim_sfpga *d, uint64_t next)
{
    if (next == HW_MODEL_IDLE)
        sim_event_cancel(d->tick);
    else
        sim_event_at(d->tick, next);
}

static void sfpga_dev_tick(void *arg)
{
    struct sim_sfpga *d = arg;
    sfpga_dev_schedule(d, sfpga_advance(d->f, sim_now()));
}

static void sfpga_dev_ring(void *arg)
{
    struct sim_sfpga *d = arg;
    sfpga_doorbell(d->f, sim_now());
    sfpga_dev_schedule(d, sfpga_advance(d->f, sim_now()));
}

static void sfpga_dev_irq(void *ctx, unsigned vector)
{
    struct sim_sfpga *d = ctx;
    /* delivered from the event loop, never inside the register access */
    sim_irq_raise(d->irq_base + vector);
}

static void sfpga_dev_log(void *ctx, const char *msg)
{
    (void)ctx;
    platform_log(PLATFORM_LOG_INFO, "sfpga model: %s", msg);
}

static uint32_t sfpga_dev_read32(void *priv, uint64_t off)
{
    struct sim_sfpga *d = priv;
    uint64_t v = 0;
    /* a read sees the device as it is now: what fell due at this very
     * instant (a load ending) has happened, whatever the event order */
    sfpga_dev_schedule(d, sfpga_advance(d->f, sim_now()));
    sfpga_reg_read(d->f, (unsigned)(off >> 12), (uint32_t)(off & 0xfff), 4, &v);
    return (uint32_t)v;
}

static void sfpga_dev_write32(void *priv, uint64_t off, uint32_t val)
{
    struct sim_sfpga *d = priv;
    if (sfpga_reg_write(d->f, (unsigned)(off >> 12), (uint32_t)(off & 0xfff), 4, val))
        return;
    if (d->deferred) {
        /* as the hypervisor rings when its lock is released: every store of
         * this handler takes effect together, after it returns, and only
         * once the doorbell has reached the model process (on QEMU a few
         * microseconds): the guest and the driver's next steps may run
         * first, and stores made meanwhile join the same doorbell, as they
         * would from BAR2 */
        if (!sim_event_pending(d->bell))
            sim_event_at(d->bell, sim_now() + SIM_SFPGA_BELL_NS);
        return;
    }
    sfpga_dev_ring(d);
}

static const struct sim_iomem_ops sfpga_dev_ops = { sfpga_dev_read32, sfpga_dev_write32 };

struct sim_sfpga *sim_sfpga_create(uint64_t pa, uint32_t irq_base, unsigned nslots)
{
    struct sim_sfpga *d = calloc(1, sizeof(*d));
    char err[256] = "";
    if (!d)
        return NULL;
    d->pa = pa;
    d->irq_base = irq_base;
    d->window = (uint64_t)SFPGA_NUM_PAGES(nslots ? nslots : SFPGA_DEFAULT_SLOTS) * 0x1000u;
    d->tick = sim_event_new(sfpga_dev_tick, d);
    d->bell = sim_event_new(sfpga_dev_ring, d);
    struct sfpga_config cfg = {
        .mem = sim_machine_mem(),
        .nslots = nslots,
        .raise_irq = sfpga_dev_irq,
        .irq_ctx = d,
        .now_ns = sim_now(),
        .log = sfpga_dev_log,
    };
    if (d->tick && d->bell && cfg.mem.base)
        d->f = sfpga_create(&cfg, err, sizeof(err));
    if (!d->f || sim_iomem_register(pa, d->window, &sfpga_dev_ops, d)) {
        fprintf(stderr, "sim: cannot create the SFPGA model%s%s\n", d->f ? "" : ": ",
                d->f ? "" : err);
        sim_sfpga_destroy(d);
        return NULL;
    }
    return d;
}

void sim_sfpga_destroy(struct sim_sfpga *d)
{
    if (!d)
        return;
    if (d->f) {
        sim_iomem_unregister(d->pa);
        sfpga_destroy(d->f);
    }
    sim_event_free(d->tick);
    sim_event_free(d->bell);
    free(d);
}

void sim_sfpga_set_deferred(struct sim_sfpga *d, bool on)
{
    d->deferred = on;
}

uint64_t sim_sfpga_window(const struct sim_sfpga *d)
{
    return d->window;
}

struct sfpga *sim_sfpga_model(struct sim_sfpga *d)
{
    return d->f;
}
