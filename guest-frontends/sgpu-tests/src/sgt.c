/* What the modes share: start-up, verified jobs, raw fence waits, latency
 * statistics. */
#include "sgt.h"

#include "guest_main.h"
#include "hw/sgpu_regs.h"
#include "rt/rt.h"
#include "rt/test.h"

uint64_t sgt_arg(const struct sgt *t, const char *key, uint64_t def)
{
    return guest_main_arg(&t->e, key, def);
}

bool sgt_env(struct sgt *t, void *dtb)
{
    if (!T_CHECK(guest_env_init(&t->e, dtb) == 0))
        return false;
    t->ram_base = t->e.dt.have_mem ? t->e.dt.mem_base : GUEST_ENV_RAM_BASE;
    t->ram_end = t->ram_base + (t->e.dt.have_mem ? t->e.dt.mem_size : GUEST_ENV_RAM_SIZE);
    return T_CHECK(guest_env_probe(&t->e) == 0);
}

bool sgt_open(struct sgt *t, void *dtb, const struct sgpu_params *p)
{
    int err = 0;
    if (!sgt_env(t, dtb))
        return false;
    t->d = sgpu_dev_open(&t->e.env, p, &err);
    if (!t->d)
        printf("sgpu-attack: cannot open the SGPU: %s\n", sgpu_err_str(err));
    return T_CHECK(t->d != NULL);
}

bool sgt_job_fill(struct sgt *t, uint32_t pattern, uint64_t timeout_ns)
{
    if (!t->have_job_bufs) {
        if (sgpu_buf_alloc(t->d, 4096, 0, &t->job[0]) || sgpu_buf_alloc(t->d, 4096, 0, &t->job[1]))
            return false;
        t->have_job_bufs = true;
    }
    int e = sgpu_cmd_fill(t->d, t->job[0].va, 4096, pattern);
    if (!e)
        e = sgpu_cmd_copy(t->d, t->job[0].va, t->job[1].va, 4096);
    if (!e)
        e = sgpu_fence_finish(t->d, timeout_ns);
    if (e) {
        printf("sgpu-attack: job 0x%x: %s\n", pattern, sgpu_err_str(e));
        return false;
    }
    const volatile uint32_t *w = t->job[1].cpu;
    for (unsigned i = 0; i < 1024; i++)
        if (w[i] != pattern) {
            printf("sgpu-attack: job 0x%x retired (fence %llu, FENCE reads %llu) but word %u of "
                   "its copy reads 0x%x\n", pattern, (unsigned long long)sgpu_fence_retired(t->d),
                   (unsigned long long)sgt_rd64(t, SGPU_F_FENCE), i, w[i]);
            return false;
        }
    return true;
}

int sgt_cmd_fence_value(struct sgt *t, uint64_t value, bool irq)
{
    const uint32_t fw[3] = { SGPU_CMD_HDR(SGPU_OP_FENCE, irq ? SGPU_FENCE_FLAG_IRQ : 0, 3),
                             (uint32_t)value, (uint32_t)(value >> 32) };
    return sgpu_cmd_raw(t->d, fw, 3);
}

uint32_t sgt_rd32(const struct sgt *t, uint32_t off)
{
    return t->e.env.ops->read32(t->e.env.ctx, off);
}

uint64_t sgt_rd64(const struct sgt *t, uint32_t off)
{
    return t->e.env.ops->read64(t->e.env.ctx, off);
}

void sgt_wr32(const struct sgt *t, uint32_t off, uint32_t v)
{
    t->e.env.ops->write32(t->e.env.ctx, off, v);
}

uint64_t sgt_now(const struct sgt *t)
{
    return t->e.env.ops->now_ns(t->e.env.ctx);
}

void sgt_sleep_until(const struct sgt *t, uint64_t ns)
{
    t->e.env.ops->sleep_until(t->e.env.ctx, ns);
}

void sgt_irq_ack(struct sgt *t)
{
    uint32_t st = sgt_rd32(t, SGPU_F_IRQ_STATUS);
    if (st)
        sgt_wr32(t, SGPU_F_IRQ_CLEAR, st);
}

int sgt_wait_fence_value(struct sgt *t, uint64_t value, uint64_t timeout_ns)
{
    uint64_t deadline = sgt_now(t) + timeout_ns;
    for (;;) {
        /* acknowledge first, then look: an interrupt in between is latched
         * by the environment and ends the next wait at once */
        sgt_irq_ack(t);
        if (sgt_rd64(t, SGPU_F_FENCE) == value)
            return SGPU_OK;
        if (sgt_rd32(t, SGPU_F_STATUS) & SGPU_STATUS_FAULTED)
            return SGPU_ERR_FAULT;
        uint64_t now = sgt_now(t);
        if (now >= deadline)
            return SGPU_ERR_TIMEOUT;
        /* re-look every 4 ms even without an interrupt */
        uint64_t until = now + 4000000 < deadline ? now + 4000000 : deadline;
        t->e.env.ops->wait_irq(t->e.env.ctx, until);
    }
}

void sgt_lat_add(struct sgt_lat *l, uint64_t ns)
{
    if (ns > l->max)
        l->max = ns;
    if (l->n < SGT_MAX_SAMPLES)
        l->v[l->n++] = ns;
}

uint64_t sgt_lat_pct(struct sgt_lat *l, uint32_t pct)
{
    if (!l->n)
        return 0;
    /* insertion sort: a few thousand samples at most, once per run */
    for (uint32_t i = 1; i < l->n; i++) {
        uint64_t x = l->v[i];
        uint32_t j = i;
        for (; j > 0 && l->v[j - 1] > x; j--)
            l->v[j] = l->v[j - 1];
        l->v[j] = x;
    }
    uint32_t rank = (l->n * pct + 99) / 100;
    return l->v[rank ? rank - 1 : 0];
}
