/* The SGPU model on the simulator's bus and clock (see sim/sgpu_dev.h).
 * Transport rule, as over ivshmem where the platform rings BAR0 after each
 * store: every 32-bit store into the window is followed by a doorbell, so
 * the driver never rings anything itself. */
#include <stdlib.h>
#include "hw/sgpu.h"
#include "sim/machine.h"
#include "sim/sgpu_dev.h"
#include "sim/sim.h"

struct sim_sgpu {
    struct sgpu *g;
    uint64_t pa;
    uint32_t irq_base;
    struct sim_event *tick;    /* the model's next sgpu_advance */
    uint64_t writes;
};

static void sgpu_dev_schedule(struct sim_sgpu *d, uint64_t next)
{
    if (next == HW_MODEL_IDLE)
        sim_event_cancel(d->tick);
    else
        sim_event_at(d->tick, next);
}

static void sgpu_dev_tick(void *arg)
{
    struct sim_sgpu *d = arg;
    sgpu_dev_schedule(d, sgpu_advance(d->g, sim_now()));
}

static void sgpu_dev_irq(void *ctx, unsigned vector)
{
    struct sim_sgpu *d = ctx;
    /* delivered from the event loop, never inside the register access */
    sim_irq_raise(d->irq_base + vector);
}

static void sgpu_dev_log(void *ctx, const char *msg)
{
    (void)ctx;
    platform_log(PLATFORM_LOG_INFO, "sgpu model: %s", msg);
}

static uint32_t sgpu_dev_read32(void *priv, uint64_t off)
{
    struct sim_sgpu *d = priv;
    uint64_t v = 0;
    sgpu_reg_read(d->g, (unsigned)(off >> 12), (uint32_t)(off & 0xfff), 4, &v);
    return (uint32_t)v;
}

static void sgpu_dev_write32(void *priv, uint64_t off, uint32_t val)
{
    struct sim_sgpu *d = priv;
    d->writes++;
    if (sgpu_reg_write(d->g, (unsigned)(off >> 12), (uint32_t)(off & 0xfff), 4, val))
        return;
    sgpu_doorbell(d->g, sim_now());
    sgpu_dev_schedule(d, sgpu_advance(d->g, sim_now()));
}

static const struct sim_iomem_ops sgpu_dev_ops = { sgpu_dev_read32, sgpu_dev_write32 };

struct sim_sgpu *sim_sgpu_create(uint64_t pa, uint32_t irq_base)
{
    struct sim_sgpu *d = calloc(1, sizeof(*d));
    char err[256];
    if (!d)
        return NULL;
    d->pa = pa;
    d->irq_base = irq_base;
    d->tick = sim_event_new(sgpu_dev_tick, d);
    struct sgpu_config cfg = {
        .mem = sim_machine_mem(),
        .raise_irq = sgpu_dev_irq,
        .irq_ctx = d,
        .executor = SGPU_EXEC_BUILTIN,
        .now_ns = sim_now(),
        .log = sgpu_dev_log,
    };
    if (d->tick && cfg.mem.base)
        d->g = sgpu_create(&cfg, err, sizeof(err));
    if (!d->g || sim_iomem_register(pa, SIM_SGPU_WINDOW, &sgpu_dev_ops, d)) {
        fprintf(stderr, "sim: cannot create the SGPU model%s%s\n", d->g ? "" : ": ",
                d->g ? "" : err);
        sim_sgpu_destroy(d);
        return NULL;
    }
    return d;
}

void sim_sgpu_destroy(struct sim_sgpu *d)
{
    if (!d)
        return;
    if (d->g) {
        sim_iomem_unregister(d->pa);
        sgpu_destroy(d->g);
    }
    sim_event_free(d->tick);
    free(d);
}

struct sgpu *sim_sgpu_model(struct sim_sgpu *d)
{
    return d->g;
}

uint64_t sim_sgpu_writes(const struct sim_sgpu *d)
{
    return d->writes;
}
