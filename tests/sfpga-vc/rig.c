/* Test rig (see rig.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "hw/sfpga_regs.h"
#include "rig.h"

static void set_u64(struct platform_dt_node *n, const char *prop, uint64_t v)
{
    char buf[32];
    snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
    sim_dt_set(n, prop, buf);
}

static int rig_probe(struct rig *r, const struct rig_cfg *cfg)
{
    char buf[160];
    unsigned slots = cfg->slots ? cfg->slots : 4;
    r->dev = sim_sfpga_create(RIG_DEV_PA, RIG_DEV_IRQ, slots);
    if (!r->dev)
        return -1;
    sim_sfpga_set_deferred(r->dev, cfg->deferred);
    struct platform_dt_node *n = sim_dt_node_new("fpga");
    sim_dt_set(n, "compatible", "vcoproc,sfpga");
    snprintf(buf, sizeof(buf), "0x%llx 0x%llx", RIG_DEV_PA,
             (unsigned long long)sim_sfpga_window(r->dev));
    sim_dt_set(n, "reg", buf);
    buf[0] = '\0';
    for (unsigned v = 0; v < 2 * slots; v++)
        snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%u", v ? " " : "",
                 RIG_DEV_IRQ + v);
    sim_dt_set(n, "interrupts", buf);
    set_u64(n, "vcoproc,slots", slots);
    sim_dt_set(n, "vcoproc,policy", cfg->policy ? cfg->policy : "credit");
    if (cfg->slice)
        set_u64(n, "vcoproc,slice-ns", cfg->slice);
    if (cfg->ratio >= 0)
        set_u64(n, "sfpga,slice-ratio", (uint64_t)cfg->ratio);
    if (cfg->linger >= 0)
        set_u64(n, "sfpga,linger-ns", (uint64_t)cfg->linger);
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
    snprintf(buf, sizeof(buf), "0x%llx 0x2000", RIG_VC_IPA);
    sim_dt_set(n, "reg", buf);
    set_u64(n, "interrupts", RIG_VC_VIRQ);
    set_u64(n, "vcoproc,weight", vc->weight ? vc->weight : 1);
    if (vc->allow)
        sim_dt_set(n, "sfpga,allowed-accelerators", vc->allow);
    sim_log_clear();
    int e = vcoproc_config_from_dt(n, &cfg);
    if (!e)
        e = vcoproc_create(r->c, r->dom[i], &cfg, &r->vc[i]);
    sim_dt_node_free(n);
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
    sim_sgpu_guest_start(r->g[i], vc->start);
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

struct sfpga_vc_stats rig_stats(struct rig *r)
{
    struct sfpga_vc_stats st;
    memset(&st, 0, sizeof(st));
    sfpga_vc_stats(r->c, &st);
    return st;
}

struct sfpga_vc_vstats rig_vstats(struct rig *r, unsigned i)
{
    struct sfpga_vc_vstats st;
    memset(&st, 0, sizeof(st));
    sfpga_vc_vstats(r->vc[i], &st);
    return st;
}

void *rig_ram(struct rig *r, unsigned i, uint64_t ipa, uint64_t len)
{
    return sim_domain_ram(r->dom[i], ipa, len);
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
    sim_sfpga_destroy(r->dev);
    memset(r, 0, sizeof(*r));
}
