/* struct sgpu_env over the in-process SFPGA model (see host_env.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_env.h"

/* The env that owns device, RAM, clock and allocator. */
static struct host_env *own(struct host_env *h) { return h->owner ? h->owner : h; }

static unsigned env_page(struct host_env *h, uint32_t off)
{
    return off < HW_PAGE_SIZE ? SFPGA_PAGE_FUNC(h->slot) : SFPGA_PAGE_PRIV(h->nslots, h->slot);
}

static uint32_t env_read32(void *ctx, uint32_t off)
{
    struct host_env *h = ctx;
    uint64_t v = 0;
    if (off >= 2 * HW_PAGE_SIZE)
        return 0; /* outside the window: nothing there */
    sfpga_reg_read(own(h)->dev, env_page(h, off), off % HW_PAGE_SIZE, 4, &v);
    return (uint32_t)v;
}

static uint64_t env_read64(void *ctx, uint32_t off)
{
    return env_read32(ctx, off) | (uint64_t)env_read32(ctx, off + 4) << 32;
}

static void env_write32(void *ctx, uint32_t off, uint32_t val)
{
    struct host_env *h = ctx;
    if (off >= 2 * HW_PAGE_SIZE)
        return;
    sfpga_reg_write(own(h)->dev, env_page(h, off), off % HW_PAGE_SIZE, 4, val);
    sfpga_doorbell(own(h)->dev, own(h)->now); /* as a trapped guest store would ring it */
}

static void env_write64(void *ctx, uint32_t off, uint64_t val)
{
    env_write32(ctx, off, (uint32_t)val);
    env_write32(ctx, off + 4, (uint32_t)(val >> 32));
}

static void *env_alloc(void *ctx, size_t size, uint64_t *ipa)
{
    struct host_env *h = own(ctx);
    uint64_t p = (h->heap_next + 4095) & ~4095ull;
    uint64_t n = (size + 4095) & ~4095ull;
    if (!size || p > h->ram_size || n > h->ram_size - p)
        return NULL;
    h->heap_next = p + n;
    memset(h->ram + p, 0, n);
    *ipa = HOST_ENV_RAM_BASE + p;
    return h->ram + p;
}

/* Runs the model event by event up to the deadline, stopping at the first
 * interrupt of our slot. */
static bool env_wait_irq(void *ctx, uint64_t deadline_ns)
{
    struct host_env *v = ctx, *h = own(v);
    bool *pend = &h->pend[v->slot];
    for (;;) {
        if (*pend && !h->drop_irqs) {
            *pend = false;
            return true;
        }
        uint64_t next = sfpga_advance(h->dev, h->now);
        if (*pend && !h->drop_irqs)
            continue;
        if (next == HW_MODEL_IDLE || next > deadline_ns) {
            if (deadline_ns > h->now)
                h->now = deadline_ns;
            sfpga_advance(h->dev, h->now);
            if (*pend && !h->drop_irqs)
                continue;
            return false;
        }
        h->now = next > h->now ? next : h->now + 1;
    }
}

static uint64_t env_now_ns(void *ctx) { return own(ctx)->now; }

static void env_sleep_until(void *ctx, uint64_t t_ns)
{
    struct host_env *h = own(ctx);
    if (t_ns > h->now)
        h->now = t_ns;
    sfpga_advance(h->dev, h->now);
}

static void env_log(void *ctx, const char *line)
{
    struct host_env *h = own(ctx);
    h->log_lines++;
    snprintf(h->last_log, sizeof h->last_log, "%s", line);
    if (h->echo)
        printf("  [guest] %s\n", line);
}

static const struct sgpu_env_ops host_env_ops = {
    .read32 = env_read32, .read64 = env_read64, .write32 = env_write32, .write64 = env_write64,
    .alloc = env_alloc, .wait_irq = env_wait_irq, .now_ns = env_now_ns,
    .sleep_until = env_sleep_until, .log = env_log,
};

/* Vector k is slot k's function IRQ, N + k its privileged one. */
static void env_raise_irq(void *ctx, unsigned vector)
{
    struct host_env *h = ctx;
    unsigned slot = vector < h->nslots ? vector : vector - h->nslots;
    if (slot >= h->nslots)
        return;
    h->pend[slot] = true;
    if (vector == SFPGA_VEC_FUNC(h->slot))
        h->irqs_func++;
    else if (vector == SFPGA_VEC_PRIV(h->nslots, h->slot))
        h->irqs_priv++;
}

static void env_model_log(void *ctx, const char *msg)
{
    struct host_env *h = ctx;
    if (h->echo)
        printf("  [model] %s\n", msg);
}

int host_env_init(struct host_env *h, uint64_t ram_size, unsigned nslots, unsigned slot)
{
    memset(h, 0, sizeof *h);
    const char *v = getenv("SFPGA_GUEST_VERBOSE");
    h->echo = v && *v == '1';
    h->ram = calloc(1, ram_size);
    if (!h->ram) {
        printf("host_env: no %llu bytes of RAM\n", (unsigned long long)ram_size);
        return -1;
    }
    h->ram_size = ram_size;
    h->nslots = nslots;
    h->slot = slot;
    h->heap_next = 4096; /* IPA RAM_BASE itself stays unused */
    struct sfpga_config cfg = {
        .mem = { .base = h->ram, .pa_base = HOST_ENV_RAM_BASE, .size = ram_size },
        .nslots = nslots, .raise_irq = env_raise_irq, .irq_ctx = h,
        .log = env_model_log, .log_ctx = h,
    };
    char err[128];
    h->dev = sfpga_create(&cfg, err, sizeof err);
    if (!h->dev) {
        printf("host_env: sfpga_create: %s\n", err);
        free(h->ram);
        return -1;
    }
    return 0;
}

void host_env_fini(struct host_env *h)
{
    if (h->dev)
        sfpga_destroy(h->dev);
    free(h->ram);
    memset(h, 0, sizeof *h);
}

void host_env_bind(struct host_env *h, struct sgpu_env *env)
{
    env->ops = &host_env_ops;
    env->ctx = h;
}

void host_env_init_view(struct host_env *v, struct host_env *owner, unsigned slot)
{
    memset(v, 0, sizeof *v);
    v->owner = owner;
    v->nslots = owner->nslots;
    v->slot = slot;
}
