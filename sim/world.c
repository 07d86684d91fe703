/* Builds and runs a simulated system from a scenario (see world.h). The
 * framework sees the same objects it sees in the hypervisor: DT nodes,
 * domains, trapped MMIO, physical IRQs. */
#include <stdlib.h>
#include <string.h>
#include "sim/world.h"

#define SIM_GUEST_RAM (1u << 20)

static void world_schedule_changes(struct sim_world *w);

#define SIM_SGPU_GUEST_RAM (16u << 20)

/* Adds the properties every physical co-processor node has (scheduler
 * policy and slice), probes coproc i from node n and frees n. */
static int world_probe(struct sim_world *w, unsigned i, struct platform_dt_node *n,
                       const char *policy, char *err, size_t errlen)
{
    const struct sim_coproc_cfg *cc = &w->sc.coprocs[i];
    char buf[32];
    sim_dt_set(n, "vcoproc,policy", policy ? policy : cc->policy);
    snprintf(buf, sizeof(buf), "%llu", (unsigned long long)cc->slice);
    sim_dt_set(n, "vcoproc,slice-ns", buf);
    sim_log_clear();
    int r = coproc_probe(n, i, &w->coprocs[i].coproc);
    sim_dt_node_free(n);
    if (r) {
        snprintf(err, errlen, "coproc %s: %s", cc->name, sim_log_last_error());
        return -1;
    }
    w->nr_coprocs = i + 1;
    return 0;
}

/* An SGPU: the model behind an 8 KiB window, probed by the SGPU driver. */
static int world_add_sgpu(struct sim_world *w, unsigned i, const char *policy, char *err,
                          size_t errlen)
{
    const struct sim_coproc_cfg *cc = &w->sc.coprocs[i];
    char buf[160];
    w->coprocs[i].sgpu = sim_sgpu_create(SIM_DEV_PA(i), SIM_DEV_IRQ(i));
    if (!w->coprocs[i].sgpu) {
        snprintf(err, errlen, "coproc %s: cannot create the SGPU model", cc->name);
        return -1;
    }
    struct platform_dt_node *n = sim_dt_node_new(cc->name);
    if (!n)
        return -1;
    sim_dt_set(n, "compatible", "vcoproc,sgpu");
    snprintf(buf, sizeof(buf), "0x%llx 0x%llx", (unsigned long long)SIM_DEV_PA(i),
             (unsigned long long)SIM_SGPU_WINDOW);
    sim_dt_set(n, "reg", buf);
    snprintf(buf, sizeof(buf), "%u %u", SIM_DEV_IRQ(i), SIM_DEV_IRQ(i) + 1);
    sim_dt_set(n, "interrupts", buf);
    if (cc->watchdog || cc->watchdog_off) {
        snprintf(buf, sizeof(buf), "%llu", (unsigned long long)cc->watchdog);
        sim_dt_set(n, "sgpu,watchdog-ns", buf);
    }
    return world_probe(w, i, n, policy, err, errlen);
}

/* An SFPGA: the model behind its BAR2 window, 2N interrupts (function
 * vectors, then privileged), probed by the SFPGA driver. */
static int world_add_sfpga(struct sim_world *w, unsigned i, const char *policy, char *err,
                           size_t errlen)
{
    const struct sim_coproc_cfg *cc = &w->sc.coprocs[i];
    char buf[160];
    w->coprocs[i].sfpga = sim_sfpga_create(SIM_DEV_PA(i), SIM_DEV_IRQ(i), cc->slots);
    if (!w->coprocs[i].sfpga) {
        snprintf(err, errlen, "coproc %s: cannot create the SFPGA model", cc->name);
        return -1;
    }
    struct platform_dt_node *n = sim_dt_node_new(cc->name);
    if (!n)
        return -1;
    sim_dt_set(n, "compatible", "vcoproc,sfpga");
    snprintf(buf, sizeof(buf), "0x%llx 0x%llx", (unsigned long long)SIM_DEV_PA(i),
             (unsigned long long)sim_sfpga_window(w->coprocs[i].sfpga));
    sim_dt_set(n, "reg", buf);
    buf[0] = '\0';
    for (unsigned v = 0; v < 2 * cc->slots; v++)
        snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%u", v ? " " : "",
                 SIM_DEV_IRQ(i) + v);
    sim_dt_set(n, "interrupts", buf);
    snprintf(buf, sizeof(buf), "%u", cc->slots);
    sim_dt_set(n, "vcoproc,slots", buf);
    if (cc->ratio_set) {
        snprintf(buf, sizeof(buf), "%u", cc->slice_ratio);
        sim_dt_set(n, "sfpga,slice-ratio", buf);
    }
    if (cc->bs_max) {
        snprintf(buf, sizeof(buf), "%u", cc->bs_max);
        sim_dt_set(n, "sfpga,max-bitstream", buf);
    }
    return world_probe(w, i, n, policy, err, errlen);
}

static int world_add_coproc(struct sim_world *w, unsigned i, const char *policy, char *err,
                            size_t errlen)
{
    const struct sim_coproc_cfg *cc = &w->sc.coprocs[i];
    if (cc->device == SIM_DEVICE_SGPU)
        return world_add_sgpu(w, i, policy, err, errlen);
    if (cc->device == SIM_DEVICE_SFPGA)
        return world_add_sfpga(w, i, policy, err, errlen);
    struct synth_dev_config dc = { cc->slots, cc->preempt, cc->save, cc->restore };
    char buf[160];
    w->coprocs[i].dev = synth_dev_create(SIM_DEV_PA(i), SIM_DEV_IRQ(i), &dc);
    if (!w->coprocs[i].dev) {
        snprintf(err, errlen, "coproc %s: cannot create the synthetic device", cc->name);
        return -1;
    }
    struct platform_dt_node *n = sim_dt_node_new(cc->name);
    if (!n)
        return -1;
    sim_dt_set(n, "compatible", "vcoproc,synthetic");
    snprintf(buf, sizeof(buf), "0x%llx 0x%llx", (unsigned long long)SIM_DEV_PA(i),
             (unsigned long long)SIM_SYNTH_WINDOW);
    sim_dt_set(n, "reg", buf);
    buf[0] = '\0';
    for (unsigned s = 0; s < cc->slots; s++)
        snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%u", s ? " " : "",
                 SIM_DEV_IRQ(i) + s);
    sim_dt_set(n, "interrupts", buf);
    snprintf(buf, sizeof(buf), "%u", cc->slots);
    sim_dt_set(n, "vcoproc,slots", buf);
    snprintf(buf, sizeof(buf), "%llu", (unsigned long long)cc->poll);
    sim_dt_set(n, "synthetic,poll-ns", buf);
    return world_probe(w, i, n, policy, err, errlen);
}

/* RAM of an FPGA tenant: its buffers (input, output, references) with room. */
static uint64_t world_fpga_ram(const struct sim_workload_cfg *wl)
{
    uint64_t need = 4ull * (wl->bytes ? wl->bytes : 1u << 20) + 2ull * wl->bs + (8u << 20);
    need = (need + 0xfffff) & ~0xfffffull;
    return need > SIM_SGPU_GUEST_RAM ? need : SIM_SGPU_GUEST_RAM;
}

/* A tenant's allow-list: the scenario's, else its workload's accelerator. */
static const char *world_fpga_allow(const struct sim_vcoproc_cfg *vc)
{
    static const char *const names[] = { "sha256 crc32c aes fir matmul", "sha256", "crc32c",
                                         "aes", "fir", "matmul" };
    if (vc->allow[0])
        return vc->allow;
    return names[sim_fpga_accel_of(vc->workload.fpga)];
}

static int world_add_vc(struct sim_world *w, unsigned i, char *err, size_t errlen)
{
    const struct sim_vcoproc_cfg *vc = &w->sc.vcoprocs[i];
    struct sim_world_vc *x = &w->vcs[i];
    struct vcoproc_config cfg;
    char buf[96];
    bool sgpu = w->sc.coprocs[vc->coproc].device == SIM_DEVICE_SGPU;
    bool sfpga = w->sc.coprocs[vc->coproc].device == SIM_DEVICE_SFPGA;
    uint64_t ram = sgpu ? SIM_SGPU_GUEST_RAM : sfpga ? world_fpga_ram(&vc->workload)
                                                     : SIM_GUEST_RAM;
    x->coproc = vc->coproc;
    x->domain = sim_domain_create(vc->name, ram);
    if (!x->domain) {
        snprintf(err, errlen, "vcoproc %s: cannot create its domain", vc->name);
        return -1;
    }
    /* the domain's vcoproc node, as the hypervisor would find it */
    struct platform_dt_node *n = sim_dt_node_new(vc->name);
    snprintf(buf, sizeof(buf), "0x%llx 0x%llx", (unsigned long long)SIM_VC_IPA,
             sfpga ? SIM_SFPGA_VC_WINDOW : 0x1000ull);
    sim_dt_set(n, "reg", buf);
    if (sfpga)
        sim_dt_set(n, "sfpga,allowed-accelerators", world_fpga_allow(vc));
    snprintf(buf, sizeof(buf), "%u", SIM_VC_VIRQ);
    sim_dt_set(n, "interrupts", buf);
    snprintf(buf, sizeof(buf), "%u", vc->sched.weight);
    sim_dt_set(n, "vcoproc,weight", buf);
    snprintf(buf, sizeof(buf), "%u", vc->sched.priority);
    sim_dt_set(n, "vcoproc,priority", buf);
    snprintf(buf, sizeof(buf), "%llu", (unsigned long long)vc->sched.budget);
    sim_dt_set(n, "vcoproc,budget-ns", buf);
    snprintf(buf, sizeof(buf), "%llu", (unsigned long long)vc->sched.period);
    sim_dt_set(n, "vcoproc,period-ns", buf);
    snprintf(buf, sizeof(buf), "%llu", (unsigned long long)vc->sched.slice);
    sim_dt_set(n, "vcoproc,slice-ns", buf);
    sim_log_clear();
    int r = vcoproc_config_from_dt(n, &cfg);
    /* the node lives through vcoproc_create: the driver reads its own
     * properties there */
    if (!r)
        r = vcoproc_create(w->coprocs[vc->coproc].coproc, x->domain, &cfg, &x->vcoproc);
    sim_dt_node_free(n);
    if (r) {
        snprintf(err, errlen, "vcoproc %s: %s", vc->name, sim_log_last_error());
        return -1;
    }
    if (sfpga) {
        /* a tenant: its heap is its RAM above the first MiB */
        x->fpga_app = sim_fpga_app_new(&vc->workload, w->sc.warmup + w->sc.duration, i + 1);
        if (x->fpga_app)
            x->sgpu_guest = sim_sgpu_guest_create(x->domain, vc->name, SIM_VC_IPA, SIM_VC_VIRQ,
                                                  SIM_RAM_BASE + (1u << 20), ram - (1u << 20),
                                                  sim_fpga_app_main, x->fpga_app);
        if (!x->sgpu_guest) {
            snprintf(err, errlen, "vcoproc %s: cannot create its guest", vc->name);
            return -1;
        }
        w->nr_vcs = i + 1;
        return 0;
    }
    if (sgpu) {
        /* the guest program and its heap (above the first MiB of its RAM) */
        x->app = sim_sgpu_app_new(&vc->workload, w->sc.warmup + w->sc.duration);
        if (x->app)
            x->sgpu_guest = sim_sgpu_guest_create(x->domain, vc->name, SIM_VC_IPA, SIM_VC_VIRQ,
                                                  SIM_RAM_BASE + (1u << 20),
                                                  SIM_SGPU_GUEST_RAM - (1u << 20),
                                                  sim_sgpu_app_main, x->app);
        if (!x->sgpu_guest) {
            snprintf(err, errlen, "vcoproc %s: cannot create its guest", vc->name);
            return -1;
        }
        w->nr_vcs = i + 1;
        return 0;
    }
    x->guest = sim_guest_create(x->domain, SIM_VC_IPA, SIM_VC_VIRQ, vc);
    if (!x->guest) {
        snprintf(err, errlen, "vcoproc %s: cannot create its guest", vc->name);
        return -1;
    }
    w->nr_vcs = i + 1;
    return 0;
}

struct sim_world *sim_world_create(struct sim_scenario *sc, const char *policy, char *err,
                                   size_t errlen)
{
    struct sim_world *w = calloc(1, sizeof(*w));
    if (!w) {
        sim_scenario_free(sc);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    w->sc = *sc;
    memset(sc, 0, sizeof(*sc));
    if (policy && !sched_find(policy)) {
        snprintf(err, errlen, "unknown policy \"%s\" (rr, credit or rt)", policy);
        goto fail;
    }
    sim_init(w->sc.seed);
    w->vcs = calloc(w->sc.nr_vcoprocs ? w->sc.nr_vcoprocs : 1, sizeof(*w->vcs));
    if (!w->vcs)
        goto fail;
    for (unsigned i = 0; i < w->sc.nr_coprocs; i++)
        if (world_add_coproc(w, i, policy, err, errlen))
            goto fail;
    for (unsigned i = 0; i < w->sc.nr_vcoprocs; i++)
        if (world_add_vc(w, i, err, errlen))
            goto fail;
    for (unsigned i = 0; i < w->nr_vcs; i++) {
        if (w->vcs[i].sgpu_guest) {
            sim_sgpu_guest_start(w->vcs[i].sgpu_guest, w->vcs[i].fpga_app
                                                            ? w->sc.vcoprocs[i].workload.start
                                                            : 0);
            continue;
        }
        if (sim_guest_start(w->vcs[i].guest)) {
            snprintf(err, errlen, "vcoproc %s: guest cannot reach its device",
                     w->sc.vcoprocs[i].name);
            goto fail;
        }
    }
    world_schedule_changes(w);
    return w;
fail:
    sim_world_destroy(w);
    return NULL;
}

struct world_change {
    struct sim_world *w;
    unsigned idx;
};
static struct world_change change_args[SIM_MAX_CHANGES];

/* Applies one `at` line through the framework's run-time API. */
static void world_apply_change(void *arg)
{
    struct world_change *wc = arg;
    struct sim_world *w = wc->w;
    const struct sim_change *ch = &w->sc.changes[wc->idx];
    int r;
    if (ch->is_vcoproc) {
        struct sim_world_vc *x = &w->vcs[ch->target];
        if (!x->vcoproc)
            return;
        r = coproc_set_param(w->coprocs[x->coproc].coproc, x->vcoproc, ch->key, ch->value);
    } else if (ch->is_policy) {
        r = coproc_set_policy(w->coprocs[ch->target].coproc, ch->policy);
    } else {
        r = coproc_set_param(w->coprocs[ch->target].coproc, NULL, ch->key, ch->value);
    }
    if (r) {
        w->changes_failed++;
        fprintf(stderr, "sim: change at %.3f ms refused: %s\n", sim_now() / 1e6,
                sim_log_last_error());
    }
}

static void world_schedule_changes(struct sim_world *w)
{
    for (unsigned i = 0; i < w->sc.nr_changes && i < SIM_MAX_CHANGES; i++) {
        change_args[i] = (struct world_change){ w, i };
        w->change_ev[i] = sim_event_new(world_apply_change, &change_args[i]);
        if (w->change_ev[i])
            sim_event_at(w->change_ev[i], w->sc.changes[i].at);
    }
}

void sim_world_run(struct sim_world *w)
{
    if (w->sc.warmup) {
        sim_run_until(sim_now() + w->sc.warmup);
        for (unsigned i = 0; i < w->nr_coprocs; i++) {
            coproc_stats_reset(w->coprocs[i].coproc);
            if (w->coprocs[i].dev)
                synth_dev_stats_reset(w->coprocs[i].dev);
        }
        for (unsigned i = 0; i < w->nr_vcs; i++)
            if (w->vcs[i].guest)
                sim_guest_stats_reset(w->vcs[i].guest);
    }
    sim_run_until(sim_now() + w->sc.duration);
}

void sim_world_destroy(struct sim_world *w)
{
    if (!w)
        return;
    for (unsigned i = 0; i < w->sc.nr_vcoprocs && w->vcs; i++) {
        if (w->vcs[i].guest)
            sim_guest_stop(w->vcs[i].guest);
        /* a guest program still running is abandoned where it stands */
        sim_sgpu_guest_destroy(w->vcs[i].sgpu_guest);
        w->vcs[i].sgpu_guest = NULL;
    }
    /* let resident vcoprocs leave their slots, then tear down */
    for (unsigned i = 0; i < w->sc.nr_vcoprocs && w->vcs; i++) {
        struct sim_world_vc *x = &w->vcs[i];
        if (x->vcoproc)
            vcoproc_destroy(x->vcoproc);
        x->vcoproc = NULL;
    }
    sim_run_all(sim_now() + 10000000000ull);
    for (unsigned i = 0; i < w->sc.nr_vcoprocs && w->vcs; i++) {
        struct sim_world_vc *x = &w->vcs[i];
        sim_guest_destroy(x->guest);
        sim_sgpu_app_free(x->app);
        sim_fpga_app_free(x->fpga_app);
        sim_domain_destroy(x->domain);
    }
    for (unsigned i = 0; i < SIM_MAX_COPROCS; i++) {
        if (w->coprocs[i].coproc && coproc_remove(w->coprocs[i].coproc))
            fprintf(stderr, "sim: coproc %u still busy at teardown\n", i);
        synth_dev_destroy(w->coprocs[i].dev);
        sim_sgpu_destroy(w->coprocs[i].sgpu);
        sim_sfpga_destroy(w->coprocs[i].sfpga);
    }
    for (unsigned i = 0; i < SIM_MAX_CHANGES; i++)
        sim_event_free(w->change_ev[i]);
    free(w->vcs);
    sim_scenario_free(&w->sc);
    free(w);
}
