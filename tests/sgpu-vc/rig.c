/* Test rig (see rig.h): builds the system the way a platform does, from DT
 * nodes through the framework's own probe and create calls. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "hw/sgpu.h"
#include "rig.h"

static void set_u64(struct platform_dt_node *n, const char *prop, uint64_t v)
{
    char buf[32];
    snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
    sim_dt_set(n, prop, buf);
}

static int rig_probe(struct rig *r, const struct rig_cfg *cfg)
{
    char buf[64];
    r->dev = sim_sgpu_create(RIG_DEV_PA, RIG_DEV_IRQ);
    if (!r->dev)
        return -1;
    struct platform_dt_node *n = sim_dt_node_new("gpu");
    sim_dt_set(n, "compatible", "vcoproc,sgpu");
    snprintf(buf, sizeof(buf), "0x%llx 0x%llx", RIG_DEV_PA, SIM_SGPU_WINDOW);
    sim_dt_set(n, "reg", buf);
    snprintf(buf, sizeof(buf), "%u %u", RIG_DEV_IRQ, RIG_DEV_IRQ + 1);
    sim_dt_set(n, "interrupts", buf);
    sim_dt_set(n, "vcoproc,policy", cfg->policy);
    if (cfg->slice)
        set_u64(n, "vcoproc,slice-ns", cfg->slice);
    if (cfg->watchdog_ns || cfg->watchdog_off)
        set_u64(n, "sgpu,watchdog-ns", cfg->watchdog_off ? 0 : cfg->watchdog_ns);
    if (cfg->switch_timeout_ns)
        set_u64(n, "sgpu,switch-timeout-ns", cfg->switch_timeout_ns);
    sim_log_clear();
    int e = coproc_probe(n, 0, &r->c);
    sim_dt_node_free(n);
    if (e)
        printf("  rig: probe failed: %s\n", sim_log_last_error());
    return e ? -1 : 0;
}

static int rig_add(struct rig *r, unsigned i, const struct rig_vc_cfg *vc)
{
    char buf[64];
    struct vcoproc_config cfg;
    r->dom[i] = sim_domain_create(vc->name, RIG_RAM);
    if (!r->dom[i])
        return -1;
    struct platform_dt_node *n = sim_dt_node_new(vc->name);
    snprintf(buf, sizeof(buf), "0x%llx 0x1000", RIG_VC_IPA);
    sim_dt_set(n, "reg", buf);
    set_u64(n, "interrupts", RIG_VC_VIRQ);
    set_u64(n, "vcoproc,weight", vc->weight ? vc->weight : 1);
    set_u64(n, "vcoproc,priority", vc->priority);
    if (vc->budget) {
        set_u64(n, "vcoproc,budget-ns", vc->budget);
        set_u64(n, "vcoproc,period-ns", vc->period);
    }
    if (vc->slice)
        set_u64(n, "vcoproc,slice-ns", vc->slice);
    sim_log_clear();
    int e = vcoproc_config_from_dt(n, &cfg);
    sim_dt_node_free(n);
    if (!e)
        e = vcoproc_create(r->c, r->dom[i], &cfg, &r->vc[i]);
    if (e) {
        printf("  rig: vcoproc %s: %s\n", vc->name, sim_log_last_error());
        return -1;
    }
    /* heaps at different IPAs per domain, so register values differ too */
    uint64_t heap = SIM_RAM_BASE + (1ull << 20) * (i + 1);
    r->g[i] = sim_sgpu_guest_create(r->dom[i], vc->name, RIG_VC_IPA, RIG_VC_VIRQ, heap,
                                    RIG_RAM - (9ull << 20), vc->fn, vc->arg);
    if (!r->g[i])
        return -1;
    sim_sgpu_guest_start(r->g[i], 0);
    return 0;
}

int rig_create(struct rig *r, const struct rig_cfg *cfg, const struct rig_vc_cfg *vcs, unsigned n)
{
    memset(r, 0, sizeof(*r));
    sim_init(1);
    if (rig_probe(r, cfg))
        return -1;
    for (unsigned i = 0; i < n && i < RIG_MAX; i++) {
        if (rig_add(r, i, &vcs[i]))
            return -1;
        r->n = i + 1;
    }
    return 0;
}

bool rig_all_done(const struct rig *r)
{
    for (unsigned i = 0; i < r->n; i++)
        if (!sim_sgpu_guest_done(r->g[i]))
            return false;
    return true;
}

static double wall_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* Also bounded in host time (RIG_WALL_S): a driver that makes the system
 * spin without progress fails the test instead of hanging the suite. */
void rig_run(struct rig *r, uint64_t limit)
{
    double t0 = wall_s();
    while (sim_now() < limit && !rig_all_done(r)) {
        sim_run_until(sim_now() + 1000000 < limit ? sim_now() + 1000000 : limit);
        if (wall_s() - t0 > RIG_WALL_S) {
            printf("  rig: stopped after %d s of host time at %.3f ms virtual\n", RIG_WALL_S,
                   sim_now() / 1e6);
            r->stalled = true;
            return;
        }
    }
}

uint64_t rig_priv_read(struct rig *r, uint32_t off, unsigned width)
{
    uint64_t v = 0;
    sgpu_reg_read(sim_sgpu_model(r->dev), SGPU_PAGE_PRIV, off, width, &v);
    return v;
}

void rig_destroy(struct rig *r)
{
    for (unsigned i = 0; i < RIG_MAX; i++) {
        sim_sgpu_guest_destroy(r->g[i]);
        r->g[i] = NULL;
    }
    for (unsigned i = 0; i < RIG_MAX; i++)
        if (r->vc[i])
            vcoproc_destroy(r->vc[i]);
    sim_run_all(sim_now() + 10000000000ull);
    for (unsigned i = 0; i < RIG_MAX; i++)
        sim_domain_destroy(r->dom[i]);
    if (r->c && coproc_remove(r->c))
        printf("  rig: coproc still busy at teardown\n");
    sim_sgpu_destroy(r->dev);
    memset(r, 0, sizeof(*r));
}
