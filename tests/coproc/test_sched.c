/* Policy unit tests, driving the scheduler ops directly (no framework):
 * rr order, credit proportions, rt priorities, budgets and replenishment,
 * heap integrity under random insert/remove, parameter validation. */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "coproc/coproc.h"
#include "sim/sim.h"

#define N 8
static struct vcoproc vcs[N];

static void setup(struct sched *s, const char *policy, unsigned n)
{
    sim_init(7);
    memset(vcs, 0, sizeof(vcs));
    sched_create(s, sched_find(policy), COPROC_MS(1));
    for (unsigned i = 0; i < n; i++) {
        sched_params_default(&vcs[i].cfg.sched);
        vcs[i].id = i;
    }
}

static void insert_all(struct sched *s, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        s->ops->insert(s, &vcs[i]);
}

static void teardown(struct sched *s, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        s->ops->remove(s, &vcs[i]);
    sched_destroy(s);
}

/* Runs `picks` decisions of `ran` ns each, counting device time per vcoproc. */
static void simulate(struct sched *s, unsigned n, unsigned picks, coproc_time_t *busy)
{
    coproc_time_t t = sim_now();
    for (unsigned i = 0; i < n; i++)
        s->ops->wake(s, &vcs[i], t);
    for (unsigned k = 0; k < picks; k++) {
        coproc_time_t slice = 0;
        if (s->ops->tick && s->ops->next_event(s, t) && s->ops->next_event(s, t) <= t)
            s->ops->tick(s, t);
        struct vcoproc *v = s->ops->pick(s, t, &slice);
        if (!v)
            break;
        t += slice;
        sim_run_until(t);
        busy[v->id] += slice;
        s->ops->account(s, v, slice, t);
        s->ops->wake(s, v, t);
    }
}

static void test_rr(void)
{
    TEST_BEGIN("sched_rr_round_robin_order");
    struct sched s;
    setup(&s, "rr", 4);
    insert_all(&s, 4);
    for (unsigned i = 0; i < 4; i++)
        s.ops->wake(&s, &vcs[i], 0);
    coproc_time_t slice;
    for (unsigned round = 0; round < 3; round++) {
        for (unsigned i = 0; i < 4; i++) {
            struct vcoproc *v = s.ops->pick(&s, 0, &slice);
            CHECK(v == &vcs[i]);
            CHECK(slice == COPROC_MS(1));
            s.ops->wake(&s, v, 0);
        }
    }
    /* sleep removes from the queue; rr preempts only at slice end */
    s.ops->sleep(&s, &vcs[0]);
    CHECK(s.ops->peek(&s, 0) == &vcs[1]);
    CHECK(!s.ops->preempts(&s, &vcs[1], &vcs[2], false, 0));
    CHECK(s.ops->preempts(&s, &vcs[1], &vcs[2], true, 0));
    teardown(&s, 4);
    TEST_END();
}

static void test_credit(void)
{
    TEST_BEGIN("sched_credit_weights_proportional");
    struct sched s;
    coproc_time_t busy[N] = { 0 };
    setup(&s, "credit", 3);
    vcs[0].cfg.sched.weight = 1;
    vcs[1].cfg.sched.weight = 2;
    vcs[2].cfg.sched.weight = 4;
    insert_all(&s, 3);
    simulate(&s, 3, 7000, busy);
    coproc_time_t total = busy[0] + busy[1] + busy[2];
    printf("  credit 1:2:4 shares %.4f %.4f %.4f\n", (double)busy[0] / total,
           (double)busy[1] / total, (double)busy[2] / total);
    CHECK(busy[0] * 7 >= total * 99 / 100 && busy[0] * 7 <= total * 101 / 100);
    CHECK(busy[2] * 7 >= total * 4 * 99 / 100 && busy[2] * 7 <= total * 4 * 101 / 100);
    /* a vcoproc waking from a long sleep cannot cash in idle credit */
    s.ops->sleep(&s, &vcs[0]);
    simulate(&s, 0, 0, busy);
    CHECK(vcs[0].se.key <= vcs[1].se.key);
    teardown(&s, 3);
    TEST_END();
}

static void test_rt(void)
{
    TEST_BEGIN("sched_rt_priority_budget_replenish");
    struct sched s;
    setup(&s, "rt", 3);
    /* hi: 2 ms per 10 ms at prio 9; lo: 3 ms per 10 ms at prio 1; bg: none */
    vcs[0].cfg.sched = (struct sched_params){ 1, 9, COPROC_MS(2), COPROC_MS(10), 0 };
    vcs[1].cfg.sched = (struct sched_params){ 1, 1, COPROC_MS(3), COPROC_MS(10), 0 };
    vcs[2].cfg.sched = (struct sched_params){ 1, 5, 0, 0, 0 };
    insert_all(&s, 3);
    for (unsigned i = 0; i < 3; i++)
        s.ops->wake(&s, &vcs[2 - i], 0);
    coproc_time_t slice;
    /* highest priority with budget first, for its whole budget */
    struct vcoproc *v = s.ops->pick(&s, 0, &slice);
    CHECK(v == &vcs[0] && slice == COPROC_MS(2));
    s.ops->account(&s, v, slice, COPROC_MS(2));
    s.ops->wake(&s, v, COPROC_MS(2));
    /* then the lower reservation, before the unreserved one */
    v = s.ops->pick(&s, COPROC_MS(2), &slice);
    CHECK(v == &vcs[1] && slice == COPROC_MS(3));
    /* a ready higher priority preempts at once; a depleted one does not */
    CHECK(!s.ops->preempts(&s, &vcs[0], v, false, COPROC_MS(3)));
    s.ops->account(&s, v, slice, COPROC_MS(5));
    s.ops->wake(&s, v, COPROC_MS(5));
    /* both depleted: background round-robin, the next event is the refill */
    v = s.ops->pick(&s, COPROC_MS(5), &slice);
    CHECK(v == &vcs[2]);
    CHECK(s.ops->next_event(&s, COPROC_MS(5)) == COPROC_MS(10));
    s.ops->tick(&s, COPROC_MS(10));
    CHECK(s.ops->peek(&s, COPROC_MS(10)) == &vcs[0]);
    CHECK(s.ops->preempts(&s, &vcs[0], &vcs[2], false, COPROC_MS(10)));
    s.ops->wake(&s, v, COPROC_MS(10));
    teardown(&s, 3);

    /* long run: each reservation is honoured under full load */
    coproc_time_t busy[N] = { 0 };
    setup(&s, "rt", 3);
    vcs[0].cfg.sched = (struct sched_params){ 1, 9, COPROC_MS(2), COPROC_MS(10), 0 };
    vcs[1].cfg.sched = (struct sched_params){ 1, 1, COPROC_MS(3), COPROC_MS(10), 0 };
    vcs[2].cfg.sched = (struct sched_params){ 1, 5, 0, 0, 0 };
    insert_all(&s, 3);
    simulate(&s, 3, 20000, busy);
    coproc_time_t total = busy[0] + busy[1] + busy[2];
    printf("  rt shares %.4f %.4f %.4f (reserved 0.2 0.3 0)\n", (double)busy[0] / total,
           (double)busy[1] / total, (double)busy[2] / total);
    CHECK(busy[0] * 100 >= total * 20);
    CHECK(busy[1] * 100 >= total * 30);
    teardown(&s, 3);
    TEST_END();
}

static int cmp_key(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void test_heap_random(void)
{
    TEST_BEGIN("sched_credit_heap_random_order");
    enum { M = 300 };
    static struct vcoproc many[M];
    struct sched s;
    sim_init(3);
    sched_create(&s, &sched_credit_ops, COPROC_MS(1));
    memset(many, 0, sizeof(many));
    for (unsigned i = 0; i < M; i++) {
        sched_params_default(&many[i].cfg.sched);
        many[i].id = i;
        s.ops->insert(&s, &many[i]);
    }
    /* random virtual times, random sleeps, then pops must come out sorted */
    for (unsigned i = 0; i < M; i++) {
        s.ops->wake(&s, &many[i], 0);
        many[i].se.key = 0;
    }
    for (unsigned i = 0; i < M; i++)
        s.ops->sleep(&s, &many[i]);
    uint64_t keys[M];
    unsigned n = 0;
    for (unsigned i = 0; i < M; i++) {
        many[i].se.key = sim_rand() % 100000;
        if (sim_rand() % 3) {
            s.ops->wake(&s, &many[i], 0);
            keys[n++] = many[i].se.key;
        }
    }
    for (unsigned i = 0; i < M; i += 7)
        if (many[i].se.queued) {
            s.ops->sleep(&s, &many[i]);
            for (unsigned k = 0; k < n; k++)
                if (keys[k] == many[i].se.key) {
                    keys[k] = keys[--n];
                    break;
                }
        }
    qsort(keys, n, sizeof(keys[0]), cmp_key);
    coproc_time_t slice;
    unsigned got = 0, bad = 0;
    struct vcoproc *v;
    while ((v = s.ops->pick(&s, 0, &slice))) {
        if (got >= n || v->se.key != keys[got])
            bad++;
        got++;
    }
    CHECK(got == n);
    CHECK(bad == 0);
    for (unsigned i = 0; i < M; i++)
        s.ops->remove(&s, &many[i]);
    sched_destroy(&s);
    TEST_END();
}

static void test_params(void)
{
    TEST_BEGIN("sched_param_validation_names_the_parameter");
    struct sched_params p;
    sched_params_default(&p);
    CHECK(sched_params_check(&p) == NULL);
    p.weight = 0;
    CHECK(sched_params_check(&p) && strstr(sched_params_check(&p), "weight"));
    p.weight = 1;
    p.budget = COPROC_MS(20);
    p.period = COPROC_MS(10);
    CHECK(sched_params_check(&p) && strstr(sched_params_check(&p), "budget greater than period"));
    p.budget = COPROC_MS(1);
    p.period = 0;
    CHECK(sched_params_check(&p) && strstr(sched_params_check(&p), "period"));
    p.period = COPROC_US(50);
    CHECK(sched_params_check(&p) && strstr(sched_params_check(&p), "period"));
    p.period = COPROC_MS(10);
    p.priority = 300;
    CHECK(sched_params_check(&p) && strstr(sched_params_check(&p), "priority"));
    p.priority = 0;
    p.slice = 1;
    CHECK(sched_params_check(&p) && strstr(sched_params_check(&p), "slice"));
    CHECK(sched_find("rr") == &sched_rr_ops && sched_find("credit") == &sched_credit_ops &&
          sched_find("rt") == &sched_rt_ops && sched_find("cfs") == NULL && !sched_find(NULL));
    TEST_END();
}

int main(void)
{
    sim_log_level(-1);
    test_rr();
    test_credit();
    test_rt();
    test_heap_random();
    test_params();
    return CHECK_EXIT_CODE();
}
