/* Binary min-heap of scheduler entities with index tracking, so removal of
 * an arbitrary entity is O(log n). Storage is reserved at insert time. */
#ifndef COPROC_SCHED_HEAP_H
#define COPROC_SCHED_HEAP_H
#include "coproc/sched.h"

#define SCHED_HEAP_NONE 0xffffffffu

struct sched_heap {
    struct sched_entity **a;
    uint32_t n, cap;
    unsigned which;   /* which heap_idx[] slot of an entity this heap uses */
    bool (*less)(const struct sched_entity *x, const struct sched_entity *y);
};

void sched_heap_init(struct sched_heap *h, unsigned which,
                     bool (*less)(const struct sched_entity *, const struct sched_entity *));
void sched_heap_fini(struct sched_heap *h);
/* Makes room for `cap` entities; the only call that allocates. */
int sched_heap_reserve(struct sched_heap *h, uint32_t cap);
void sched_heap_push(struct sched_heap *h, struct sched_entity *e);
void sched_heap_remove(struct sched_heap *h, struct sched_entity *e);
struct sched_entity *sched_heap_pop(struct sched_heap *h);
static inline struct sched_entity *sched_heap_top(const struct sched_heap *h)
{
    return h->n ? h->a[0] : 0;
}
static inline bool sched_heap_contains(const struct sched_heap *h, const struct sched_entity *e)
{
    return e->heap_idx[h->which] != SCHED_HEAP_NONE;
}
#endif
