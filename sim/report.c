/* Summary table and JSON of a simulated run. */
#include <string.h>
#include "sim/world.h"
#include "sfpga_vc_stats.h"

#define REPORT_MAX_VC 4096

static double ms(uint64_t ns)
{
    return ns / 1e6;
}

static double pct(uint32_t ppm)
{
    return ppm / 1e4;
}

static struct coproc_report_vc vcs[REPORT_MAX_VC];

/* Reconfiguration time as a share of the slots' time (elapsed x slots). */
static double sfpga_reconf_share(const struct sfpga_vc_stats *st, uint64_t elapsed)
{
    return elapsed && st->nslots ? (double)st->dev.reconf_ns / ((double)elapsed * st->nslots) : 0;
}

static void report_sfpga_text(struct sim_world *w, unsigned ci, uint64_t elapsed, FILE *f)
{
    struct sfpga_vc_stats st;
    double total = 0;
    if (sfpga_vc_stats(w->coprocs[ci].coproc, &st))
        return;
    fprintf(f, "  sfpga: %llu reconfigurations (%llu for switches, %llu by guests, %llu guest "
            "loads elided), %.3f ms = %.2f%% of slot time; %llu saves, %llu restores; slice ratio %u\n",
            (unsigned long long)st.dev.reconfs, (unsigned long long)st.dev.switch_reconfs,
            (unsigned long long)st.dev.guest_loads, (unsigned long long)st.dev.loads_elided,
            ms(st.dev.reconf_ns),
            100 * sfpga_reconf_share(&st, elapsed), (unsigned long long)st.dev.saves,
            (unsigned long long)st.dev.restores, st.slice_ratio);
    fprintf(f, "  sfpga: %llu loads refused as not allowed, %llu refused otherwise, %llu DMA "
            "faults, %llu ignored accesses\n", (unsigned long long)st.dev.refused_not_allowed,
            (unsigned long long)st.dev.refused_other, (unsigned long long)st.dev.dma_faults,
            (unsigned long long)st.dev.bad_accesses);
    fprintf(f, "  %-6s %6s %12s %9s %8s %10s\n", "slot", "accel", "occupancy%", "switch-in",
            "reconfs", "reconf ms");
    for (unsigned k = 0; k < st.nslots; k++)
        fprintf(f, "  %-6u %6u %12.2f %9llu %8llu %10.3f\n", k, st.slot[k].accel_id,
                elapsed ? 100.0 * st.accel_busy_ns[k] / elapsed : 0,
                (unsigned long long)st.slot[k].switches_in, (unsigned long long)st.slot[k].reconfs,
                ms(st.slot[k].reconf_ns));
    for (unsigned k = 0; k < w->nr_vcs; k++) {
        if (w->vcs[k].coproc != ci || !w->vcs[k].fpga_app)
            continue;
        fprintf(f, "  tenant %-11s ", w->sc.vcoprocs[k].name);
        sim_fpga_app_text(w->vcs[k].fpga_app, f);
        total += sim_fpga_app_mb_per_s(w->vcs[k].fpga_app);
    }
    fprintf(f, "  tenants: aggregate %.1f MB/s\n", total);
}

static void report_sfpga_json(struct sim_world *w, unsigned ci, uint64_t elapsed, FILE *f)
{
    struct sfpga_vc_stats st;
    if (sfpga_vc_stats(w->coprocs[ci].coproc, &st))
        return;
    fprintf(f, ",\"sfpga\":{\"reconfs\":%llu,\"switch_reconfs\":%llu,\"guest_loads\":%llu,"
            "\"loads_elided\":%llu,\"reconf_ns\":%llu,\"reconf_share\":%.6f,\"saves\":%llu,"
            "\"restores\":%llu,"
            "\"refused_not_allowed\":%llu,\"refused_other\":%llu,\"dma_faults\":%llu,"
            "\"bad_accesses\":%llu,\"slice_ratio\":%u,\"slots\":[",
            (unsigned long long)st.dev.reconfs, (unsigned long long)st.dev.switch_reconfs,
            (unsigned long long)st.dev.guest_loads, (unsigned long long)st.dev.loads_elided,
            (unsigned long long)st.dev.reconf_ns, sfpga_reconf_share(&st, elapsed),
            (unsigned long long)st.dev.saves,
            (unsigned long long)st.dev.restores, (unsigned long long)st.dev.refused_not_allowed,
            (unsigned long long)st.dev.refused_other, (unsigned long long)st.dev.dma_faults,
            (unsigned long long)st.dev.bad_accesses, st.slice_ratio);
    for (unsigned k = 0; k < st.nslots; k++)
        fprintf(f, "%s{\"accel\":%u,\"occupancy\":%.6f,\"busy_ns\":%llu,\"switches_in\":%llu,"
                "\"reconfs\":%llu,\"switch_reconfs\":%llu,\"reconf_ns\":%llu,"
                "\"cheap_restores\":%llu}", k ? "," : "", st.slot[k].accel_id,
                elapsed ? (double)st.accel_busy_ns[k] / elapsed : 0,
                (unsigned long long)st.accel_busy_ns[k], (unsigned long long)st.slot[k].switches_in,
                (unsigned long long)st.slot[k].reconfs,
                (unsigned long long)st.slot[k].switch_reconfs,
                (unsigned long long)st.slot[k].reconf_ns,
                (unsigned long long)st.slot[k].restores_cheap);
    fputs("]}", f);
}

void sim_world_report_text(struct sim_world *w, FILE *f)
{
    for (unsigned ci = 0; ci < w->nr_coprocs; ci++) {
        struct coproc *c = w->coprocs[ci].coproc;
        struct coproc_report r;
        unsigned n = coproc_report(c, &r, vcs, REPORT_MAX_VC);
        if (n > REPORT_MAX_VC)
            n = REPORT_MAX_VC;
        fprintf(f, "coproc %s: policy %s, %u slot(s), %.1f ms\n", c->name, c->sched.ops->name,
                c->nr_slots, ms(r.elapsed));
        fprintf(f, "  busy %.2f%%  switching %.2f%%  switches %llu  switch p50/p99/max "
                "%.1f/%.1f/%.1f us  Jain %.4f\n",
                pct(r.busy_ppm), pct(r.switch_ppm), (unsigned long long)r.switches,
                r.sw_p50 / 1e3, r.sw_p99 / 1e3, r.sw_max / 1e3, r.jain_ppm / 1e6);
        fprintf(f, "  %-12s %6s %4s %9s %7s %6s %17s %6s %7s %7s %9s %5s\n", "vcoproc", "weight",
                "prio", "busy ms", "share%", "sw-in", "queue p50/p99 ms", "jobs", "dl-jobs",
                "misses", "lat p99ms", "flt");
        for (unsigned i = 0; i < n; i++) {
            const struct coproc_report_vc *o = &vcs[i];
            fprintf(f, "  %-12s %6u %4u %9.2f %7.2f %6llu %8.2f/%-8.2f %6llu %7llu %7llu %9.2f %5llu\n",
                    o->name, o->weight, o->priority,
                    ms(o->busy_ns), pct(o->share_ppm), (unsigned long long)o->switches,
                    ms(o->qd_p50), ms(o->qd_p99), (unsigned long long)o->jobs,
                    (unsigned long long)o->deadline_jobs, (unsigned long long)o->misses,
                    ms(o->lat_p99), (unsigned long long)o->faults);
        }
        for (unsigned k = 0; k < w->nr_vcs; k++) {
            if (w->vcs[k].coproc != ci || !w->vcs[k].app)
                continue;
            fprintf(f, "  guest %-12s ", w->sc.vcoprocs[k].name);
            sim_sgpu_app_text(w->vcs[k].app, f);
        }
        if (w->coprocs[ci].sfpga)
            report_sfpga_text(w, ci, r.elapsed, f);
    }
}

void sim_world_report_json(struct sim_world *w, FILE *f, const char *name)
{
    fprintf(f, "{\"scenario\":\"%s\",\"seed\":%llu,\"duration_ns\":%llu,\"coprocs\":[",
            name ? name : "", (unsigned long long)w->sc.seed,
            (unsigned long long)w->sc.duration);
    for (unsigned ci = 0; ci < w->nr_coprocs; ci++) {
        struct coproc *c = w->coprocs[ci].coproc;
        struct coproc_report r;
        unsigned n = coproc_report(c, &r, vcs, REPORT_MAX_VC);
        if (n > REPORT_MAX_VC)
            n = REPORT_MAX_VC;
        fprintf(f, "%s{\"name\":\"%s\",\"policy\":\"%s\",\"slots\":%u,\"elapsed_ns\":%llu,"
                "\"busy\":%.6f,\"switching\":%.6f,\"device_busy\":%.6f,\"switches\":%llu,"
                "\"switch_p50_ns\":%llu,\"switch_p99_ns\":%llu,\"switch_max_ns\":%llu,"
                "\"jain\":%.6f,\"vcoprocs\":[",
                ci ? "," : "", c->name, c->sched.ops->name, c->nr_slots,
                (unsigned long long)r.elapsed, r.busy_ppm / 1e6, r.switch_ppm / 1e6,
                r.elapsed && w->coprocs[ci].dev
                    ? (double)synth_dev_busy_ns(w->coprocs[ci].dev) / r.elapsed / c->nr_slots
                    : r.busy_ppm / 1e6,
                (unsigned long long)r.switches, (unsigned long long)r.sw_p50,
                (unsigned long long)r.sw_p99, (unsigned long long)r.sw_max, r.jain_ppm / 1e6);
        unsigned first = 1;
        for (unsigned i = 0; i < n; i++) {
            const struct coproc_report_vc *o = &vcs[i];
            const struct sim_guest_stats *g = NULL;
            const struct sim_sgpu_app *app = NULL;
            const struct sim_fpga_app *fapp = NULL;
            struct vcoproc *fvc = NULL;
            for (unsigned k = 0; k < w->sc.nr_vcoprocs; k++) {
                if (w->vcs[k].vcoproc && w->vcs[k].vcoproc->id == o->id &&
                    w->vcs[k].coproc == ci) {
                    if (w->vcs[k].guest)
                        g = sim_guest_stats(w->vcs[k].guest);
                    app = w->vcs[k].app;
                    fapp = w->vcs[k].fpga_app;
                    fvc = w->vcs[k].vcoproc;
                }
            }
            fprintf(f, "%s{\"name\":\"%s\",\"state\":\"%s\",\"weight\":%u,\"priority\":%u,"
                    "\"busy_ns\":%llu,\"share\":%.6f,"
                    "\"switches\":%llu,\"switch_in_p50_ns\":%llu,\"switch_in_p99_ns\":%llu,"
                    "\"switch_in_max_ns\":%llu,\"queue_p50_ns\":%llu,\"queue_p99_ns\":%llu,"
                    "\"queue_max_ns\":%llu,\"queue_mean_ns\":%llu,\"jobs\":%llu,"
                    "\"deadline_jobs\":%llu,\"misses\":%llu,\"latency_p50_ns\":%llu,"
                    "\"latency_p99_ns\":%llu,\"latency_max_ns\":%llu,\"irqs_held\":%llu,"
                    "\"faults\":%llu",
                    first ? "" : ",", o->name, vcoproc_state_name(o->state), o->weight,
                    o->priority, (unsigned long long)o->busy_ns, o->share_ppm / 1e6,
                    (unsigned long long)o->switches, (unsigned long long)o->sw_p50,
                    (unsigned long long)o->sw_p99, (unsigned long long)o->sw_max,
                    (unsigned long long)o->qd_p50, (unsigned long long)o->qd_p99,
                    (unsigned long long)o->qd_max, (unsigned long long)o->qd_mean,
                    (unsigned long long)o->jobs, (unsigned long long)o->deadline_jobs,
                    (unsigned long long)o->misses, (unsigned long long)o->lat_p50,
                    (unsigned long long)o->lat_p99, (unsigned long long)o->lat_max,
                    (unsigned long long)o->irqs_held, (unsigned long long)o->faults);
            if (g)
                fprintf(f, ",\"guest\":{\"submitted\":%llu,\"completed\":%llu,\"dropped\":%llu,"
                        "\"deadline_jobs\":%llu,\"misses\":%llu,\"work_ns\":%llu,\"virqs\":%llu}",
                        (unsigned long long)g->submitted, (unsigned long long)g->completed,
                        (unsigned long long)g->dropped, (unsigned long long)g->deadline_jobs,
                        (unsigned long long)g->misses, (unsigned long long)g->work_ns,
                        (unsigned long long)g->virqs);
            if (app) {
                fputs(",\"app\":", f);
                sim_sgpu_app_json(app, f);
            }
            if (fapp) {
                struct sfpga_vc_vstats vs;
                fputs(",\"tenant\":", f);
                sim_fpga_app_json(fapp, f);
                if (fvc && !sfpga_vc_vstats(fvc, &vs))
                    fprintf(f, ",\"sfpga\":{\"loads_ok\":%llu,\"loads_failed\":%llu,"
                            "\"not_allowed\":%llu,\"reloads\":%llu,\"dma_faults\":%llu,"
                            "\"last_slot\":%d}", (unsigned long long)vs.loads_ok,
                            (unsigned long long)vs.loads_failed,
                            (unsigned long long)vs.not_allowed, (unsigned long long)vs.reloads,
                            (unsigned long long)vs.dma_faults, (int)vs.last_slot);
            }
            fputc('}', f);
            first = 0;
        }
        fputc(']', f);
        if (w->coprocs[ci].sfpga)
            report_sfpga_json(w, ci, r.elapsed, f);
        fputc('}', f);
    }
    fputs("]}\n", f);
}
