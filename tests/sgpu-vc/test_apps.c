/* The real apps (cluster, ivi, checker of guest-frontends/apps) sharing the
 * simulated SGPU through the vcoproc driver; called from test_sgpu_vc.c. */
#include <stdio.h>
#include <string.h>
#include "apps.h"
#include "check.h"
#include "rig.h"
#include "test_apps.h"

#define MS 1000000ull

void test_apps_rt(uint32_t frames)
{
    TEST_BEGIN("sgpuvc_apps_rt");
    struct apps_cluster_run cl;
    struct apps_ivi_run ivi;
    struct apps_checker_run chk;
    memset(&cl, 0, sizeof(cl));
    memset(&ivi, 0, sizeof(ivi));
    memset(&chk, 0, sizeof(chk));
    cluster_defaults(&cl.p);
    cl.p.frames = frames;
    cl.p.verify_every = 10;
    ivi_defaults(&ivi.p);
    ivi.p.m = ivi.p.n = ivi.p.k = 64;
    ivi.p.per_batch = 2;
    ivi.p.duration_ns = (uint64_t)frames * 16666667ull + 20 * MS;
    checker_defaults(&chk.p);
    chk.p.rounds = 3;
    struct rig_vc_cfg vcs[] = {
        { "cluster", 1, 10, 4 * MS, 16666667, 0, apps_cluster, &cl },
        { "ivi", 1, 1, 0, 0, 0, apps_ivi, &ivi },
        { "checker", 1, 2, 0, 0, 0, apps_checker, &chk },
    };
    struct rig_cfg cfg = { .policy = "rt", .slice = 2 * MS };
    struct rig r;
    CHECK(rig_create(&r, &cfg, vcs, 3) == 0);
    rig_run(&r, (uint64_t)frames * 16666667ull + 2000 * MS);
    CHECK(rig_all_done(&r));
    struct coproc_report rep;
    struct coproc_report_vc v[RIG_MAX];
    coproc_report(r.c, &rep, v, RIG_MAX);
    printf("  cluster %u frames, %u misses, %u errors, %u verified (%u bad), p99 %.3f ms max %.3f"
           " ms; ivi %u batches %llu MFLOP/s (%u checked, %u bad); checker %u pass %u fail; "
           "busy %.1f%%, %llu switches\n", cl.r.frames, cl.r.misses, cl.r.errors, cl.r.verified,
           cl.r.bad_frames, cl.r.p99_ns / 1e6, cl.r.max_ns / 1e6, ivi.r.batches,
           (unsigned long long)ivi.r.mflops, ivi.r.checked, ivi.r.bad, chk.r.pass, chk.r.fail,
           rep.busy_ppm / 1e4, (unsigned long long)rep.switches);
    CHECK(cl.rc == 0 && ivi.rc == 0 && chk.rc == 0);
    CHECK(cl.r.frames == frames && cl.r.misses == 0 && cl.r.errors == 0);
    CHECK(cl.r.verified > 0 && cl.r.bad_frames == 0);
    CHECK(ivi.r.batches > 0 && ivi.r.bad == 0 && ivi.r.checked > 0);
    CHECK(chk.r.pass > 0 && chk.r.fail == 0);
    CHECK(v[1].busy_ppm > 500000);   /* ivi had the device most of the time */
    rig_destroy(&r);
    TEST_END();
}

void test_apps_credit(uint64_t duration)
{
    TEST_BEGIN("sgpuvc_apps_credit_shares");
    struct apps_ivi_run w[3];
    static const uint32_t wt[3] = { 1, 2, 4 };
    memset(w, 0, sizeof(w));
    struct rig_vc_cfg vcs[3];
    static const char *const names[3] = { "ivi-w1", "ivi-w2", "ivi-w4" };
    for (unsigned i = 0; i < 3; i++) {
        ivi_defaults(&w[i].p);
        w[i].p.m = w[i].p.n = w[i].p.k = 64;
        w[i].p.per_batch = 2;
        w[i].p.duration_ns = duration;
        vcs[i] = (struct rig_vc_cfg){ names[i], wt[i], 0, 0, 0, 0, apps_ivi, &w[i] };
    }
    struct rig_cfg cfg = { .policy = "credit", .slice = 2 * MS };
    struct rig r;
    CHECK(rig_create(&r, &cfg, vcs, 3) == 0);
    rig_run(&r, duration - 10 * MS);   /* all three still saturating */
    struct coproc_report rep;
    struct coproc_report_vc v[RIG_MAX];
    coproc_report(r.c, &rep, v, RIG_MAX);
    rig_run(&r, duration + 2000 * MS);
    CHECK(rig_all_done(&r));
    for (unsigned i = 0; i < 3; i++) {
        double want = wt[i] / 7.0, got = v[i].share_ppm / 1e6;
        printf("  %s: share %.4f, weight share %.4f (%+.2f%%), %u batches, %u checked %u bad\n",
               names[i], got, want, 100.0 * (got - want) / want, w[i].r.batches, w[i].r.checked,
               w[i].r.bad);
        CHECK(got > want * 0.95 && got < want * 1.05);
        CHECK(w[i].rc == 0 && w[i].r.bad == 0 && w[i].r.checked > 0);
    }
    rig_destroy(&r);
    TEST_END();
}
