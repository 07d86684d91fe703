/* Scenario workloads on an SFPGA: the tenants of guest-frontends/apps-fpga
 * as guest programs (see sim/sfpga_apps.h). */
#include <stdlib.h>
#include <string.h>
#include "apps-fpga/tenant.h"
#include "hw/sfpga_regs.h"
#include "sim/sfpga_apps.h"
#include "sim/sgpu_guest.h"

struct sim_fpga_app {
    struct sim_workload_cfg cfg;
    uint64_t run_end;
    uint32_t seed;
    struct fpga_slot slot;
    struct sim_fpga_result r;
};

unsigned sim_fpga_accel_of(const char *w)
{
    static const char *const names[] = { "", "sha256", "crc32c", "aes", "fir", "matmul" };
    for (unsigned i = 1; i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(w, names[i]))
            return i;
    return 0;
}

struct sim_fpga_app *sim_fpga_app_new(const struct sim_workload_cfg *cfg, uint64_t run_end,
                                      uint32_t seed_dflt)
{
    struct sim_fpga_app *a = calloc(1, sizeof(*a));
    if (a) {
        a->cfg = *cfg;
        a->run_end = run_end;
        a->seed = cfg->seed ? cfg->seed : seed_dflt;
    }
    return a;
}

void sim_fpga_app_free(struct sim_fpga_app *a)
{
    free(a);
}

const struct sim_fpga_result *sim_fpga_app_result(const struct sim_fpga_app *a)
{
    return &a->r;
}

void sim_fpga_app_main(const struct sgpu_env *env, void *arg)
{
    struct sim_fpga_app *a = arg;
    const struct sim_workload_cfg *w = &a->cfg;
    struct tenant_params p = { w->bytes, w->rounds, w->chunk, w->dim, w->bs, a->seed, false };
    tenant_fn fn = tenant_find(w->fpga);
    a->r.started = true;
    a->r.open_err = fpga_slot_open(&a->slot, env, 0);
    if (a->r.open_err) {
        a->r.finished = true;
        return;
    }
    /* its accelerator first (mix: the first of the five), so the image
     * buffer the library keeps lies below the heap mark */
    unsigned accel = fn ? sim_fpga_accel_of(w->fpga) : SFPGA_ACCEL_SHA256;
    fpga_load_accel(&a->slot, accel, 0, tenant_bs_size(&p));
    uint64_t mark = sim_sgpu_guest_heap_used(env);
    a->r.t_start = env->ops->now_ns(env->ctx);
    for (uint32_t i = 0; w->repeat ? i < w->repeat : env->ops->now_ns(env->ctx) < a->run_end;
         i++) {
        struct tenant_result res;
        sim_sgpu_guest_heap_release(env, mark);
        if (fn)
            fn(&a->slot, &p, &res);
        else
            tenant_mix(&a->slot, &p, &res);
        a->r.runs++;
        if (!res.ok) {
            a->r.failed++;
            if (!a->r.first_err)
                a->r.first_err = res.err ? res.err : -1;
        }
        a->r.bytes += res.bytes;
        a->r.jobs += res.jobs;
        a->r.loads += res.loads;
        a->r.load_ns += res.load_ns;
        a->r.dev_ns += res.ns;
        a->r.t_end = env->ops->now_ns(env->ctx);
    }
    a->r.irq_waits = a->slot.irq_waits;
    a->r.finished = true;
}

double sim_fpga_app_mb_per_s(const struct sim_fpga_app *a)
{
    uint64_t t = a->r.t_end > a->r.t_start ? a->r.t_end - a->r.t_start : 0;
    return t ? a->r.bytes * 1000.0 / t : 0;
}

void sim_fpga_app_text(const struct sim_fpga_app *a, FILE *f)
{
    const struct sim_fpga_result *r = &a->r;
    fprintf(f, "%s: %s, %u runs, %u failed, %llu bytes, %.1f MB/s, %llu jobs, %llu loads",
            a->cfg.fpga, r->finished ? "finished" : r->started ? "running" : "not started",
            r->runs, r->failed, (unsigned long long)r->bytes, sim_fpga_app_mb_per_s(a),
            (unsigned long long)r->jobs, (unsigned long long)r->loads);
    if (r->open_err || r->first_err)
        fprintf(f, ", error %d", r->open_err ? r->open_err : r->first_err);
    fputc('\n', f);
}

void sim_fpga_app_json(const struct sim_fpga_app *a, FILE *f)
{
    const struct sim_fpga_result *r = &a->r;
    fprintf(f, "{\"app\":\"%s\",\"finished\":%s,\"open_err\":%d,\"runs\":%u,\"failed\":%u,"
            "\"first_err\":%d,\"bytes\":%llu,\"jobs\":%llu,\"loads\":%llu,\"load_ns\":%llu,"
            "\"device_ns\":%llu,\"t_start_ns\":%llu,\"t_end_ns\":%llu,\"mb_per_s\":%.3f}",
            a->cfg.fpga, r->finished ? "true" : "false", r->open_err, r->runs, r->failed,
            r->first_err, (unsigned long long)r->bytes, (unsigned long long)r->jobs,
            (unsigned long long)r->loads, (unsigned long long)r->load_ns,
            (unsigned long long)r->dev_ns, (unsigned long long)r->t_start,
            (unsigned long long)r->t_end, sim_fpga_app_mb_per_s(a));
}
