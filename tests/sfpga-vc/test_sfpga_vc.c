/* The SFPGA vcoproc driver on the simulator: tenant domains run the native
 * slot library and the tenant workloads of guest-frontends/apps-fpga (real
 * guest code, each result checked against the guest's reference) on the
 * in-process SFPGA model through the framework and the driver. Each test
 * states the numbers it checks and prints what it measured.
 *   test_sfpga_vc [TEST-NAME-SUBSTRING] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "apps-fpga/tenant.h"
#include "check.h"
#include "guests.h"
#include "hw/sfpga_regs.h"
#include "rig.h"
#include "sfpga/sfpga_drv.h"
#include "sim/sfpga_apps.h"

#define MS 1000000ull
#define US 1000ull

static const char *only;
/* Doorbells as the hypervisor rings them (after the handler that stored),
 * instead of one per store: the second pass of the tests. */
static bool deferred;

static const char *tn(const char *base)
{
    static char name[96];
    snprintf(name, sizeof(name), "%s%s", base, deferred ? "_deferred_doorbells" : "");
    return name;
}

static bool selected(const char *name)
{
    return !only || strstr(name, only);
}

/* A tenant running a workload of apps-fpga `repeat` times. */
static struct sim_fpga_app *app(const char *wl, uint32_t bytes, uint32_t repeat, uint32_t seed,
                                uint64_t run_end)
{
    struct sim_workload_cfg c;
    memset(&c, 0, sizeof(c));
    c.kind = SIM_WL_FPGA;
    snprintf(c.fpga, sizeof(c.fpga), "%s", wl);
    c.bytes = bytes;
    c.dim = !strcmp(wl, "matmul") ? 48 : 0;
    c.repeat = repeat;
    return sim_fpga_app_new(&c, run_end, seed);
}

static bool app_ok(const char *who, struct sim_fpga_app *a, uint32_t runs)
{
    const struct sim_fpga_result *r = sim_fpga_app_result(a);
    bool ok = r->finished && !r->open_err && !r->failed && (!runs || r->runs == runs);
    if (!ok)
        printf("  %s: finished %d, open_err %d, %u runs (want %u), %u failed, first error %d\n",
               who, r->finished, r->open_err, r->runs, runs, r->failed, r->first_err);
    return ok;
}

static uint64_t switches_in(struct rig *r, unsigned i)
{
    return r->vc[i]->stats.switches_in;
}

static const char *const six_wl[6] = { "sha256", "sha256", "aes", "crc32c", "fir", "matmul" };
static const char *const six_allow[6] = { "sha256", "sha256", "aes", "crc32c", "fir", "matmul" };
static const uint32_t six_bytes[6] = { 256u << 10, 192u << 10, 128u << 10, 512u << 10,
                                       64u << 10, 0 };

/* 6 tenants on 4 slots for 15 ms, slices drawn from the seed (50 us .. 1 ms,
 * no minimum): every result right after many preempt/save/reconfigure/
 * restore cycles (>= 40 per run); the streaming SHA-256 tenants (pieces of
 * awkward sizes, so preempted anywhere in a message) are among them. */
static void test_six_on_four(void)
{
    TEST_BEGIN(tn("sfpgavc_6on4_results_correct"));
    uint64_t cycles = 0, sha_switches = 0;
    for (unsigned seed = 1; seed <= (deferred ? 1u : 3u); seed++) {
        srand(seed * 7919u);
        uint64_t slice = 50 * US + (uint64_t)(rand() % 950) * US;
        uint64_t errs = sim_log_count(PLATFORM_LOG_ERR);
        struct rig r;
        struct rig_cfg cfg = { 4, "credit", slice, 0, -1, deferred };
        struct rig_vc_cfg vcs[6];
        struct sim_fpga_app *a[6];
        for (unsigned i = 0; i < 6; i++) {
            a[i] = app(six_wl[i], six_bytes[i], 0, seed * 10 + i, 15 * MS);
            vcs[i] = (struct rig_vc_cfg){ six_wl[i], six_allow[i], 1, 0, sim_fpga_app_main, a[i] };
        }
        CHECK(rig_create(&r, &cfg, vcs, 6) == 0);
        rig_run(&r, 500 * MS);
        CHECK(!r.stalled);
        for (unsigned i = 0; i < 6; i++)
            CHECK(app_ok(six_wl[i], a[i], 0) && sim_fpga_app_result(a[i])->runs >= 2);
        struct sfpga_vc_stats st = rig_stats(&r);
        uint64_t c = st.dev.saves < st.dev.switch_reconfs ? st.dev.saves : st.dev.switch_reconfs;
        sha_switches += switches_in(&r, 0) + switches_in(&r, 1);
        printf("  seed %u: slice %llu us, %llu saves, %llu reconfigurations for switches, %llu "
               "restores, %.3f ms\n", seed, (unsigned long long)(slice / US),
               (unsigned long long)st.dev.saves, (unsigned long long)st.dev.switch_reconfs,
               (unsigned long long)st.dev.restores, sim_now() / 1e6);
        CHECK(c >= 40);
        cycles += c;
        CHECK(sim_log_count(PLATFORM_LOG_ERR) == errs);
        CHECK(sim_lock_errors() == 0);
        rig_destroy(&r);
        for (unsigned i = 0; i < 6; i++)
            sim_fpga_app_free(a[i]);
    }
    printf("  %llu save/reconfigure/restore cycles in all; the two SHA-256 streams were switched "
           "in %llu times, each result equal to the reference\n", (unsigned long long)cycles,
           (unsigned long long)sha_switches);
    TEST_END();
}

/* 4 tenants on 4 slots: only the 4 first loads reconfigure, each tenant
 * stays on its own slot, nothing is saved. */
static void test_four_on_four(void)
{
    TEST_BEGIN(tn("sfpgavc_4on4_spatial_no_reconfiguration"));
    static const char *const wl[4] = { "sha256", "crc32c", "aes", "fir" };
    struct rig r;
    struct rig_cfg cfg = { 4, "credit", 1 * MS, -1, -1, deferred };
    struct rig_vc_cfg vcs[4];
    struct sim_fpga_app *a[4];
    for (unsigned i = 0; i < 4; i++) {
        a[i] = app(wl[i], 256u << 10, 4, i + 1, 0);
        vcs[i] = (struct rig_vc_cfg){ wl[i], wl[i], 1, 0, sim_fpga_app_main, a[i] };
    }
    CHECK(rig_create(&r, &cfg, vcs, 4) == 0);
    rig_run(&r, 200 * MS);
    struct sfpga_vc_stats st = rig_stats(&r);
    unsigned used = 0;
    for (unsigned i = 0; i < 4; i++) {
        CHECK(app_ok(wl[i], a[i], 4));
        struct sfpga_vc_vstats vs = rig_vstats(&r, i);
        unsigned slots = 0;
        for (unsigned k = 0; k < 4; k++)
            if (vs.switch_in_slot[k]) {
                slots++;
                used |= 1u << k;
            }
        CHECK(slots == 1);
    }
    printf("  %llu reconfigurations (%llu for switches), %llu saves, slots used 0x%x\n",
           (unsigned long long)st.dev.reconfs, (unsigned long long)st.dev.switch_reconfs,
           (unsigned long long)st.dev.saves, used);
    CHECK_EQ_U64(st.dev.reconfs, 4);
    CHECK_EQ_U64(st.dev.switch_reconfs, 0);
    CHECK_EQ_U64(st.dev.saves, 0);
    CHECK_EQ_U64(used, 0xf);
    rig_destroy(&r);
    for (unsigned i = 0; i < 4; i++)
        sim_fpga_app_free(a[i]);
    TEST_END();
}

/* A tenant aiming DMA at another domain's memory faults (S2_TRANSLATION),
 * that memory is unchanged, the others finish with correct results. */
static void test_dma_isolation(void)
{
    TEST_BEGIN(tn("sfpgavc_isolation_dma"));
    struct g_stream v0 = { 1u << 20, 64u << 10, 21, 50 * US, 0, 0, 0, 0, 0, false };
    struct g_stream v1 = { 1u << 20, 64u << 10, 22, 50 * US, 0, 0, 0, 0, 0, false };
    struct g_attack at;
    memset(&at, 0, sizeof(at));
    struct rig r;
    struct rig_cfg cfg = { 2, "credit", 300 * US, 0, -1, deferred };
    struct rig_vc_cfg vcs[3] = {
        { "victim0", "crc32c", 1, 0, g_stream_main, &v0 },
        { "victim1", "crc32c", 1, 0, g_stream_main, &v1 },
        { "attacker", "sha256", 1, 200 * US, g_attack_main, &at },
    };
    CHECK(rig_create(&r, &cfg, vcs, 3) == 0);
    /* victim0's data: its heap starts at RAM + 1 MiB, after the 64 KiB image */
    uint64_t data_ipa = SIM_RAM_BASE + (1ull << 20) + (64u << 10);
    at.target = sim_domain_ram_pa(r.dom[0]) + (data_ipa - SIM_RAM_BASE) + (512u << 10);
    rig_run(&r, 200 * MS);
    uint8_t *data = rig_ram(&r, 0, data_ipa, 1u << 20), *want = malloc(1u << 20);
    tenant_fill(want, 1u << 20, 21);
    struct sfpga_vc_stats st = rig_stats(&r);
    printf("  attacker: write %d (fault %u), read %d (fault %u), own job after: %s; victims: %u "
           "and %u register mismatches, CRCs %s/%s; %llu DMA faults seen\n", at.rc_write,
           at.fault_write, at.rc_read, at.fault_read, at.after_ok ? "ok" : "BAD",
           v0.reg_mismatches, v1.reg_mismatches, v0.crc_final == v0.crc_ref ? "ok" : "BAD",
           v1.crc_final == v1.crc_ref ? "ok" : "BAD", (unsigned long long)st.dev.dma_faults);
    CHECK(at.done && v0.done && v1.done);
    CHECK(at.rc_write == FPGA_E_FAULT && at.fault_write == SFPGA_FAULT_S2_TRANSLATION);
    CHECK(at.rc_read == FPGA_E_FAULT && at.fault_read == SFPGA_FAULT_S2_TRANSLATION);
    CHECK(at.after_ok);
    CHECK(!v0.err && !v1.err && v0.crc_final == v0.crc_ref && v1.crc_final == v1.crc_ref);
    CHECK(v0.reg_mismatches == 0 && v1.reg_mismatches == 0);
    CHECK(data && !memcmp(data, want, 1u << 20));
    CHECK(st.dev.dma_faults >= 2);
    CHECK(r.vc[2]->state != VCOPROC_FAULTED && r.vc[0]->state != VCOPROC_FAULTED);
    free(want);
    rig_destroy(&r);
    TEST_END();
}

/* An accelerator off the allow-list is refused with 14 and the tenant goes
 * on with an allowed one; without the property every load is refused. */
static void test_allow_list(void)
{
    TEST_BEGIN(tn("sfpgavc_isolation_allow_list"));
    struct g_allow a = { SFPGA_ACCEL_SHA256, SFPGA_ACCEL_CRC32C, 0, 0, 0, 0, 0, false, false };
    struct g_allow b = { SFPGA_ACCEL_AES128CTR, SFPGA_ACCEL_CRC32C, 0, 0, 0, 0, 0, false, false };
    struct rig r;
    struct rig_cfg cfg = { 2, "credit", 0, -1, -1, deferred };
    struct rig_vc_cfg vcs[2] = {
        { "listed", "crc32c, fir", 1, 0, g_allow_main, &a },
        { "unlisted", NULL, 1, 0, g_allow_main, &b },
    };
    CHECK(rig_create(&r, &cfg, vcs, 2) == 0);
    rig_run(&r, 100 * MS);
    struct sfpga_vc_stats st = rig_stats(&r);
    printf("  listed: sha256 -> %d status %u (accel after %u), crc32c -> %d, job %s; unlisted: aes "
           "-> status %u, crc32c -> status %u; %llu refused as not allowed\n", a.rc_denied,
           a.status_denied, a.accel_after_denied, a.rc_allowed, a.job_ok ? "ok" : "BAD",
           b.status_denied, rig_vstats(&r, 1).last_status,
           (unsigned long long)st.dev.refused_not_allowed);
    CHECK(a.done && b.done);
    CHECK(a.rc_denied == FPGA_E_LOAD && a.status_denied == SFPGA_ST_NOT_ALLOWED);
    CHECK(a.accel_after_denied == 0);
    CHECK(a.rc_allowed == 0 && a.job_ok);
    CHECK(b.rc_denied == FPGA_E_LOAD && b.status_denied == SFPGA_ST_NOT_ALLOWED);
    CHECK(b.rc_allowed == FPGA_E_LOAD && rig_vstats(&r, 1).last_status == SFPGA_ST_NOT_ALLOWED);
    CHECK_EQ_U64(st.dev.refused_not_allowed, 3);
    rig_destroy(&r);
    TEST_END();
}

/* Two tenants time-share one slot with the same accelerator image (so the
 * configuration itself is shared): after every switch each reads back only
 * its own registers and running CRC, never the other's. */
static void test_state_isolation(void)
{
    TEST_BEGIN(tn("sfpgavc_isolation_slot_state"));
    struct g_stream a = { 768u << 10, 40000, 31, 20 * US, 0, 0, 0, 0, 0, false };
    struct g_stream b = { 768u << 10, 52000, 32, 30 * US, 0, 0, 0, 0, 0, false };
    struct rig r;
    struct rig_cfg cfg = { 1, "credit", 60 * US, 0, 0, deferred };
    struct rig_vc_cfg vcs[2] = {
        { "a", "crc32c", 1, 0, g_stream_main, &a },
        { "b", "crc32c", 1, 0, g_stream_main, &b },
    };
    CHECK(rig_create(&r, &cfg, vcs, 2) == 0);
    rig_run(&r, 200 * MS);
    struct sfpga_vc_stats st = rig_stats(&r);
    printf("  a: %u pieces, %u mismatches, CRC %s; b: %u pieces, %u mismatches, CRC %s; %llu+%llu "
           "switch-ins, %llu restores without reconfiguring, %llu reconfigurations\n", a.pieces,
           a.reg_mismatches, a.crc_final == a.crc_ref ? "ok" : "BAD", b.pieces, b.reg_mismatches,
           b.crc_final == b.crc_ref ? "ok" : "BAD", (unsigned long long)switches_in(&r, 0),
           (unsigned long long)switches_in(&r, 1), (unsigned long long)st.slot[0].restores_cheap,
           (unsigned long long)st.dev.reconfs);
    CHECK(a.done && b.done && !a.err && !b.err);
    CHECK(a.reg_mismatches == 0 && b.reg_mismatches == 0);
    CHECK(a.crc_final == a.crc_ref && b.crc_final == b.crc_ref);
    CHECK(switches_in(&r, 0) + switches_in(&r, 1) >= 20);
    CHECK(st.slot[0].restores_cheap >= 10);
    CHECK(st.dev.reconfs <= 2);
    rig_destroy(&r);
    TEST_END();
}

/* Bad input: damaged images get the device's codes (2, 5, 6, 4) and the
 * driver's size limit 4, unaligned and oversize buffers their errors, stray
 * accesses are ignored; the tenant works after each, its neighbour is
 * undisturbed. */
static void test_bad_input(void)
{
    TEST_BEGIN(tn("sfpgavc_bad_input"));
    struct g_bad g;
    memset(&g, 0, sizeof(g));
    g.bs_max = 256u << 10;
    struct g_stream n = { 1u << 20, 32u << 10, 41, 10 * US, 0, 0, 0, 0, 0, false };
    struct rig r;
    struct rig_cfg cfg = { 2, "credit", 200 * US, -1, -1, deferred };
    struct rig_vc_cfg vcs[2] = {
        { "bad", "crc32c fir matmul8", 1, 0, g_bad_main, &g },
        { "neighbour", "crc32c", 1, 0, g_stream_main, &n },
    };
    CHECK(rig_create(&r, &cfg, vcs, 2) == 0);
    rig_run(&r, 300 * MS);
    struct sfpga_vc_stats st = rig_stats(&r);
    printf("  load statuses: magic %u, header CRC %u, payload CRC %u, length %u, oversize %u; "
           "FIR unaligned %d, matmul unaligned %d, range %d, odd FIR length %d (fault %u), "
           "length off RAM %d (fault %u); %u good jobs after; %llu ignored accesses; neighbour "
           "CRC %s\n", g.status[0], g.status[1], g.status[2], g.status[3], g.status[4],
           g.rc_align_fir, g.rc_align_matmul, g.rc_range, g.rc_odd_len, g.fault_odd_len,
           g.rc_offram, g.fault_offram, g.good_after, (unsigned long long)st.dev.bad_accesses,
           n.crc_final == n.crc_ref ? "ok" : "BAD");
    CHECK(g.done && n.done);
    CHECK_EQ_U64(g.status[BAD_MAGIC_CASE], SFPGA_ST_BAD_MAGIC);
    CHECK_EQ_U64(g.status[BAD_HDRCRC_CASE], SFPGA_ST_HDR_CRC);
    CHECK_EQ_U64(g.status[BAD_PAYLOAD_CASE], SFPGA_ST_PAYLOAD_CRC);
    CHECK_EQ_U64(g.status[BAD_LEN_CASE], SFPGA_ST_BAD_SIZE);
    CHECK_EQ_U64(g.status[BAD_OVERSIZE_CASE], SFPGA_ST_BAD_SIZE);
    CHECK(g.rc_align_fir == FPGA_E_ALIGN && g.rc_align_matmul == FPGA_E_ALIGN);
    CHECK(g.rc_range == FPGA_E_RANGE);
    CHECK(g.rc_odd_len == FPGA_E_FAULT && g.fault_odd_len == SFPGA_FAULT_BAD_PARAM);
    CHECK(g.rc_offram == FPGA_E_FAULT && g.fault_offram == SFPGA_FAULT_S2_TRANSLATION);
    CHECK_EQ_U64(g.good_after, 7);
    CHECK(st.dev.bad_accesses >= 3);
    CHECK(r.vc[0]->state != VCOPROC_FAULTED);
    CHECK(!n.err && n.crc_final == n.crc_ref && n.reg_mismatches == 0);
    rig_destroy(&r);
    TEST_END();
}

/* 6 on 4 saturating, 40 ms: reconfiguration time share with the default
 * slice ratio (20) must stay under 5% of slot time; the same run with no
 * minimum slice and no lingering shows what the policy saves. */
static double share_run(int ratio, int64_t linger, uint64_t slice, double *jain, double *total)
{
    struct rig r;
    struct rig_cfg cfg = { 4, "credit", slice, ratio, linger, deferred };
    struct rig_vc_cfg vcs[6];
    struct sim_fpga_app *a[6];
    for (unsigned i = 0; i < 6; i++) {
        a[i] = app(six_wl[i], six_bytes[i], 0, i + 1, 40 * MS);
        vcs[i] = (struct rig_vc_cfg){ six_wl[i], six_allow[i], 1, 0, sim_fpga_app_main, a[i] };
    }
    double share = -1;
    if (!rig_create(&r, &cfg, vcs, 6)) {
        rig_run(&r, 40 * MS);
        struct sfpga_vc_stats st = rig_stats(&r);
        struct coproc_report rep;
        coproc_report(r.c, &rep, NULL, 0);
        *jain = rep.jain_ppm / 1e6;
        share = (double)st.dev.switch_reconf_ns / (4.0 * sim_now());
        *total = (double)st.dev.reconf_ns / (4.0 * sim_now());
        for (unsigned i = 0; i < 6; i++)
            if (sim_fpga_app_result(a[i])->failed)
                share = 2; /* a wrong result fails the bound */
    }
    rig_destroy(&r);
    for (unsigned i = 0; i < 6; i++)
        sim_fpga_app_free(a[i]);
    return share;
}

static void test_amortising(void)
{
    TEST_BEGIN(tn("sfpgavc_amortising_reconf_share"));
    double j1 = 0, j2 = 0, t1 = 0, t2 = 0;
    double with = share_run(-1, -1, 1 * MS, &j1, &t1), without = share_run(0, 0, 1 * MS, &j2, &t2);
    printf("  6 on 4, slice 1 ms, 40 ms: reconfiguration for switches %.2f%% of slot time with "
           "the policy (ratio 20, lingering; Jain %.4f; %.2f%% with the tenants' own first "
           "loads), %.2f%% without (Jain %.4f); bound 5%% (1/21 = 4.76%% at ratio 20)\n",
           100 * with, j1, 100 * t1, 100 * without, j2);
    CHECK(with >= 0 && with < 0.05);
    CHECK(without > with);
    CHECK(j1 >= 0.95);
    TEST_END();
}

/* Placement: a tenant whose image is on a slot goes back to that slot; a
 * tenant loading an image a slot holds goes there, without reconfiguring. */
static void test_placement(void)
{
    TEST_BEGIN(tn("sfpgavc_amortising_placement"));
    static const char *const wl[5] = { "sha256", "crc32c", "aes", "fir", "crc32c" };
    struct g_phases p[5];
    struct rig_vc_cfg vcs[5];
    for (unsigned i = 0; i < 5; i++) {
        memset(&p[i], 0, sizeof(p[i]));
        p[i].workload = wl[i];
        p[i].bytes = 64u << 10;
        p[i].nr = 1;
        vcs[i] = (struct rig_vc_cfg){ wl[i], wl[i], 1, 0, g_phases_main, &p[i] };
    }
    p[1].nr = 2;
    p[1].start[1] = 10 * MS; /* t1 again after t4 took its slot */
    p[4].start[0] = 5 * MS;  /* t4: same image as t1 */
    struct rig r;
    struct rig_cfg cfg = { 4, "credit", 0, -1, -1, deferred };
    CHECK(rig_create(&r, &cfg, vcs, 5) == 0);
    rig_run(&r, 100 * MS);
    struct sfpga_vc_stats st = rig_stats(&r);
    struct sfpga_vc_vstats v1 = rig_vstats(&r, 1), v4 = rig_vstats(&r, 4);
    unsigned v1_slots = 0;
    for (unsigned k = 0; k < 4; k++)
        v1_slots += v1.switch_in_slot[k] != 0;
    printf("  t1 (crc32c) switched in %llu times on %u slot(s), last on slot %d; t4 (crc32c) on "
           "slot %d; %llu reconfigurations (%llu for switches), %llu loads done without one\n",
           (unsigned long long)switches_in(&r, 1), v1_slots, v1.last_slot, v4.last_slot,
           (unsigned long long)st.dev.reconfs, (unsigned long long)st.dev.switch_reconfs,
           (unsigned long long)st.dev.loads_elided);
    for (unsigned i = 0; i < 5; i++)
        CHECK(p[i].done && p[i].ok_runs == p[i].nr);
    CHECK(switches_in(&r, 1) >= 2 && v1_slots == 1);
    CHECK(v4.last_slot == v1.last_slot);
    CHECK_EQ_U64(st.dev.switch_reconfs, 0);
    CHECK_EQ_U64(st.dev.reconfs, 4);
    CHECK(st.dev.loads_elided >= 1);
    rig_destroy(&r);
    TEST_END();
}

/* DT: the driver's properties and their error messages. */
static int probe_with(const char *irqs, const char *slots, const char *ratio, struct coproc **c)
{
    struct sim_sfpga *dev = sim_sfpga_create(RIG_DEV_PA, RIG_DEV_IRQ, 4);
    char buf[64];
    struct platform_dt_node *n = sim_dt_node_new("fpga");
    sim_dt_set(n, "compatible", "vcoproc,sfpga");
    snprintf(buf, sizeof(buf), "0x%llx 0x%llx", RIG_DEV_PA,
             (unsigned long long)sim_sfpga_window(dev));
    sim_dt_set(n, "reg", buf);
    sim_dt_set(n, "interrupts", irqs);
    if (slots)
        sim_dt_set(n, "vcoproc,slots", slots);
    if (ratio)
        sim_dt_set(n, "sfpga,slice-ratio", ratio);
    sim_log_clear();
    int e = coproc_probe(n, 0, c);
    sim_dt_node_free(n);
    if (e)
        sim_sfpga_destroy(dev);
    return e;
}

static void test_dt(void)
{
    TEST_BEGIN(tn("sfpgavc_dt_bindings"));
    struct coproc *c = NULL;
    const char *irq8 = "200 201 202 203 204 205 206 207";
    sim_init(1);
    CHECK(probe_with("200 201", NULL, NULL, &c) != 0);
    CHECK(strstr(sim_log_error_text(), "property interrupts has 2 entries") != NULL);
    CHECK(probe_with(irq8, "3", NULL, &c) != 0);
    CHECK(strstr(sim_log_error_text(), "property vcoproc,slots is 3") != NULL);
    CHECK(probe_with(irq8, NULL, "5000", &c) != 0);
    CHECK(strstr(sim_log_error_text(), "property sfpga,slice-ratio") != NULL);
    printf("  e.g. \"%s\"\n", sim_log_last_error());
    CHECK(probe_with(irq8, "4", "20", &c) == 0);
    if (c) {
        CHECK(c->nr_slots == 4);
        struct platform_domain *d = sim_domain_create("t", RIG_RAM);
        struct platform_dt_node *n = sim_dt_node_new("t");
        struct vcoproc_config cfg;
        struct vcoproc *v = NULL;
        sim_dt_set(n, "reg", "0xb100000 0x2000");
        sim_dt_set(n, "interrupts", "49");
        sim_dt_set(n, "sfpga,allowed-accelerators", "sha256 quantum");
        CHECK(vcoproc_config_from_dt(n, &cfg) == 0);
        sim_log_clear();
        CHECK(vcoproc_create(c, d, &cfg, &v) != 0);
        CHECK(strstr(sim_log_error_text(), "t: property sfpga,allowed-accelerators: unknown "
                                           "accelerator \"quantum\"") != NULL);
        printf("  e.g. \"%s\"\n", sim_log_last_error());
        sim_dt_set(n, "sfpga,allowed-accelerators", "sha256");
        sim_dt_set(n, "reg", "0xb100000 0x1000");
        CHECK(vcoproc_config_from_dt(n, &cfg) == 0);
        sim_log_clear();
        CHECK(vcoproc_create(c, d, &cfg, &v) != 0);
        CHECK(strstr(sim_log_error_text(), "t: property reg: the window") != NULL);
        sim_dt_node_free(n);
        sim_domain_destroy(d);
        CHECK(coproc_remove(c) == 0);
    }
    TEST_END();
}

int main(int argc, char **argv)
{
    only = argc > 1 ? argv[1] : NULL;
    /* quiet: tests read the log themselves; SFPGAVC_VERBOSE=1 shows it */
    sim_log_level(getenv("SFPGAVC_VERBOSE") ? PLATFORM_LOG_DEBUG : PLATFORM_LOG_ERR - 1);
    if (selected("dt"))
        test_dt();
    for (int pass = 0; pass < 2; pass++) {
        deferred = pass == 1;
        if (selected("4on4"))
            test_four_on_four();
        if (selected("6on4"))
            test_six_on_four();
        if (selected("dma"))
            test_dma_isolation();
        if (selected("allow"))
            test_allow_list();
        if (selected("state"))
            test_state_isolation();
        if (selected("bad"))
            test_bad_input();
        if (selected("share") && !deferred)
            test_amortising();
        if (selected("placement"))
            test_placement();
    }
    return CHECK_EXIT_CODE();
}
