/* The host environment of the SGPU guest library over the in-process
 * model (see host_env.h). */
#include "host_env.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void env_append(struct host_env *h, const char *line)
{
    size_t n = strlen(line);
    if (h->log_len + n + 2 > h->log_cap) {
        size_t cap = (h->log_cap + n + 2) * 2;
        char *p = realloc(h->log, cap);
        if (!p)
            return;
        h->log = p;
        h->log_cap = cap;
    }
    memcpy(h->log + h->log_len, line, n);
    h->log_len += n;
    h->log[h->log_len++] = '\n';
    h->log[h->log_len] = '\0';
    if (h->verbose || !strncmp(line, "CLUSTER ", 8) || !strncmp(line, "IVI ", 4) ||
        !strncmp(line, "CHECKER ", 8))
        printf("  %s\n", line);
}

bool host_env_log_has(const struct host_env *h, const char *s)
{
    return h->log && strstr(h->log, s) != NULL;
}

void host_env_log_clear(struct host_env *h)
{
    h->log_len = 0;
    if (h->log)
        h->log[0] = '\0';
}

/* Runs the model up to time t (interrupts it raises set h->irq). */
static void env_run_to(struct host_env *h, uint64_t t)
{
    for (int i = 0; i < 1000000; i++) {
        uint64_t next = sgpu_advance(h->g, t);
        if (next == HW_MODEL_IDLE || next > t)
            break;
    }
    if (t > h->now)
        h->now = t;
}

static void env_tick(struct host_env *h)
{
    env_run_to(h, h->now + h->mmio_cost_ns);
}

static uint32_t env_read32(void *ctx, uint32_t off)
{
    struct host_env *h = ctx;
    uint64_t v = 0;
    env_tick(h);
    h->reads++;
    sgpu_reg_read(h->g, SGPU_PAGE_FUNC, off, 4, &v);
    if (off == SGPU_F_ID && h->fail_id)
        return 0;
    return (uint32_t)v;
}

static uint64_t env_read64(void *ctx, uint32_t off)
{
    struct host_env *h = ctx;
    uint64_t v = 0;
    if (h->split64)
        return env_read32(ctx, off) | (uint64_t)env_read32(ctx, off + 4) << 32;
    env_tick(h);
    h->reads++;
    sgpu_reg_read(h->g, SGPU_PAGE_FUNC, off, 8, &v);
    return v;
}

static void env_write(struct host_env *h, uint32_t off, unsigned width, uint64_t v)
{
    env_tick(h);
    h->writes++;
    sgpu_reg_write(h->g, SGPU_PAGE_FUNC, off, width, v);
    sgpu_doorbell(h->g, h->now);
}

static void env_write32(void *ctx, uint32_t off, uint32_t v)
{
    env_write(ctx, off, 4, v);
}

static void env_write64(void *ctx, uint32_t off, uint64_t v)
{
    struct host_env *h = ctx;
    if (h->split64) {
        env_write(h, off, 4, (uint32_t)v);
        env_write(h, off + 4, 4, (uint32_t)(v >> 32));
        return;
    }
    env_write(ctx, off, 8, v);
}

static void *env_alloc(void *ctx, size_t size, uint64_t *ipa)
{
    struct host_env *h = ctx;
    uint64_t bytes = (size + 4095) & ~4095ull;
    if (!size || bytes > h->ram_size - h->brk)
        return NULL;
    uint8_t *p = h->ram + h->brk;
    memset(p, 0, bytes);
    *ipa = HOST_ENV_RAM_PA + h->brk;
    h->brk += bytes;
    return p;
}

static bool env_wait_irq(void *ctx, uint64_t deadline)
{
    struct host_env *h = ctx;
    h->waits++;
    for (;;) {
        if (h->irq)
            break;
        uint64_t next = sgpu_advance(h->g, h->now);
        if (h->irq)
            break;
        if (next == HW_MODEL_IDLE || next >= deadline) {
            if (deadline == UINT64_MAX) {
                env_append(h, "host-env: wait_irq without a deadline on an idle device");
                return false;
            }
            env_run_to(h, deadline);
            break;
        }
        if (next > h->now)
            h->now = next;
    }
    bool fired = h->irq;
    h->irq = false;
    return fired;
}

static uint64_t env_now(void *ctx)
{
    return ((struct host_env *)ctx)->now;
}

static void env_sleep_until(void *ctx, uint64_t t)
{
    struct host_env *h = ctx;
    if (t > h->now)
        env_run_to(h, t);
}

static void env_log(void *ctx, const char *line)
{
    env_append(ctx, line);
}

static void env_model_log(void *ctx, const char *msg)
{
    env_append(ctx, msg);
}

static void env_raise_irq(void *ctx, unsigned vector)
{
    struct host_env *h = ctx;
    if (vector == SGPU_VEC_FUNC) {
        h->irq = true;
        h->irqs++;
    }
}

static const struct sgpu_env_ops host_env_ops = {
    .read32 = env_read32, .read64 = env_read64, .write32 = env_write32, .write64 = env_write64,
    .alloc = env_alloc, .wait_irq = env_wait_irq, .now_ns = env_now, .sleep_until = env_sleep_until,
    .log = env_log,
};

void host_env_drain(struct host_env *h, uint64_t limit_ns)
{
    uint64_t end = h->now + limit_ns;
    while (h->now < end) {
        uint64_t next = sgpu_advance(h->g, h->now);
        if (next == HW_MODEL_IDLE)
            return;
        h->now = next > end ? end : next > h->now ? next : h->now;
    }
}

int host_env_init(struct host_env *h, uint64_t ram_bytes, enum sgpu_executor_kind ex)
{
    char err[200];
    memset(h, 0, sizeof(*h));
    h->verbose = getenv("SGPU_GUEST_VERBOSE") != NULL;
    h->ram = calloc(1, ram_bytes);
    if (!h->ram)
        return -1;
    h->ram_size = ram_bytes;
    h->mmio_cost_ns = 100;
    struct sgpu_config cfg = {
        .mem = { .base = h->ram, .pa_base = HOST_ENV_RAM_PA, .size = ram_bytes },
        .raise_irq = env_raise_irq, .irq_ctx = h, .executor = ex, .now_ns = 0,
        .log = env_model_log, .log_ctx = h,
    };
    h->g = sgpu_create(&cfg, err, sizeof(err));
    if (!h->g) {
        fprintf(stderr, "host-env: sgpu_create: %s\n", err);
        free(h->ram);
        return -1;
    }
    h->env = (struct sgpu_env){ .ops = &host_env_ops, .ctx = h };
    return 0;
}

void host_env_free(struct host_env *h)
{
    if (h->g)
        sgpu_destroy(h->g);
    free(h->ram);
    free(h->log);
    memset(h, 0, sizeof(*h));
}
