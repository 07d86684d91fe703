/* Simulated guest front-end (see include/sim/guest.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sim/guest.h"
#include "../vcoproc-drivers/synthetic/synthetic_regs.h"

#define GUEST_RING_SIZE 256u
#define GUEST_RING_IPA (SIM_RAM_BASE + 0x10000)

struct guest_stream {
    struct sim_guest *g;
    unsigned idx;
    struct sim_stream_cfg cfg;
    struct sim_event *ev;
    coproc_time_t next;
    uint32_t in_flight;
};

struct sim_guest {
    struct platform_domain *d;
    uint64_t reg;
    uint32_t virq;
    uint32_t tail, head;
    bool running;
    unsigned nr_streams;
    struct guest_stream streams[SIM_MAX_STREAMS];
    struct sim_guest_stats st;
};

static uint32_t reg_rd(struct sim_guest *g, uint64_t off)
{
    uint64_t v;
    if (!sim_guest_mmio_read(g->d, g->reg + off, 4, &v))
        g->st.mmio_errors++;
    return (uint32_t)v;
}

static void reg_wr(struct sim_guest *g, uint64_t off, uint32_t v)
{
    if (!sim_guest_mmio_write(g->d, g->reg + off, 4, v))
        g->st.mmio_errors++;
}

static coproc_time_t jittered(const struct sim_stream_cfg *c)
{
    if (!c->jitter_pct)
        return c->cost;
    uint64_t span = c->cost * c->jitter_pct / 100;
    uint64_t off = span ? sim_rand() % (2 * span + 1) : 0;
    coproc_time_t v = c->cost - span + off;
    return v ? v : 1;
}

static bool guest_submit(struct sim_guest *g, unsigned stream, coproc_time_t cost,
                         coproc_time_t deadline)
{
    if (g->tail - g->head >= GUEST_RING_SIZE) {
        g->st.dropped++;
        if (deadline) {
            g->st.deadline_jobs++;
            g->st.misses++;
        }
        return false;
    }
    struct syn_job j = {
        .id = (uint64_t)stream << 48 | g->st.submitted,
        .cost_ns = cost, .submit_ns = sim_now(), .deadline_ns = deadline,
    };
    uint64_t at = GUEST_RING_IPA + (uint64_t)(g->tail % GUEST_RING_SIZE) * sizeof(j);
    memcpy(sim_domain_ram(g->d, at, sizeof(j)), &j, sizeof(j));
    g->tail++;
    g->st.submitted++;
    if (stream < g->nr_streams)
        g->streams[stream].in_flight++;
    reg_wr(g, SYN_V_TAIL, g->tail);
    return true;
}

bool sim_guest_submit(struct sim_guest *g, coproc_time_t cost, coproc_time_t deadline)
{
    return guest_submit(g, SIM_MAX_STREAMS, cost, deadline ? sim_now() + deadline : 0);
}

static void stream_fire(void *arg)
{
    struct guest_stream *s = arg;
    struct sim_guest *g = s->g;
    const struct sim_stream_cfg *c = &s->cfg;
    coproc_time_t now = sim_now();
    if (!g->running)
        return;
    switch (c->kind) {
    case SIM_STREAM_PERIODIC:
        guest_submit(g, s->idx, jittered(c), c->deadline ? now + c->deadline : 0);
        s->next += c->period;
        break;
    case SIM_STREAM_BURST:
        for (uint32_t i = 0; i < c->count; i++)
            guest_submit(g, s->idx, jittered(c), c->deadline ? now + c->deadline : 0);
        s->next += c->period;
        break;
    case SIM_STREAM_RANDOM: {
        guest_submit(g, s->idx, jittered(c), c->deadline ? now + c->deadline : 0);
        /* Poisson arrivals: exponential gaps from a uniform u in (0, 1] */
        double u = ((double)(sim_rand() >> 11) + 1.0) / 9007199254740992.0;
        s->next = now + (coproc_time_t)(-log(u) * (double)c->mean);
        break;
    }
    case SIM_STREAM_SATURATE:
        while (s->in_flight < c->depth)
            if (!guest_submit(g, s->idx, jittered(c), 0))
                break;
        return;
    }
    sim_event_at(s->ev, s->next);
}

static void guest_virq(void *arg, uint32_t virq)
{
    struct sim_guest *g = arg;
    (void)virq;
    g->st.virqs++;
    uint32_t st = reg_rd(g, SYN_V_IRQ_STATUS);
    reg_wr(g, SYN_V_IRQ_STATUS, st);
    uint32_t head = reg_rd(g, SYN_V_HEAD);
    coproc_time_t now = sim_now();
    for (; g->head != head; g->head++) {
        struct syn_job j;
        uint64_t at = GUEST_RING_IPA + (uint64_t)(g->head % GUEST_RING_SIZE) * sizeof(j);
        memcpy(&j, sim_domain_ram(g->d, at, sizeof(j)), sizeof(j));
        unsigned stream = (unsigned)(j.id >> 48);
        g->st.completed++;
        g->st.work_ns += j.cost_ns;
        if (j.deadline_ns) {
            g->st.deadline_jobs++;
            g->st.misses += now > j.deadline_ns;
        }
        if (stream < g->nr_streams && g->streams[stream].in_flight)
            g->streams[stream].in_flight--;
    }
    for (unsigned i = 0; i < g->nr_streams; i++)
        if (g->streams[i].cfg.kind == SIM_STREAM_SATURATE)
            stream_fire(&g->streams[i]);
}

struct sim_guest *sim_guest_create(struct platform_domain *d, uint64_t reg_ipa, uint32_t virq,
                                   const struct sim_vcoproc_cfg *cfg)
{
    struct sim_guest *g = calloc(1, sizeof(*g));
    if (!g)
        return NULL;
    g->d = d;
    g->reg = reg_ipa;
    g->virq = virq;
    g->nr_streams = cfg ? cfg->nr_streams : 0;
    for (unsigned i = 0; i < g->nr_streams; i++) {
        struct guest_stream *s = &g->streams[i];
        s->g = g;
        s->idx = i;
        s->cfg = cfg->streams[i];
        s->ev = sim_event_new(stream_fire, s);
        if (!s->ev) {
            sim_guest_destroy(g);
            return NULL;
        }
    }
    sim_domain_on_virq(d, guest_virq, g);
    return g;
}

int sim_guest_start(struct sim_guest *g)
{
    if (reg_rd(g, SYN_V_ID) != SYN_ID_VALUE)
        return -1;
    reg_wr(g, SYN_V_RING_BASE_LO, (uint32_t)GUEST_RING_IPA);
    reg_wr(g, SYN_V_RING_BASE_HI, (uint32_t)(GUEST_RING_IPA >> 32));
    reg_wr(g, SYN_V_RING_SIZE, GUEST_RING_SIZE);
    g->running = true;
    for (unsigned i = 0; i < g->nr_streams; i++) {
        struct guest_stream *s = &g->streams[i];
        s->next = sim_now() + s->cfg.phase;
        sim_event_at(s->ev, s->next);
    }
    return g->st.mmio_errors ? -1 : 0;
}

void sim_guest_stop(struct sim_guest *g)
{
    g->running = false;
    for (unsigned i = 0; i < g->nr_streams; i++)
        sim_event_cancel(g->streams[i].ev);
}

void sim_guest_destroy(struct sim_guest *g)
{
    if (!g)
        return;
    for (unsigned i = 0; i < g->nr_streams; i++)
        sim_event_free(g->streams[i].ev);
    sim_domain_on_virq(g->d, NULL, NULL);
    free(g);
}

const struct sim_guest_stats *sim_guest_stats(const struct sim_guest *g)
{
    return &g->st;
}

void sim_guest_stats_reset(struct sim_guest *g)
{
    memset(&g->st, 0, sizeof(g->st));
}
