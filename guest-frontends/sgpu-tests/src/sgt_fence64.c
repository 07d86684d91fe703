/* A 64-bit register read whole (mode=fence64, bootargs duration_ms=,
 * burst=): the device retires FENCE commands back to back whose values,
 * n * (2^32 + 1), change both halves of FENCE at every retirement, while
 * the guest reads FENCE with one 64-bit load over and over. Every value
 * read must have equal halves (unequal ones are a torn read: a half of each
 * of two values, which to a driver looks like a fence 2^32 ahead or
 * behind) and the values never go backwards. */
#include "sgt.h"

#include "hw/sgpu_regs.h"
#include "rt/rt.h"
#include "rt/test.h"

#define FENCE64_STEP   0x100000001ull   /* both halves move at once */
#define FENCE64_READS  32u              /* reads between two bursts */

struct fence64_stats {
    uint64_t reads, changes, torn, backwards, last;
};

static void fence64_check(struct fence64_stats *s, uint64_t v)
{
    s->reads++;
    if ((uint32_t)v != (uint32_t)(v >> 32)) {
        if (s->torn++ < 5)
            printf("FENCE64 torn read 0x%llx after 0x%llx\n", (unsigned long long)v,
                   (unsigned long long)s->last);
        return;
    }
    if (v < s->last) {
        if (s->backwards++ < 5)
            printf("FENCE64 went back from 0x%llx to 0x%llx\n", (unsigned long long)s->last,
                   (unsigned long long)v);
        return;
    }
    if (v != s->last)
        s->changes++;
    s->last = v;
}

int sgt_fence64_run(struct sgt *t, void *dtb)
{
    const struct sgpu_params p = { .ring_bytes = 64u << 10 };
    if (!sgt_open(t, dtb, &p))
        return test_end();
    uint64_t duration = sgt_arg(t, "duration_ms", 2000) * 1000000;
    uint32_t burst = (uint32_t)sgt_arg(t, "burst", 256);
    struct fence64_stats s = { 0 };
    uint64_t n = 0, end = sgt_now(t) + duration;
    int e = SGPU_OK;
    while (sgt_now(t) < end && !e) {
        if (sgpu_cmd_ring_free(t->d) >= burst * 12 + 64) {
            for (uint32_t i = 0; i < burst && !e; i++)
                e = sgt_cmd_fence_value(t, ++n * FENCE64_STEP, false);
            if (!e)
                e = sgpu_cmd_submit(t->d);
        }
        for (uint32_t k = 0; k < FENCE64_READS; k++)
            fence64_check(&s, sgt_rd64(t, SGPU_F_FENCE));
    }
    if (!e && n)
        e = sgt_wait_fence_value(t, n * FENCE64_STEP, 2000000000ull);
    fence64_check(&s, sgt_rd64(t, SGPU_F_FENCE));
    printf("FENCE64 fences=%llu reads=%llu changes=%llu torn=%llu backwards=%llu last_fence=%s\n",
           (unsigned long long)n, (unsigned long long)s.reads, (unsigned long long)s.changes,
           (unsigned long long)s.torn, (unsigned long long)s.backwards, sgpu_err_str(e));
    T_CHECK_EQ(e, SGPU_OK);
    T_CHECK(s.changes > 0);
    T_CHECK_EQ(s.torn, 0);
    T_CHECK_EQ(s.backwards, 0);
    return test_end();
}
