/* Discrete-event virtual clock: a binary heap of events ordered by (time,
 * sequence), so equal-time events run in the order they were scheduled and
 * every run with the same seed is identical. */
#include <stdlib.h>
#include "sim/sim.h"

struct sim_event {
    coproc_time_t when;
    uint64_t seq;
    uint32_t idx;       /* heap position, or UINT32_MAX */
    bool oneshot;
    sim_event_fn fn;
    void *arg;
};

static struct sim_event **heap;
static uint32_t heap_n, heap_cap;
static coproc_time_t now;
static uint64_t seq, events_run, rng_state;

static bool ev_less(const struct sim_event *a, const struct sim_event *b)
{
    return a->when != b->when ? a->when < b->when : a->seq < b->seq;
}

static void ev_place(uint32_t i, struct sim_event *e)
{
    heap[i] = e;
    e->idx = i;
}

static void ev_up(uint32_t i)
{
    struct sim_event *e = heap[i];
    while (i > 0 && ev_less(e, heap[(i - 1) / 2])) {
        ev_place(i, heap[(i - 1) / 2]);
        i = (i - 1) / 2;
    }
    ev_place(i, e);
}

static void ev_down(uint32_t i)
{
    struct sim_event *e = heap[i];
    for (;;) {
        uint32_t l = 2 * i + 1, b = l;
        if (l >= heap_n)
            break;
        if (l + 1 < heap_n && ev_less(heap[l + 1], heap[l]))
            b = l + 1;
        if (!ev_less(heap[b], e))
            break;
        ev_place(i, heap[b]);
        i = b;
    }
    ev_place(i, e);
}

static void ev_remove(struct sim_event *e)
{
    uint32_t i = e->idx;
    if (i == UINT32_MAX)
        return;
    e->idx = UINT32_MAX;
    if (i == --heap_n)
        return;
    struct sim_event *m = heap[heap_n];
    ev_place(i, m);
    ev_up(i);
    ev_down(m->idx);
}

void sim_init(uint64_t s)
{
    while (heap_n) {
        struct sim_event *e = heap[0];
        ev_remove(e);
        if (e->oneshot)
            free(e);
    }
    now = 0;
    seq = 0;
    events_run = 0;
    rng_state = s ? s : 0x9e3779b97f4a7c15ull;
}

coproc_time_t sim_now(void)
{
    return now;
}

struct sim_event *sim_event_new(sim_event_fn fn, void *arg)
{
    struct sim_event *e = calloc(1, sizeof(*e));
    if (!e)
        return NULL;
    e->fn = fn;
    e->arg = arg;
    e->idx = UINT32_MAX;
    return e;
}

void sim_event_at(struct sim_event *e, coproc_time_t when)
{
    ev_remove(e);
    if (heap_n == heap_cap) {
        uint32_t ncap = heap_cap ? heap_cap * 2 : 256;
        struct sim_event **nh = realloc(heap, ncap * sizeof(*nh));
        if (!nh) {
            fprintf(stderr, "sim: out of memory for events\n");
            abort();
        }
        heap = nh;
        heap_cap = ncap;
    }
    e->when = when < now ? now : when;
    e->seq = seq++;
    ev_place(heap_n++, e);
    ev_up(heap_n - 1);
}

void sim_event_cancel(struct sim_event *e)
{
    ev_remove(e);
}

bool sim_event_pending(const struct sim_event *e)
{
    return e->idx != UINT32_MAX;
}

void sim_event_free(struct sim_event *e)
{
    if (!e)
        return;
    ev_remove(e);
    free(e);
}

void sim_call_at(coproc_time_t when, sim_event_fn fn, void *arg)
{
    struct sim_event *e = sim_event_new(fn, arg);
    if (!e) {
        fprintf(stderr, "sim: out of memory for events\n");
        abort();
    }
    e->oneshot = true;
    sim_event_at(e, when);
}

static bool sim_step(coproc_time_t limit)
{
    if (!heap_n || heap[0]->when > limit)
        return false;
    struct sim_event *e = heap[0];
    ev_remove(e);
    now = e->when;
    events_run++;
    sim_event_fn fn = e->fn;
    void *arg = e->arg;
    if (e->oneshot)
        free(e);
    fn(arg);
    return true;
}

void sim_run_until(coproc_time_t until)
{
    while (sim_step(until))
        ;
    if (until > now)
        now = until;
}

uint64_t sim_run_all(coproc_time_t limit)
{
    uint64_t n = 0;
    while (sim_step(limit))
        n++;
    return n;
}

uint64_t sim_events_run(void)
{
    return events_run;
}

/* splitmix64: small, fast, and good enough for workload jitter */
uint64_t sim_rand(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
