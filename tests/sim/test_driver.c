/* The synthetic driver under the framework on the simulator: bad guest input
 * faults only the guilty vcoproc, unknown registers are ignored, removal of
 * a running vcoproc, and the guest DT node. */
#include <string.h>
#include "check.h"
#include "sim/world.h"
#include "../../vcoproc-drivers/synthetic/synthetic_regs.h"

static const char *two_vcs =
    "sim seed=1 duration=1s\n"
    "coproc gpu policy=credit slice=1ms preempt=100us save=10us restore=10us\n"
    "vcoproc a coproc=gpu\nstream a saturate cost=500us depth=2\n"
    "vcoproc b coproc=gpu\nstream b saturate cost=500us depth=2\n";

static struct sim_world *mk(void)
{
    struct sim_scenario sc;
    char err[256];
    if (sim_scenario_parse(two_vcs, &sc, err, sizeof(err)))
        return NULL;
    return sim_world_create(&sc, NULL, err, sizeof(err));
}

static void bad_guest_value(const char *name, uint64_t reg, uint32_t val, const char *msg)
{
    TEST_BEGIN(name);
    struct sim_world *w = mk();
    CHECK(w != NULL);
    sim_run_until(sim_now() + COPROC_MS(50));
    struct vcoproc *a = w->vcs[0].vcoproc, *b = w->vcs[1].vcoproc;
    sim_log_clear();
    sim_guest_mmio_write(w->vcs[0].domain, SIM_VC_IPA + reg, 4, val);
    sim_run_until(sim_now() + COPROC_MS(5));
    printf("  -> %s\n", sim_log_last_error());
    CHECK(a->state == VCOPROC_FAULTED);
    CHECK(strstr(sim_log_last_error(), msg) != NULL || a->stats.faults == 1);
    coproc_time_t busy = b->stats.busy_ns;
    sim_run_until(sim_now() + COPROC_MS(50));
    CHECK(b->state != VCOPROC_FAULTED);
    CHECK(b->stats.busy_ns >= busy + COPROC_MS(45) ||
          (b->slot && b->slot->accounting && b->stats.busy_ns > busy));
    CHECK(synth_dev_faults(w->coprocs[0].dev) == 0);
    sim_world_destroy(w);
    CHECK(sim_lock_errors() == 0);
    TEST_END();
}

static void test_ignored_accesses(void)
{
    TEST_BEGIN("driver_unknown_register_ignored");
    struct sim_world *w = mk();
    struct platform_domain *d = w->vcs[0].domain;
    uint64_t v = 1;
    sim_run_until(sim_now() + COPROC_MS(10));
    CHECK(sim_guest_mmio_read(d, SIM_VC_IPA + 0x800, 4, &v) && v == 0);
    CHECK(sim_guest_mmio_write(d, SIM_VC_IPA + 0x800, 4, 7));
    CHECK(sim_guest_mmio_write(d, SIM_VC_IPA + SYN_V_TAIL, 1, 0xff));
    CHECK(sim_guest_mmio_read(d, SIM_VC_IPA + SYN_V_ID, 4, &v) && v == SYN_ID_VALUE);
    sim_run_until(sim_now() + COPROC_MS(10));
    CHECK(w->vcs[0].vcoproc->state != VCOPROC_FAULTED);
    CHECK(w->vcs[0].vcoproc->stats.faults == 0);
    sim_world_destroy(w);
    TEST_END();
}

static void test_destroy_running(void)
{
    TEST_BEGIN("driver_destroy_running_vcoproc");
    struct sim_world *w = mk();
    sim_run_until(sim_now() + COPROC_US(10500));
    struct vcoproc *run = coproc_slot_visible(&w->coprocs[0].coproc->slots[0]);
    CHECK(run != NULL);
    int idx = run == w->vcs[0].vcoproc ? 0 : 1;
    struct vcoproc *other = w->vcs[1 - idx].vcoproc;
    sim_guest_stop(w->vcs[idx].guest);
    CHECK(vcoproc_destroy(run) == COPROC_EBUSY);
    w->vcs[idx].vcoproc = NULL;
    sim_run_until(sim_now() + COPROC_MS(20));
    CHECK(w->coprocs[0].coproc->nr_vcoprocs == 1);
    CHECK(coproc_slot_visible(&w->coprocs[0].coproc->slots[0]) == other);
    CHECK(other->stats.busy_ns > COPROC_MS(20));
    CHECK(synth_dev_faults(w->coprocs[0].dev) == 0);
    sim_world_destroy(w);
    CHECK(sim_lock_errors() == 0);
    TEST_END();
}

static void test_guest_dt(void)
{
    TEST_BEGIN("driver_guest_dt_node");
    struct sim_world *w = mk();
    struct platform_dt_writer *dw = sim_dtw_new();
    CHECK(vcoproc_guest_dt(w->vcs[0].vcoproc, dw) == 0);
    const char *t = sim_dtw_text(dw);
    CHECK(strstr(t, "compatible = \"vcoproc,synthetic-v1\"") != NULL);
    CHECK(strstr(t, "reg = <0x0 0xb000000 0x0 0x1000>") != NULL);
    CHECK(strstr(t, "interrupts = <0x0 0x10 0x1>") != NULL);
    sim_dtw_free(dw);
    sim_world_destroy(w);
    TEST_END();
}

int main(void)
{
    sim_log_level(-1);
    bad_guest_value("driver_bad_tail_faults_only_its_vcoproc", SYN_V_TAIL, 100000, "TAIL");
    bad_guest_value("driver_ring_change_in_flight_faults", SYN_V_RING_SIZE, 64, "ring reprogrammed");
    test_ignored_accesses();
    test_destroy_running();
    test_guest_dt();
    return CHECK_EXIT_CODE();
}
