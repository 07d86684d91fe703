/* Index-tracking binary heap used by the credit and rt policies. */
#include "heap.h"
#include "coproc/platform.h"

void sched_heap_init(struct sched_heap *h, unsigned which,
                     bool (*less)(const struct sched_entity *, const struct sched_entity *))
{
    h->a = 0;
    h->n = h->cap = 0;
    h->which = which;
    h->less = less;
}

void sched_heap_fini(struct sched_heap *h)
{
    platform_free(h->a);
    h->a = 0;
    h->n = h->cap = 0;
}

int sched_heap_reserve(struct sched_heap *h, uint32_t cap)
{
    if (cap <= h->cap)
        return 0;
    uint32_t ncap = h->cap ? h->cap : 8;
    while (ncap < cap)
        ncap *= 2;
    struct sched_entity **na = platform_alloc(ncap * sizeof(*na));
    if (!na)
        return COPROC_ENOMEM;
    for (uint32_t i = 0; i < h->n; i++)
        na[i] = h->a[i];
    platform_free(h->a);
    h->a = na;
    h->cap = ncap;
    return 0;
}

static void heap_place(struct sched_heap *h, uint32_t i, struct sched_entity *e)
{
    h->a[i] = e;
    e->heap_idx[h->which] = i;
}

static void heap_up(struct sched_heap *h, uint32_t i)
{
    struct sched_entity *e = h->a[i];
    while (i > 0) {
        uint32_t p = (i - 1) / 2;
        if (!h->less(e, h->a[p]))
            break;
        heap_place(h, i, h->a[p]);
        i = p;
    }
    heap_place(h, i, e);
}

static void heap_down(struct sched_heap *h, uint32_t i)
{
    struct sched_entity *e = h->a[i];
    for (;;) {
        uint32_t l = 2 * i + 1, best = l;
        if (l >= h->n)
            break;
        if (l + 1 < h->n && h->less(h->a[l + 1], h->a[l]))
            best = l + 1;
        if (!h->less(h->a[best], e))
            break;
        heap_place(h, i, h->a[best]);
        i = best;
    }
    heap_place(h, i, e);
}

void sched_heap_push(struct sched_heap *h, struct sched_entity *e)
{
    /* capacity was reserved by insert(); running out is a framework bug */
    if (h->n >= h->cap) {
        platform_log(PLATFORM_LOG_ERR, "BUG %s:%d: sched heap full (%u)", __FILE__, __LINE__,
                     h->cap);
        return;
    }
    heap_place(h, h->n++, e);
    heap_up(h, h->n - 1);
}

void sched_heap_remove(struct sched_heap *h, struct sched_entity *e)
{
    uint32_t i = e->heap_idx[h->which];
    if (i == SCHED_HEAP_NONE || i >= h->n || h->a[i] != e)
        return;
    e->heap_idx[h->which] = SCHED_HEAP_NONE;
    h->n--;
    if (i == h->n)
        return;
    struct sched_entity *moved = h->a[h->n];
    heap_place(h, i, moved);
    heap_up(h, i);
    heap_down(h, moved->heap_idx[h->which]);
}

struct sched_entity *sched_heap_pop(struct sched_heap *h)
{
    struct sched_entity *e = sched_heap_top(h);
    if (e)
        sched_heap_remove(h, e);
    return e;
}
