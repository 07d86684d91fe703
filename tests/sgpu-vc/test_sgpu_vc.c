/* The SGPU vcoproc driver on the simulator: several domains run the native
 * SGPU guest driver library (real guest code) against the in-process SGPU
 * model through the framework and the driver. Every workload checks every
 * result against a CPU reference; each test states the numbers it checks
 * and prints what it measured.
 *   test_sgpu_vc [TEST-NAME-SUBSTRING] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "hw/sgpu_regs.h"
#include "rig.h"
#include "wl.h"
#include "test_apps.h"

#define MS 1000000ull
#define US 1000ull

static const char *only;

static bool selected(const char *name)
{
    return !only || strstr(name, only);
}

static bool out_ok(const char *who, const struct wl_out *o)
{
    if (o->rc || o->bad || o->errors)
        printf("  %s: rc %d, %u bad, %u errors: %s\n", who, o->rc, o->bad, o->errors, o->why);
    return !o->rc && !o->bad && !o->errors;
}

static void report(struct rig *r, struct coproc_report *rep, struct coproc_report_vc *vcs)
{
    coproc_report(r->c, rep, vcs, RIG_MAX);
}

/* cluster + ivi + checker under rt: the cluster meets every deadline. */
static void test_three_rt(void)
{
    if (!selected("sgpuvc_three_guests_rt"))
        return;
    TEST_BEGIN("sgpuvc_three_guests_rt");
    struct wl_cluster cl = { .frames = 300, .period_ns = 16666667, .deadline_ns = 16666667 };
    struct wl_ivi ivi = { .duration_ns = 5100 * MS, .busy_ns = 1 * MS };
    struct wl_checker chk = { .duration_ns = 5000 * MS, .gap_ns = 2 * MS };
    struct rig_vc_cfg vcs[] = {
        { "cluster", 1, 10, 4 * MS, 16666667, 0, wl_cluster, &cl },
        { "ivi", 1, 1, 0, 0, 0, wl_ivi, &ivi },
        { "checker", 1, 2, 0, 0, 0, wl_checker, &chk },
    };
    struct rig_cfg cfg = { .policy = "rt", .slice = 2 * MS };
    struct rig r;
    CHECK(rig_create(&r, &cfg, vcs, 3) == 0);
    rig_run(&r, 6000 * MS);
    CHECK(rig_all_done(&r));
    struct coproc_report rep;
    struct coproc_report_vc v[RIG_MAX];
    report(&r, &rep, v);
    printf("  cluster %u frames, %u misses, worst %.3f ms; ivi %u batches; checker %u rounds; "
           "device busy %.1f%%, %llu switches, p99 %llu ns\n", cl.o.jobs, cl.misses,
           cl.o.max_lat_ns / 1e6, ivi.o.jobs, chk.o.jobs, rep.busy_ppm / 1e4,
           (unsigned long long)rep.switches, (unsigned long long)rep.sw_p99);
    CHECK(out_ok("cluster", &cl.o));
    CHECK(out_ok("ivi", &ivi.o));
    CHECK(out_ok("checker", &chk.o));
    CHECK(cl.o.jobs == 300);
    CHECK(cl.misses == 0);
    CHECK(ivi.o.jobs > 1000);
    CHECK(chk.o.jobs > 100);
    CHECK(rep.busy_ppm >= 900000);   /* ivi saturates the device */
    rig_destroy(&r);
    CHECK(sim_lock_errors() == 0);
    TEST_END();
}

/* three saturating guests under credit: busy shares follow the weights. */
static void test_credit_shares(void)
{
    if (!selected("sgpuvc_credit_shares"))
        return;
    TEST_BEGIN("sgpuvc_credit_shares");
    struct wl_ivi w[3];
    for (unsigned i = 0; i < 3; i++)
        w[i] = (struct wl_ivi){ .duration_ns = 2000 * MS, .busy_ns = 500 * US };
    struct rig_vc_cfg vcs[] = {
        { "ivi-w1", 1, 0, 0, 0, 0, wl_ivi, &w[0] },
        { "ivi-w2", 2, 0, 0, 0, 0, wl_ivi, &w[1] },
        { "ivi-w4", 4, 0, 0, 0, 0, wl_ivi, &w[2] },
    };
    struct rig_cfg cfg = { .policy = "credit", .slice = 2 * MS };
    struct rig r;
    CHECK(rig_create(&r, &cfg, vcs, 3) == 0);
    rig_run(&r, 1900 * MS);   /* all three still saturating at the end */
    struct coproc_report rep;
    struct coproc_report_vc v[RIG_MAX];
    report(&r, &rep, v);
    static const unsigned wt[3] = { 1, 2, 4 };
    for (unsigned i = 0; i < 3; i++) {
        double want = wt[i] / 7.0, got = v[i].share_ppm / 1e6;
        printf("  %s: share %.4f, weight share %.4f (%+.2f%%), %u batches\n", vcs[i].name, got,
               want, 100.0 * (got - want) / want, w[i].o.jobs);
        CHECK(got > want * 0.95 && got < want * 1.05);
        CHECK(out_ok(vcs[i].name, &w[i].o));
        CHECK(w[i].o.jobs > 0);
    }
    rig_destroy(&r);
    TEST_END();
}

/* 10^5 context switches with every guest checking its buffer, fence and
 * registers after every job. */
static void test_switch_stress(void)
{
    if (!selected("sgpuvc_switch_stress"))
        return;
    TEST_BEGIN("sgpuvc_switch_stress_1e5");
    struct wl_stress a = { .duration_ns = 1500 * MS, .busy_ns = 15 * US, .ring_bytes = 16384,
                           .tag = 0xa1 };
    struct wl_stress b = { .duration_ns = 1500 * MS, .busy_ns = 15 * US, .ring_bytes = 65536,
                           .tag = 0xb2 };
    struct rig_vc_cfg vcs[] = {
        { "stress-a", 1, 0, 0, 0, 0, wl_stress, &a },
        { "stress-b", 1, 0, 0, 0, 0, wl_stress, &b },
    };
    struct rig_cfg cfg = { .policy = "rr", .slice = 10 * US };
    struct rig r;
    CHECK(rig_create(&r, &cfg, vcs, 2) == 0);
    struct coproc_report rep;
    struct coproc_report_vc v[RIG_MAX];
    do {
        rig_run(&r, sim_now() + 50 * MS);
        report(&r, &rep, v);
    } while (rep.switches < 100000 && !rig_all_done(&r) && !r.stalled);
    CHECK(!r.stalled);
    printf("  %llu switches in %.1f ms virtual, p50 %llu ns p99 %llu ns max %llu ns; jobs %u + %u,"
           " register checks %u + %u\n", (unsigned long long)rep.switches, sim_now() / 1e6,
           (unsigned long long)rep.sw_p50, (unsigned long long)rep.sw_p99,
           (unsigned long long)rep.sw_max, a.o.jobs, b.o.jobs, a.reg_checks, b.reg_checks);
    CHECK(rep.switches >= 100000);
    CHECK(out_ok("stress-a", &a.o));
    CHECK(out_ok("stress-b", &b.o));
    CHECK(a.reg_checks > 1000 && b.reg_checks > 1000);
    CHECK(v[0].faults == 0 && v[1].faults == 0);
    rig_destroy(&r);
    TEST_END();
}

/* stage-1 tables pointing at another domain's RAM: stage 2 blocks the DMA,
 * the attacker gets the fault, the victim finishes untouched. */
static void test_isolation_s2(void)
{
    if (!selected("sgpuvc_isolation_stage2"))
        return;
    TEST_BEGIN("sgpuvc_isolation_stage2");
    struct wl_attack at = { 0 };
    struct wl_checker victim = { .duration_ns = 60 * MS, .gap_ns = 0 };
    struct rig_vc_cfg vcs[] = {
        { "victim", 1, 0, 0, 0, 0, wl_checker, &victim },
        { "attacker", 1, 0, 0, 0, 0, wl_attack, &at },
    };
    struct rig_cfg cfg = { .policy = "rr", .slice = 500 * US };
    struct rig r;
    CHECK(rig_create(&r, &cfg, vcs, 2) == 0);
    /* the attacker aims at the machine page of the victim's first RAM page */
    uint32_t *page = sim_domain_ram(r.dom[0], SIM_RAM_BASE, 4096);
    for (unsigned i = 0; i < 1024; i++)
        page[i] = 0x600d0000u + i;
    at.target_ipa = sim_domain_ram_pa(r.dom[0]);
    rig_run(&r, 1000 * MS);
    CHECK(rig_all_done(&r));
    unsigned changed = 0;
    for (unsigned i = 0; i < 1024; i++)
        changed += page[i] != 0x600d0000u + i;
    printf("  attacker fault code 0x%x (want 0x%x S2_TRANSLATION), recovered %d; victim %u "
           "rounds; victim page words changed %u\n", at.fault_code, SGPU_FAULT_S2_TRANSLATION,
           at.recovered, victim.o.jobs, changed);
    CHECK(at.o.rc == 0 && at.fault_code == SGPU_FAULT_S2_TRANSLATION && at.recovered);
    CHECK(changed == 0);
    CHECK(out_ok("victim", &victim.o));
    CHECK(victim.o.jobs > 10);
    rig_destroy(&r);
    TEST_END();
}

/* after switches, each guest reads back only its own register values */
static void test_isolation_regs(void)
{
    if (!selected("sgpuvc_isolation_registers"))
        return;
    TEST_BEGIN("sgpuvc_isolation_registers");
    struct wl_stress a = { .duration_ns = 100 * MS, .busy_ns = 30 * US, .ring_bytes = 8192,
                           .tag = 0x11 };
    struct wl_stress b = { .duration_ns = 100 * MS, .busy_ns = 70 * US, .ring_bytes = 131072,
                           .tag = 0x22 };
    struct rig_vc_cfg vcs[] = {
        { "regs-a", 1, 0, 0, 0, 0, wl_stress, &a },
        { "regs-b", 1, 0, 0, 0, 0, wl_stress, &b },
    };
    struct rig_cfg cfg = { .policy = "rr", .slice = 50 * US };
    struct rig r;
    CHECK(rig_create(&r, &cfg, vcs, 2) == 0);
    rig_run(&r, 500 * MS);
    CHECK(rig_all_done(&r));
    struct coproc_report rep;
    struct coproc_report_vc v[RIG_MAX];
    report(&r, &rep, v);
    printf("  %llu switches; register read-backs checked %u + %u\n",
           (unsigned long long)rep.switches, a.reg_checks, b.reg_checks);
    CHECK(rep.switches > 500);
    CHECK(out_ok("regs-a", &a.o));
    CHECK(out_ok("regs-b", &b.o));
    rig_destroy(&r);
    TEST_END();
}

/* privileged offsets through the guest window: aborts or logged no-ops */
static void test_isolation_priv(void)
{
    if (!selected("sgpuvc_isolation_privileged"))
        return;
    TEST_BEGIN("sgpuvc_isolation_privileged");
    struct wl_priv p = { 0 };
    struct wl_checker victim = { .duration_ns = 40 * MS, .gap_ns = 0 };
    struct rig_vc_cfg vcs[] = {
        { "victim", 1, 0, 0, 0, 0, wl_checker, &victim },
        { "prober", 1, 0, 0, 0, 0, wl_priv, &p },
    };
    struct rig_cfg cfg = { .policy = "rr", .slice = 500 * US };
    struct rig r;
    CHECK(rig_create(&r, &cfg, vcs, 2) == 0);
    uint64_t warn0 = sim_log_count(PLATFORM_LOG_WARN);
    uint64_t wd0 = rig_priv_read(&r, SGPU_P_WATCHDOG_NS, 8);
    rig_run(&r, 1000 * MS);
    CHECK(rig_all_done(&r));
    uint64_t warns = sim_log_count(PLATFORM_LOG_WARN) - warn0;
    const struct sim_sgpu_guest_stats *gs = sim_sgpu_guest_stats(r.g[1]);
    printf("  %u writes: %llu aborted (outside the 4 KiB window), %llu logged and ignored; "
           "watchdog 0x%llx -> 0x%llx, S2_CONTROL %llu; prober job ok %d; victim %u rounds\n",
           p.writes, (unsigned long long)gs->mmio_aborts, (unsigned long long)warns,
           (unsigned long long)wd0, (unsigned long long)rig_priv_read(&r, SGPU_P_WATCHDOG_NS, 8),
           (unsigned long long)rig_priv_read(&r, SGPU_P_S2_CONTROL, 4), p.job_ok, victim.o.jobs);
    CHECK(gs->mmio_aborts == 5);
    CHECK(warns >= 7);
    CHECK(rig_priv_read(&r, SGPU_P_WATCHDOG_NS, 8) == wd0);
    CHECK(rig_priv_read(&r, SGPU_P_S2_CONTROL, 4) == 1);
    CHECK(p.job_ok);
    CHECK(out_ok("victim", &victim.o));
    rig_destroy(&r);
    TEST_END();
}

/* a guest whose job never finishes (preemptible) is preempted on time */
static void test_busy_forever(void)
{
    if (!selected("sgpuvc_busy_forever_preempted"))
        return;
    TEST_BEGIN("sgpuvc_busy_forever_preempted");
    struct wl_forever f = { .nopreempt = false, .wait_ns = 150 * MS };
    struct wl_checker victim = { .duration_ns = 100 * MS, .gap_ns = 1 * MS };
    struct rig_vc_cfg vcs[] = {
        { "victim", 1, 0, 0, 0, 0, wl_checker, &victim },
        { "forever", 1, 0, 0, 0, 0, wl_forever, &f },
    };
    struct rig_cfg cfg = { .policy = "rr", .slice = 2 * MS };
    struct rig r;
    CHECK(rig_create(&r, &cfg, vcs, 2) == 0);
    rig_run(&r, 1000 * MS);
    CHECK(rig_all_done(&r));
    printf("  victim %u rounds, worst round %.3f ms (bound: one 2 ms slice + 0.5 ms); forever "
           "guest fault 0x%x\n", victim.o.jobs, victim.o.max_lat_ns / 1e6, f.fault_code);
    CHECK(out_ok("victim", &victim.o));
    CHECK(victim.o.jobs > 30);
    CHECK(victim.o.max_lat_ns <= 2500 * US);
    rig_destroy(&r);
    TEST_END();
}

/* a hang: the device watchdog makes the job HUNG, the driver saves the hung
 * context and lets the others run; the hung job's guest gets the HANG fault */
static void test_hang_watchdog(void)
{
    if (!selected("sgpuvc_hang_device_watchdog"))
        return;
    TEST_BEGIN("sgpuvc_hang_device_watchdog");
    struct wl_forever f = { .nopreempt = true, .wait_ns = 400 * MS };
    struct wl_checker victim = { .duration_ns = 100 * MS, .gap_ns = 0 };
    struct wl_stress st = { .duration_ns = 100 * MS, .busy_ns = 50 * US, .ring_bytes = 16384,
                            .tag = 0x33 };
    struct rig_vc_cfg vcs[] = {
        { "victim", 1, 0, 0, 0, 0, wl_checker, &victim },
        { "stress", 1, 0, 0, 0, 0, wl_stress, &st },
        { "hang", 1, 0, 0, 0, 0, wl_forever, &f },
    };
    struct rig_cfg cfg = { .policy = "rr", .slice = 1 * MS, .watchdog_ns = 5 * MS };
    struct rig r;
    CHECK(rig_create(&r, &cfg, vcs, 3) == 0);
    rig_run(&r, 1000 * MS);
    CHECK(rig_all_done(&r));
    printf("  hung guest fault 0x%x (want 0x%x HANG), recovered %d; victims %u rounds, %u jobs\n",
           f.fault_code, SGPU_FAULT_HANG, f.recovered, victim.o.jobs, st.o.jobs);
    CHECK(f.fault_code == SGPU_FAULT_HANG && f.recovered);
    CHECK(out_ok("victim", &victim.o) && victim.o.jobs > 10);
    CHECK(out_ok("stress", &st.o) && st.o.jobs > 10);
    rig_destroy(&r);
    TEST_END();
}

/* a hang with the device watchdog off: the preemption never completes, the
 * framework's switch timeout resets the device; the others' saved contexts
 * are resumed and finish; the hung vcoproc is faulted, its guest reads HANG
 * and resets it, and it runs again */
static void test_hang_reset(void)
{
    if (!selected("sgpuvc_hang_device_reset"))
        return;
    TEST_BEGIN("sgpuvc_hang_device_reset");
    struct wl_forever f = { .nopreempt = true, .wait_ns = 100 * MS };
    struct wl_checker victim = { .duration_ns = 100 * MS, .gap_ns = 0 };
    struct wl_stress st = { .duration_ns = 100 * MS, .busy_ns = 50 * US, .ring_bytes = 16384,
                            .tag = 0x44 };
    struct rig_vc_cfg vcs[] = {
        { "victim", 1, 0, 0, 0, 0, wl_checker, &victim },
        { "stress", 1, 0, 0, 0, 0, wl_stress, &st },
        { "hang", 1, 0, 0, 0, 0, wl_forever, &f },
    };
    struct rig_cfg cfg = { .policy = "rr", .slice = 1 * MS, .watchdog_off = true,
                           .switch_timeout_ns = 5 * MS };
    struct rig r;
    CHECK(rig_create(&r, &cfg, vcs, 3) == 0);
    rig_run(&r, 1000 * MS);
    CHECK(rig_all_done(&r));
    struct coproc_report rep;
    struct coproc_report_vc v[RIG_MAX];
    report(&r, &rep, v);
    printf("  hung vcoproc %s, %llu fault(s), guest saw fault 0x%x, recovered %d; victims %u "
           "rounds, %u jobs, faults %llu + %llu\n",
           vcoproc_state_name(r.vc[2]->state), (unsigned long long)v[2].faults, f.fault_code,
           f.recovered, victim.o.jobs, st.o.jobs, (unsigned long long)v[0].faults,
           (unsigned long long)v[1].faults);
    CHECK(v[2].faults == 1 && f.fault_code == SGPU_FAULT_HANG && f.recovered);
    CHECK(r.vc[2]->state != VCOPROC_FAULTED);
    CHECK(v[0].faults == 0 && v[1].faults == 0);
    CHECK(out_ok("victim", &victim.o) && victim.o.jobs > 10);
    CHECK(out_ok("stress", &st.o) && st.o.jobs > 10);
    rig_destroy(&r);
    TEST_END();
}

static void idle_wl(const struct sgpu_env *env, void *arg)
{
    (void)env;
    (void)arg;
}

/* the guest's DT node, and probe refusing bad nodes with a clear message */
static void test_dt(void)
{
    if (!selected("sgpuvc_dt"))
        return;
    TEST_BEGIN("sgpuvc_dt");
    struct rig_vc_cfg vcs[] = { { "g", 1, 0, 0, 0, 0, idle_wl, NULL } };
    struct rig_cfg cfg = { .policy = "rr" };
    struct rig r;
    CHECK(rig_create(&r, &cfg, vcs, 1) == 0);
    struct platform_dt_writer *w = sim_dtw_new();
    CHECK(vcoproc_guest_dt(r.vc[0], w) == 0);
    const char *t = sim_dtw_text(w);
    printf("  %s\n", t);
    CHECK(strstr(t, "vcoproc-sgpu@b000000") && strstr(t, "vcoproc,sgpu"));
    sim_dtw_free(w);
    /* a second probe of a node without the privileged interrupt */
    struct platform_dt_node *n = sim_dt_node_new("gpu2");
    char buf[64];
    sim_dt_set(n, "compatible", "vcoproc,sgpu");
    snprintf(buf, sizeof(buf), "0x%llx 0x2000", RIG_DEV_PA);
    sim_dt_set(n, "reg", buf);
    sim_dt_set(n, "interrupts", "300");
    struct coproc *c2 = NULL;
    sim_log_clear();
    CHECK(coproc_probe(n, 1, &c2) != 0);
    printf("  refused: %s\n", sim_log_error_text());
    CHECK(strstr(sim_log_error_text(), "property interrupts needs two") != NULL);
    sim_dt_set(n, "interrupts", "300 301");
    sim_dt_set(n, "reg", "0x30000000 0x2000");
    sim_log_clear();
    CHECK(coproc_probe(n, 1, &c2) != 0);
    printf("  refused: %s\n", sim_log_error_text());
    CHECK(strstr(sim_log_error_text(), "no SGPU version 1 at 0x30000000") != NULL);
    sim_dt_set(n, "reg", buf);
    sim_dt_set(n, "vcoproc,slots", "2");
    sim_log_clear();
    CHECK(coproc_probe(n, 1, &c2) != 0);
    printf("  refused: %s\n", sim_log_error_text());
    CHECK(strstr(sim_log_error_text(), "one engine") != NULL);
    sim_dt_node_free(n);
    rig_destroy(&r);
    TEST_END();
}

int main(int argc, char **argv)
{
    only = argc > 1 ? argv[1] : NULL;
    setvbuf(stdout, NULL, _IOLBF, 0);   /* results survive a timeout kill */
    sim_log_level(getenv("SGPUVC_VERBOSE") ? PLATFORM_LOG_DEBUG : PLATFORM_LOG_ERR);
    if (getenv("SGPUVC_TRACE"))
        sim_trace_to(stderr);
    test_dt();
    test_isolation_priv();
    test_isolation_s2();
    test_isolation_regs();
    test_busy_forever();
    test_hang_watchdog();
    test_hang_reset();
    test_switch_stress();
    test_credit_shares();
    test_three_rt();
    if (selected("sgpuvc_apps_rt"))
        test_apps_rt(300);
    if (selected("sgpuvc_apps_credit"))
        test_apps_credit(400 * MS);
    TEST_BEGIN("sgpuvc_lock_discipline");
    printf("  %llu lock errors (re-entrant framework calls), need 0\n",
           (unsigned long long)sim_lock_errors());
    CHECK(sim_lock_errors() == 0);
    TEST_END();
    return CHECK_EXIT_CODE();
}
