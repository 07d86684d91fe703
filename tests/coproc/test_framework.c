/* Framework unit tests on the simulator platform with the mock driver:
 * lifecycle, MMIO routing, IRQ hold-and-deliver, switch-out retry and IRQ
 * completion, switch timeout, fault isolation, removal while running,
 * IOMMU programming, multi-slot placement, run-time policy changes. */
#include "fw_util.h"

static void test_lifecycle(void)
{
    TEST_BEGIN("framework_lifecycle");
    fw_begin();
    struct coproc *c = fw_coproc("rr", 1, COPROC_MS(1));
    CHECK(c != NULL);
    CHECK(mock.probes == 1);
    struct platform_domain *da = sim_domain_create("a", 1 << 16), *db = sim_domain_create("b", 1 << 16);
    struct vcoproc *a = fw_vc(c, da, "a", 1), *b = fw_vc(c, db, "b", 1);
    CHECK(a && b);
    CHECK(mock.inits == 2);
    CHECK(a->state == VCOPROC_IDLE && b->state == VCOPROC_IDLE);
    gw(da, MOCK_REG_WORK, 1);
    gw(db, MOCK_REG_WORK, 1);
    run_for(COPROC_US(10));
    CHECK(a->state == VCOPROC_RUNNING);
    CHECK(b->state == VCOPROC_WAITING);
    CHECK(c->slots[0].cur == a && c->slots[0].phase == COPROC_SLOT_ACTIVE);
    run_for(COPROC_MS(1));
    CHECK(b->state == VCOPROC_RUNNING && a->state == VCOPROC_WAITING);
    CHECK(coproc_remove(c) == COPROC_EBUSY);
    gw(da, MOCK_REG_WORK, 0);
    gw(db, MOCK_REG_WORK, 0);
    run_for(COPROC_MS(2));
    CHECK(a->state == VCOPROC_IDLE && b->state == VCOPROC_IDLE);
    /* b stays resident while idle; destroying it switches it out */
    CHECK(vcoproc_destroy(a) == 0);
    vcoproc_destroy(b);
    run_for(COPROC_MS(1));
    CHECK(mock.destroys == 2);
    CHECK(c->nr_vcoprocs == 0);
    CHECK(coproc_remove(c) == 0);
    CHECK(mock.removes == 1);
    CHECK(sim_lock_errors() == 0);
    sim_domain_destroy(da);
    sim_domain_destroy(db);
    TEST_END();
}

static void test_mmio_routing(void)
{
    TEST_BEGIN("framework_mmio_routing");
    fw_begin();
    struct coproc *c = fw_coproc("rr", 1, COPROC_MS(1));
    struct platform_domain *da = sim_domain_create("a", 1 << 16), *db = sim_domain_create("b", 1 << 16);
    struct vcoproc *a = fw_vc(c, da, "a", 1), *b = fw_vc(c, db, "b", 1);
    CHECK(a && b);
    /* same guest address in two domains reaches two different vcoprocs */
    gw(da, MOCK_REG_SCRATCH, 0x1111);
    gw(db, MOCK_REG_SCRATCH, 0x2222);
    CHECK_EQ_U64(gr(da, MOCK_REG_SCRATCH), 0x1111);
    CHECK_EQ_U64(gr(db, MOCK_REG_SCRATCH), 0x2222);
    /* an unknown register is logged and ignored: no fault */
    CHECK_EQ_U64(gr(da, 0x100), 0);
    gw(da, 0x104, 5);
    CHECK(a->state != VCOPROC_FAULTED);
    /* outside the window: nothing mapped, the platform aborts the access */
    uint64_t v;
    CHECK(!sim_guest_mmio_read(da, VC_IPA + 0x1000, 4, &v));
    /* a second vcoproc at an overlapping IPA of the same domain is refused */
    CHECK(fw_vc(c, da, "a2", 1) == NULL);
    vcoproc_destroy(a);
    vcoproc_destroy(b);
    run_for(COPROC_MS(1));
    /* after destroy the window is gone */
    CHECK(!sim_guest_mmio_read(da, VC_IPA, 4, &v));
    CHECK(coproc_remove(c) == 0);
    CHECK(sim_lock_errors() == 0);
    sim_domain_destroy(da);
    sim_domain_destroy(db);
    TEST_END();
}

static void test_irq_hold_deliver(void)
{
    TEST_BEGIN("framework_irq_hold_and_deliver");
    fw_begin();
    struct coproc *c = fw_coproc("rr", 1, COPROC_MS(1));
    struct platform_domain *da = sim_domain_create("a", 1 << 16), *db = sim_domain_create("b", 1 << 16);
    struct vcoproc *a = fw_vc(c, da, "a", 1), *b = fw_vc(c, db, "b", 1);
    gw(da, MOCK_REG_WORK, 1);
    gw(db, MOCK_REG_WORK, 1);
    run_for(COPROC_US(10));
    CHECK(a->state == VCOPROC_RUNNING && b->state == VCOPROC_WAITING);
    /* the running one gets its interrupt at once */
    gw(da, MOCK_REG_RAISE, 1);
    run_for(COPROC_US(1));
    CHECK_EQ_U64(sim_domain_virqs(da), 1);
    /* the switched-out one: held, not lost, not injected yet */
    platform_lock_acquire(c->lock);
    vcoproc_raise_irq(b);
    vcoproc_raise_irq(b);
    platform_lock_release(c->lock);
    run_for(COPROC_US(100));
    CHECK_EQ_U64(sim_domain_virqs(db), 0);
    CHECK(b->held_irqs == 2);
    CHECK(b->stats.irqs_held == 2);
    /* at b's slice it is switched in and receives them */
    run_for(COPROC_MS(1));
    CHECK(b->state == VCOPROC_RUNNING);
    CHECK_EQ_U64(sim_domain_virqs(db), 1);
    CHECK(b->held_irqs == 0);
    /* an idle, switched-out vcoproc that gets an interrupt is scheduled to
     * receive it, then goes idle again */
    gw(da, MOCK_REG_WORK, 0);
    run_for(COPROC_MS(3));
    CHECK(a->slot == NULL && a->state == VCOPROC_IDLE);
    platform_lock_acquire(c->lock);
    vcoproc_raise_irq(a);
    platform_lock_release(c->lock);
    run_for(COPROC_MS(3));
    CHECK_EQ_U64(sim_domain_virqs(da), 2);
    CHECK(a->state == VCOPROC_IDLE || a->state == VCOPROC_SWITCHING_OUT);
    vcoproc_destroy(a);
    vcoproc_destroy(b);
    run_for(COPROC_MS(1));
    CHECK(coproc_remove(c) == 0);
    CHECK(sim_lock_errors() == 0);
    sim_domain_destroy(da);
    sim_domain_destroy(db);
    TEST_END();
}

static void test_switch_retry(void)
{
    TEST_BEGIN("framework_switch_out_retry");
    fw_begin();
    struct coproc *c = fw_coproc("rr", 1, COPROC_MS(1));
    struct platform_domain *da = sim_domain_create("a", 1 << 16), *db = sim_domain_create("b", 1 << 16);
    struct vcoproc *a = fw_vc(c, da, "a", 1), *b = fw_vc(c, db, "b", 1);
    mock.out = (struct mock_script){ COPROC_SWITCH_RETRY, 3, COPROC_US(100) };
    gw(da, MOCK_REG_WORK, 1);
    gw(db, MOCK_REG_WORK, 1);
    run_for(COPROC_US(10));
    coproc_time_t slice_end = c->slots[0].slice_end;
    run_for(slice_end - sim_now() + COPROC_US(50));
    /* asked again every 100 us, never spun on */
    CHECK(a->state == VCOPROC_SWITCHING_OUT);
    CHECK(mock.outs == 1);
    run_for(COPROC_US(300));
    CHECK(mock.outs == 4);
    CHECK(a->state == VCOPROC_WAITING && b->state == VCOPROC_RUNNING);
    CHECK_EQ_U64(a->stats.switch_out_lat.max, COPROC_US(300));
    CHECK_EQ_U64(a->stats.switches_out, 1);
    vcoproc_destroy(a);
    vcoproc_destroy(b);
    run_for(COPROC_MS(5));
    CHECK(coproc_remove(c) == 0);
    CHECK(sim_lock_errors() == 0);
    sim_domain_destroy(da);
    sim_domain_destroy(db);
    TEST_END();
}

static void test_switch_irq(void)
{
    TEST_BEGIN("framework_switch_irq_completion");
    fw_begin();
    struct coproc *c = fw_coproc("rr", 1, COPROC_MS(1));
    struct platform_domain *da = sim_domain_create("a", 1 << 16), *db = sim_domain_create("b", 1 << 16);
    struct vcoproc *a = fw_vc(c, da, "a", 1), *b = fw_vc(c, db, "b", 1);
    mock.in = (struct mock_script){ COPROC_SWITCH_WAIT_IRQ, 0, 0 };
    gw(da, MOCK_REG_WORK, 1);
    run_for(COPROC_US(10));
    /* switch-in waits for the device */
    CHECK(c->slots[0].phase == COPROC_SLOT_SWITCHING_IN && c->slots[0].waiting_irq);
    run_for(COPROC_US(70));
    sim_irq_raise(MOCK_IRQ);
    run_for(COPROC_US(1));
    CHECK(c->slots[0].phase == COPROC_SLOT_ACTIVE);
    CHECK_EQ_U64(a->stats.switch_in_lat.max, COPROC_US(80));
    mock.in.status = COPROC_SWITCH_DONE;
    mock.out = (struct mock_script){ COPROC_SWITCH_WAIT_IRQ, 0, 0 };
    gw(db, MOCK_REG_WORK, 1);
    run_for(c->slots[0].slice_end - sim_now());
    CHECK(a->state == VCOPROC_SWITCHING_OUT);
    run_for(COPROC_US(250));
    CHECK(a->state == VCOPROC_SWITCHING_OUT);
    sim_irq_raise(MOCK_IRQ);
    run_for(COPROC_US(1));
    CHECK(a->state == VCOPROC_WAITING && b->state == VCOPROC_RUNNING);
    CHECK_EQ_U64(a->stats.switch_out_lat.max, COPROC_US(250));
    /* a late, spurious completion interrupt changes nothing */
    sim_irq_raise(MOCK_IRQ);
    run_for(COPROC_US(1));
    CHECK(b->state == VCOPROC_RUNNING && c->slots[0].phase == COPROC_SLOT_ACTIVE);
    mock.out.status = COPROC_SWITCH_DONE;
    vcoproc_destroy(a);
    vcoproc_destroy(b);
    run_for(COPROC_MS(5));
    CHECK(coproc_remove(c) == 0);
    CHECK(sim_lock_errors() == 0);
    sim_domain_destroy(da);
    sim_domain_destroy(db);
    TEST_END();
}

static void test_switch_timeout(void)
{
    TEST_BEGIN("framework_switch_timeout_faults_one");
    fw_begin();
    struct coproc *c = fw_coproc("rr", 1, COPROC_MS(1));
    struct platform_domain *da = sim_domain_create("a", 1 << 16), *db = sim_domain_create("b", 1 << 16);
    struct vcoproc *a = fw_vc(c, da, "a", 1), *b = fw_vc(c, db, "b", 1);
    gw(da, MOCK_REG_WORK, 1);
    gw(db, MOCK_REG_WORK, 1);
    run_for(COPROC_US(10));
    /* the device never answers a's preemption */
    mock.out = (struct mock_script){ COPROC_SWITCH_WAIT_IRQ, 0, COPROC_MS(5) };
    run_for(COPROC_MS(1));
    CHECK(a->state == VCOPROC_SWITCHING_OUT);
    mock.out.status = COPROC_SWITCH_DONE;
    run_for(COPROC_MS(5));
    CHECK(a->state == VCOPROC_FAULTED);
    CHECK(mock.device_resets == 1);
    CHECK(strstr(sim_log_last_error(), "faulted") != NULL);
    CHECK(b->state == VCOPROC_RUNNING);
    coproc_time_t busy = b->stats.busy_ns;
    run_for(COPROC_MS(10));
    CHECK(b->state == VCOPROC_RUNNING);
    CHECK(b->stats.busy_ns > busy || c->slots[0].accounting);
    vcoproc_destroy(a);
    vcoproc_destroy(b);
    run_for(COPROC_MS(5));
    CHECK(coproc_remove(c) == 0);
    CHECK(sim_lock_errors() == 0);
    sim_domain_destroy(da);
    sim_domain_destroy(db);
    TEST_END();
}

static void test_hang_reset_requeues_others(void)
{
    TEST_BEGIN("framework_device_reset_requeues_other_slots");
    fw_begin();
    struct coproc *c = fw_coproc("rr", 2, COPROC_MS(1));
    struct platform_domain *d[3];
    struct vcoproc *v[3];
    for (int i = 0; i < 3; i++) {
        char n[8];
        snprintf(n, sizeof(n), "d%d", i);
        d[i] = sim_domain_create(n, 1 << 16);
        v[i] = fw_vc(c, d[i], n, 1);
        gw(d[i], MOCK_REG_WORK, 1);
    }
    run_for(COPROC_US(10));
    CHECK(c->slots[0].cur == v[0] && c->slots[1].cur == v[1]);
    /* both slots try to switch out at their slice end; the device hangs */
    mock.out = (struct mock_script){ COPROC_SWITCH_WAIT_IRQ, 0, COPROC_MS(5) };
    run_for(COPROC_MS(2));
    CHECK(v[0]->state == VCOPROC_SWITCHING_OUT && v[1]->state == VCOPROC_SWITCHING_OUT);
    mock.out.status = COPROC_SWITCH_DONE;
    run_for(COPROC_MS(5));
    CHECK(mock.device_resets == 1);
    CHECK(v[0]->state == VCOPROC_FAULTED);
    CHECK(v[1]->state != VCOPROC_FAULTED && v[1]->stats.faults == 0);
    run_for(COPROC_MS(20));
    CHECK(v[1]->stats.busy_ns >= COPROC_MS(8) && v[2]->stats.busy_ns >= COPROC_MS(8));
    CHECK(mock.device_resets == 1);
    for (int i = 0; i < 3; i++)
        vcoproc_destroy(v[i]);
    run_for(COPROC_MS(5));
    CHECK(coproc_remove(c) == 0);
    CHECK(sim_lock_errors() == 0);
    for (int i = 0; i < 3; i++)
        sim_domain_destroy(d[i]);
    TEST_END();
}

static void test_fault_isolation(void)
{
    TEST_BEGIN("framework_fault_one_others_continue");
    fw_begin();
    struct coproc *c = fw_coproc("rr", 1, COPROC_MS(1));
    struct platform_domain *d[3];
    struct vcoproc *v[3];
    for (int i = 0; i < 3; i++) {
        char n[8];
        snprintf(n, sizeof(n), "d%d", i);
        d[i] = sim_domain_create(n, 1 << 16);
        v[i] = fw_vc(c, d[i], n, 1);
    }
    /* v0: its context cannot be loaded (driver error on switch-in) */
    mock.fail_in_for = v[0];
    for (int i = 0; i < 3; i++)
        gw(d[i], MOCK_REG_WORK, 1);
    run_for(COPROC_MS(1));
    CHECK(v[0]->state == VCOPROC_FAULTED);
    CHECK(v[0]->stats.faults == 1);
    /* v1: bad guest access while running or waiting */
    gw(d[1], MOCK_REG_BAD, 1);
    run_for(COPROC_MS(1));
    CHECK(v[1]->state == VCOPROC_FAULTED);
    CHECK(strstr(sim_log_last_error(), "d1") != NULL);
    /* v2 keeps the device */
    run_for(COPROC_MS(20));
    CHECK(v[2]->state == VCOPROC_RUNNING);
    CHECK(v[2]->stats.busy_ns >= COPROC_MS(15));
    /* guest writes to a faulted vcoproc are ignored */
    gw(d[1], MOCK_REG_WORK, 1);
    CHECK(v[1]->state == VCOPROC_FAULTED);
    /* reset brings one back */
    mock.fail_in_for = NULL;
    CHECK(vcoproc_reset(v[0]) == 0);
    CHECK(v[0]->state == VCOPROC_IDLE);
    gw(d[0], MOCK_REG_WORK, 1);
    run_for(COPROC_MS(3));
    CHECK(v[0]->stats.busy_ns > 0);
    for (int i = 0; i < 3; i++)
        vcoproc_destroy(v[i]);
    run_for(COPROC_MS(5));
    CHECK(coproc_remove(c) == 0);
    CHECK(sim_lock_errors() == 0);
    for (int i = 0; i < 3; i++)
        sim_domain_destroy(d[i]);
    TEST_END();
}

static void test_remove_running(void)
{
    TEST_BEGIN("framework_remove_while_running");
    fw_begin();
    struct coproc *c = fw_coproc("credit", 1, COPROC_MS(1));
    struct platform_domain *da = sim_domain_create("a", 1 << 16), *db = sim_domain_create("b", 1 << 16);
    struct vcoproc *a = fw_vc(c, da, "a", 1), *b = fw_vc(c, db, "b", 1);
    mock.out = (struct mock_script){ COPROC_SWITCH_RETRY, 2, COPROC_US(50) };
    gw(da, MOCK_REG_WORK, 1);
    gw(db, MOCK_REG_WORK, 1);
    run_for(COPROC_US(10));
    CHECK(a->state == VCOPROC_RUNNING);
    CHECK(vcoproc_destroy(a) == COPROC_EBUSY);
    CHECK(mock.destroys == 0);
    run_for(COPROC_US(200));
    CHECK(mock.destroys == 1);
    CHECK(c->nr_vcoprocs == 1);
    CHECK(b->state == VCOPROC_RUNNING);
    /* and removal while waiting is immediate */
    mock.out.status = COPROC_SWITCH_DONE;
    struct platform_domain *dc = sim_domain_create("c", 1 << 16);
    struct vcoproc *x = fw_vc(c, dc, "c", 1);
    gw(dc, MOCK_REG_WORK, 1);
    CHECK(x->state == VCOPROC_WAITING);
    CHECK(vcoproc_destroy(x) == 0);
    CHECK(c->nr_waiting == 0);
    run_for(COPROC_MS(5));
    CHECK(b->state == VCOPROC_RUNNING);
    vcoproc_destroy(b);
    run_for(COPROC_MS(1));
    CHECK(coproc_remove(c) == 0);
    CHECK(sim_lock_errors() == 0);
    sim_domain_destroy(da);
    sim_domain_destroy(db);
    sim_domain_destroy(dc);
    TEST_END();
}

static void test_iommu(void)
{
    TEST_BEGIN("framework_iommu_context_per_switch");
    fw_begin();
    struct coproc *c = fw_coproc("rr", 1, COPROC_US(500));
    struct platform_domain *da = sim_domain_create("a", 1 << 16), *db = sim_domain_create("b", 1 << 16);
    struct vcoproc *a = fw_vc(c, da, "a", 1), *b = fw_vc(c, db, "b", 1);
    struct platform_s2_ctx sa, sb;
    platform_domain_s2(da, &sa);
    platform_domain_s2(db, &sb);
    gw(da, MOCK_REG_WORK, 1);
    gw(db, MOCK_REG_WORK, 1);
    for (int i = 0; i < 20; i++) {
        run_for(COPROC_US(100));
        struct vcoproc *cur = coproc_slot_visible(&c->slots[0]);
        if (cur)
            CHECK(mock.slot_vmid[0] == (cur == a ? sa.vmid : sb.vmid));
    }
    CHECK(mock.ins >= 4);
    CHECK(mock.vmid_mismatch == 0);
    gw(da, MOCK_REG_WORK, 0);
    gw(db, MOCK_REG_WORK, 0);
    vcoproc_destroy(a);
    vcoproc_destroy(b);
    run_for(COPROC_MS(1));
    /* nobody resident: the slot's IOMMU context is detached */
    CHECK(mock.slot_vmid[0] == 0);
    CHECK(coproc_remove(c) == 0);
    sim_domain_destroy(da);
    sim_domain_destroy(db);
    TEST_END();
}

static void test_multislot(void)
{
    TEST_BEGIN("framework_multi_slot_placement");
    fw_begin();
    struct coproc *c = fw_coproc("rr", 2, COPROC_MS(1));
    CHECK(c && c->nr_slots == 2);
    struct platform_domain *d[3];
    struct vcoproc *v[3];
    for (int i = 0; i < 3; i++) {
        char n[8];
        snprintf(n, sizeof(n), "d%d", i);
        d[i] = sim_domain_create(n, 1 << 16);
        v[i] = fw_vc(c, d[i], n, 1);
        gw(d[i], MOCK_REG_WORK, 1);
    }
    run_for(COPROC_US(10));
    int running = 0;
    for (int i = 0; i < 3; i++)
        running += v[i]->state == VCOPROC_RUNNING;
    CHECK(running == 2);
    CHECK(c->slots[0].cur != c->slots[1].cur);
    run_for(COPROC_MS(30));
    for (int i = 0; i < 3; i++)
        CHECK(v[i]->stats.busy_ns >= COPROC_MS(15));
    for (int i = 0; i < 3; i++)
        vcoproc_destroy(v[i]);
    run_for(COPROC_MS(1));
    CHECK(coproc_remove(c) == 0);
    CHECK(sim_lock_errors() == 0);
    for (int i = 0; i < 3; i++)
        sim_domain_destroy(d[i]);
    TEST_END();
}

static void test_policy_change(void)
{
    TEST_BEGIN("framework_policy_change_at_run_time");
    fw_begin();
    struct coproc *c = fw_coproc("rr", 1, COPROC_MS(1));
    struct platform_domain *d[3];
    struct vcoproc *v[3];
    for (int i = 0; i < 3; i++) {
        char n[8];
        snprintf(n, sizeof(n), "d%d", i);
        d[i] = sim_domain_create(n, 1 << 16);
        v[i] = fw_vc(c, d[i], n, (uint32_t)(1 << i));
        gw(d[i], MOCK_REG_WORK, 1);
    }
    run_for(COPROC_MS(30));
    CHECK(coproc_set_policy(c, "credit") == 0);
    CHECK(!strcmp(c->sched.ops->name, "credit"));
    coproc_stats_reset(c);
    run_for(COPROC_MS(700));
    /* weights 1:2:4 now matter */
    CHECK(v[2]->stats.busy_ns > v[1]->stats.busy_ns && v[1]->stats.busy_ns > v[0]->stats.busy_ns);
    CHECK(coproc_set_policy(c, "rt") == 0);
    run_for(COPROC_MS(10));
    sim_log_clear();
    CHECK(coproc_set_policy(c, "edf") == COPROC_EINVAL);
    CHECK(strstr(sim_log_last_error(), "edf") != NULL);
    CHECK(!strcmp(c->sched.ops->name, "rt"));
    run_for(COPROC_MS(10));
    int active = 0;
    for (int i = 0; i < 3; i++)
        active += v[i]->state == VCOPROC_RUNNING || v[i]->state == VCOPROC_WAITING ||
                  v[i]->state == VCOPROC_SWITCHING_OUT;
    CHECK(active == 3);
    for (int i = 0; i < 3; i++)
        vcoproc_destroy(v[i]);
    run_for(COPROC_MS(1));
    CHECK(coproc_remove(c) == 0);
    CHECK(sim_lock_errors() == 0);
    for (int i = 0; i < 3; i++)
        sim_domain_destroy(d[i]);
    TEST_END();
}

static void test_bad_params(void)
{
    TEST_BEGIN("framework_bad_parameters_rejected");
    fw_begin();
    struct coproc *c = fw_coproc("rt", 1, COPROC_MS(1));
    struct platform_domain *da = sim_domain_create("a", 1 << 16);
    struct vcoproc *a = fw_vc(c, da, "a", 1);
    sim_log_clear();
    CHECK(coproc_set_param(c, a, SCHED_PARAM_WEIGHT, 0) == COPROC_EINVAL);
    CHECK(strstr(sim_log_last_error(), "weight") != NULL);
    CHECK(coproc_set_param(c, a, SCHED_PARAM_PERIOD, COPROC_MS(10)) == 0);
    sim_log_clear();
    CHECK(coproc_set_param(c, a, SCHED_PARAM_BUDGET, COPROC_MS(11)) == COPROC_EINVAL);
    CHECK(strstr(sim_log_last_error(), "budget greater than period") != NULL);
    CHECK(coproc_set_param(c, a, SCHED_PARAM_BUDGET, COPROC_MS(4)) == 0);
    CHECK(a->cfg.sched.budget == COPROC_MS(4));
    /* admission: reservations may not exceed the device (1 slot) */
    struct platform_domain *db = sim_domain_create("b", 1 << 16);
    struct vcoproc *b = fw_vc(c, db, "b", 1);
    CHECK(coproc_set_param(c, b, SCHED_PARAM_PERIOD, COPROC_MS(10)) == 0);
    CHECK(coproc_set_param(c, b, SCHED_PARAM_BUDGET, COPROC_MS(6)) == 0);
    sim_log_clear();
    CHECK(coproc_set_param(c, b, SCHED_PARAM_BUDGET, COPROC_MS(7)) == COPROC_EINVAL);
    CHECK(strstr(sim_log_last_error(), "exceed") != NULL);
    CHECK(b->cfg.sched.budget == COPROC_MS(6));
    vcoproc_destroy(b);
    sim_domain_destroy(db);
    CHECK(coproc_set_param(c, a, SCHED_PARAM_PRIORITY, 256) == COPROC_EINVAL);
    CHECK(coproc_set_param(c, NULL, SCHED_PARAM_SLICE, 5) == COPROC_EINVAL);
    CHECK(coproc_set_param(c, NULL, SCHED_PARAM_SLICE, COPROC_MS(2)) == 0);
    CHECK(fw_vc(c, da, "zero", 0) == NULL);
    CHECK(strstr(sim_log_last_error(), "weight") != NULL);
    /* the DT path names node and property */
    struct platform_dt_node *n = sim_dt_node_new("gpu9");
    sim_dt_set(n, "compatible", "test,mock");
    sim_dt_set(n, "interrupts", "300");
    sim_dt_set(n, "vcoproc,policy", "fifo");
    struct coproc *bad = NULL;
    sim_log_clear();
    CHECK(coproc_probe(n, 9, &bad) == COPROC_EINVAL);
    CHECK(strstr(sim_log_last_error(), "gpu9") && strstr(sim_log_last_error(), "vcoproc,policy") &&
          strstr(sim_log_last_error(), "fifo"));
    sim_dt_set(n, "vcoproc,policy", "rr");
    sim_dt_set(n, "compatible", "acme,unknown");
    CHECK(coproc_probe(n, 9, &bad) == COPROC_ENODEV);
    sim_dt_node_free(n);
    struct platform_dt_node *vn = sim_dt_node_new("vgpu");
    struct vcoproc_config cfg;
    sim_dt_set(vn, "reg", "0x0b000000 0x1000");
    sim_dt_set(vn, "interrupts", "48");
    sim_dt_set(vn, "vcoproc,budget-ns", "20000000");
    sim_dt_set(vn, "vcoproc,period-ns", "10000000");
    CHECK(vcoproc_config_from_dt(vn, &cfg) == COPROC_EINVAL);
    CHECK(strstr(sim_log_last_error(), "vgpu") && strstr(sim_log_last_error(), "budget"));
    sim_dt_set(vn, "vcoproc,budget-ns", "2000000");
    CHECK(vcoproc_config_from_dt(vn, &cfg) == 0);
    CHECK(cfg.sched.budget == COPROC_MS(2) && cfg.virq == 48);
    sim_dt_node_free(vn);
    vcoproc_destroy(a);
    CHECK(coproc_remove(c) == 0);
    sim_domain_destroy(da);
    TEST_END();
}

static void test_guest_dt(void)
{
    TEST_BEGIN("framework_guest_dt_node");
    fw_begin();
    struct coproc *c = fw_coproc("rr", 1, COPROC_MS(1));
    struct platform_domain *da = sim_domain_create("a", 1 << 16);
    struct vcoproc *a = fw_vc(c, da, "a", 1);
    struct platform_dt_writer *w = sim_dtw_new();
    CHECK(vcoproc_guest_dt(a, w) == 0);
    CHECK(strstr(sim_dtw_text(w), "compatible = \"test,mock-v\"") != NULL);
    CHECK(strstr(sim_dtw_text(w), "interrupts = <0x0 0x10 0x1>") != NULL);
    sim_dtw_free(w);
    vcoproc_destroy(a);
    CHECK(coproc_remove(c) == 0);
    sim_domain_destroy(da);
    TEST_END();
}

int main(void)
{
    test_lifecycle();
    test_mmio_routing();
    test_irq_hold_deliver();
    test_switch_retry();
    test_switch_irq();
    test_switch_timeout();
    test_fault_isolation();
    test_hang_reset_requeues_others();
    test_remove_running();
    test_iommu();
    test_multislot();
    test_policy_change();
    test_bad_params();
    test_guest_dt();
    return CHECK_EXIT_CODE();
}
