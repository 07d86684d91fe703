/* Randomised protocol stress: many generated scenarios (policy, slots,
 * preemption granule, save/restore costs, polling or interrupt switches,
 * stream mixes, policy and weight changes at run time), each checked for
 * the invariants that must hold whatever the schedule: no lock misuse, no
 * device fault (every job read through its own domain's stage-2 context),
 * no vcoproc faulted, no saturating vcoproc starved (reservations are kept
 * admissible), and every job the framework retired eventually seen by its
 * guest. */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "sim/world.h"

static uint64_t rng = 0x1234567;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static char text[16384];
static const char *const policies[] = { "rr", "credit", "rt" };

static int gen(unsigned *nvc, unsigned *saturating)
{
    int len = 0;
    unsigned slots = 1 + rnd(3);
    *nvc = 1 + rnd(7);
    len += snprintf(text + len, sizeof(text) - (size_t)len,
                    "sim seed=%u duration=200ms\n"
                    "coproc dev policy=%s slots=%u slice=%uus preempt=%uus save=%uus restore=%uus poll=%uus\n",
                    rnd(1000), policies[rnd(3)], slots, 200 + rnd(5000), rnd(2000), rnd(200),
                    rnd(300), rnd(3) ? 0 : 5 + rnd(50));
    *saturating = 0;
    for (unsigned i = 0; i < *nvc; i++) {
        /* reservations stay admissible with room for switch costs: their
         * sum is at most 60% of the slots */
        unsigned period = 2000 + rnd(30000);
        unsigned cap = period * 6 * slots / (10 * *nvc);
        if (cap > period * 6 / 10)
            cap = period * 6 / 10;
        unsigned budget = 100 + rnd(cap - 99);
        len += snprintf(text + len, sizeof(text) - (size_t)len,
                        "vcoproc v%u coproc=dev weight=%u priority=%u budget=%uus period=%uus\n",
                        i, 1 + rnd(8), rnd(10), budget, period);
        switch (rnd(4)) {
        case 0:
            len += snprintf(text + len, sizeof(text) - (size_t)len,
                            "stream v%u saturate cost=%uus depth=%u jitter=%u\n", i,
                            50 + rnd(4000), 1 + rnd(4), rnd(50));
            *saturating |= 1u << i;
            break;
        case 1:
            len += snprintf(text + len, sizeof(text) - (size_t)len,
                            "stream v%u periodic period=%uus cost=%uus deadline=%uus\n", i,
                            period, 1 + rnd(period / 3), period);
            break;
        case 2:
            len += snprintf(text + len, sizeof(text) - (size_t)len,
                            "stream v%u burst period=%uus count=%u cost=%uus\n", i,
                            5000 + rnd(50000), 1 + rnd(8), 10 + rnd(2000));
            break;
        default:
            len += snprintf(text + len, sizeof(text) - (size_t)len,
                            "stream v%u random mean=%uus cost=%uus\n", i, 200 + rnd(10000),
                            10 + rnd(3000));
            break;
        }
    }
    if (rnd(2))
        len += snprintf(text + len, sizeof(text) - (size_t)len,
                        "at %ums coproc dev policy=%s\nat %ums vcoproc v0 weight=%u\n",
                        20 + rnd(150), policies[rnd(3)], 20 + rnd(150), 1 + rnd(8));
    return len;
}

int main(void)
{
    enum { RUNS = 400 };
    unsigned bad_lock = 0, bad_dev = 0, bad_fault = 0, starved = 0, lost = 0, errors = 0;
    sim_log_level(-1);
    TEST_BEGIN("sim_stress_random_scenarios_invariants");
    for (unsigned run = 0; run < RUNS; run++) {
        unsigned nvc, sat;
        struct sim_scenario sc;
        char err[512];
        gen(&nvc, &sat);
        uint64_t locks_before = sim_lock_errors();
        if (sim_scenario_parse(text, &sc, err, sizeof(err))) {
            printf("  run %u: scenario rejected: %s\n", run, err);
            errors++;
            continue;
        }
        struct sim_world *w = sim_world_create(&sc, NULL, err, sizeof(err));
        if (!w) {
            printf("  run %u: %s\n", run, err);
            errors++;
            continue;
        }
        sim_world_run(w);
        struct coproc_report r;
        static struct coproc_report_vc vc[16];
        unsigned n = coproc_report(w->coprocs[0].coproc, &r, vc, 16);
        bool fail = false;
        if (synth_dev_faults(w->coprocs[0].dev)) {
            bad_dev++;
            fail = true;
        }
        for (unsigned i = 0; i < n && i < nvc; i++) {
            const struct sim_guest_stats *g = sim_guest_stats(w->vcs[i].guest);
            if (vc[i].faults) {
                bad_fault++;
                fail = true;
            }
            if ((sat >> i) & 1 && vc[i].jobs == 0) {
                starved++;
                fail = true;
            }
            /* in flight at the end: at most a ring's worth not yet seen */
            if (g->completed > vc[i].jobs || vc[i].jobs - g->completed > 256) {
                lost++;
                fail = true;
            }
        }
        sim_world_destroy(w);
        if (sim_lock_errors() != locks_before) {
            bad_lock++;
            fail = true;
        }
        if (fail)
            printf("  run %u failed; scenario:\n%s\n", run, text);
    }
    printf("  %d random scenarios: lock errors %u, device faults %u, faulted vcoprocs %u, "
           "starved %u, lost completions %u, setup errors %u (all must be 0)\n",
           RUNS, bad_lock, bad_dev, bad_fault, starved, lost, errors);
    CHECK(bad_lock == 0 && bad_dev == 0 && bad_fault == 0);
    CHECK(starved == 0 && lost == 0 && errors == 0);
    TEST_END();
    return CHECK_EXIT_CODE();
}
