/* Scenario workloads on the SGPU: the apps of guest-frontends/apps as guest
 * programs (see sim/sgpu_apps.h). */
#include <stdlib.h>
#include <string.h>
#include "sim/sgpu_apps.h"
#include "apps/workloads.h"

struct sim_sgpu_app {
    struct sim_workload_cfg cfg;
    uint64_t run_ns;
    bool started, finished;
    int rc;
    struct cluster_result cl;
    struct ivi_result ivi;
    struct checker_result chk;
};

static const char *const app_names[] = { "none", "cluster", "ivi", "checker" };

struct sim_sgpu_app *sim_sgpu_app_new(const struct sim_workload_cfg *cfg, uint64_t run_ns)
{
    struct sim_sgpu_app *a = calloc(1, sizeof(*a));
    if (a) {
        a->cfg = *cfg;
        a->run_ns = run_ns;
    }
    return a;
}

void sim_sgpu_app_free(struct sim_sgpu_app *a)
{
    free(a);
}

static int app_run(struct sim_sgpu_app *a, struct sgpu_dev *d)
{
    const struct sim_workload_cfg *w = &a->cfg;
    switch (w->kind) {
    case SIM_WL_CLUSTER: {
        struct cluster_params p;
        cluster_defaults(&p);
        if (w->period)
            p.period_ns = w->period;
        p.deadline_ns = w->deadline;
        p.frames = w->frames ? w->frames : (uint32_t)(a->run_ns / p.period_ns);
        if (w->size) {
            p.width = w->size;
            p.height = w->size / 8 * 5;
        }
        p.verify_every = 10;
        return cluster_run(d, &p, &a->cl);
    }
    case SIM_WL_IVI: {
        struct ivi_params p;
        ivi_defaults(&p);
        /* stop a little before the run ends, so its results are final */
        p.duration_ns = w->duration ? w->duration : a->run_ns / 10 * 9;
        if (w->size)
            p.m = p.n = p.k = w->size;
        return ivi_run(d, &p, &a->ivi);
    }
    case SIM_WL_CHECKER: {
        struct checker_params p;
        checker_defaults(&p);
        if (w->rounds)
            p.rounds = w->rounds;
        return checker_run(d, &p, &a->chk);
    }
    default:
        return -1;
    }
}

void sim_sgpu_app_main(const struct sgpu_env *env, void *arg)
{
    struct sim_sgpu_app *a = arg;
    a->started = true;
    int err = 0;
    struct sgpu_dev *d = sgpu_dev_open(env, NULL, &err);
    a->rc = d ? app_run(a, d) : (err ? err : -1);
    a->finished = true;
}

void sim_sgpu_app_text(const struct sim_sgpu_app *a, FILE *f)
{
    fprintf(f, "%s: %s, rc %d", app_names[a->cfg.kind],
            a->finished ? "finished" : a->started ? "running" : "not started", a->rc);
    if (a->cfg.kind == SIM_WL_CLUSTER)
        fprintf(f, ", %u frames, %u misses, %u errors, %u verified (%u bad), p99 %.3f ms, "
                "max %.3f ms", a->cl.frames, a->cl.misses, a->cl.errors, a->cl.verified,
                a->cl.bad_frames, a->cl.p99_ns / 1e6, a->cl.max_ns / 1e6);
    else if (a->cfg.kind == SIM_WL_IVI)
        fprintf(f, ", %u batches, %llu MFLOP/s, %u checked (%u bad)", a->ivi.batches,
                (unsigned long long)a->ivi.mflops, a->ivi.checked, a->ivi.bad);
    else if (a->cfg.kind == SIM_WL_CHECKER)
        fprintf(f, ", %u pass, %u fail", a->chk.pass, a->chk.fail);
    fputc('\n', f);
}

void sim_sgpu_app_json(const struct sim_sgpu_app *a, FILE *f)
{
    fprintf(f, "{\"app\":\"%s\",\"finished\":%s,\"rc\":%d", app_names[a->cfg.kind],
            a->finished ? "true" : "false", a->rc);
    if (a->cfg.kind == SIM_WL_CLUSTER)
        fprintf(f, ",\"frames\":%u,\"misses\":%u,\"errors\":%u,\"verified\":%u,\"bad\":%u,"
                "\"p99_ns\":%llu,\"max_ns\":%llu", a->cl.frames, a->cl.misses, a->cl.errors,
                a->cl.verified, a->cl.bad_frames, (unsigned long long)a->cl.p99_ns,
                (unsigned long long)a->cl.max_ns);
    else if (a->cfg.kind == SIM_WL_IVI)
        fprintf(f, ",\"batches\":%u,\"mflops\":%llu,\"checked\":%u,\"bad\":%u", a->ivi.batches,
                (unsigned long long)a->ivi.mflops, a->ivi.checked, a->ivi.bad);
    else if (a->cfg.kind == SIM_WL_CHECKER)
        fprintf(f, ",\"pass\":%u,\"fail\":%u", a->chk.pass, a->chk.fail);
    fputc('}', f);
}
