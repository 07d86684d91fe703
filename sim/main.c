/* vcsim: runs a scenario on the simulator and reports.
 *   vcsim SCENARIO [--policy rr|credit|rt] [--seed N] [--duration T]
 *         [--json FILE] [--trace FILE] [--quiet] [-v] */
#include <stdlib.h>
#include <string.h>
#include "sim/world.h"

static int usage(void)
{
    fprintf(stderr, "usage: vcsim SCENARIO [--policy rr|credit|rt] [--seed N] [--duration T]\n"
                    "             [--json FILE] [--trace FILE] [--quiet] [-v]\n");
    return 2;
}

static void trace_names(struct sim_world *w, FILE *f)
{
    for (unsigned i = 0; i < w->nr_coprocs; i++)
        fprintf(f, "# coproc c=%u name=%s slots=%u policy=%s\n", i, w->coprocs[i].coproc->name,
                w->coprocs[i].coproc->nr_slots, w->coprocs[i].coproc->sched.ops->name);
    for (unsigned i = 0; i < w->nr_vcs; i++)
        fprintf(f, "# vcoproc c=%u v=%u name=%s domain=%u\n", w->vcs[i].coproc,
                w->vcs[i].vcoproc->id, w->sc.vcoprocs[i].name,
                platform_domain_id(w->vcs[i].domain));
}

int main(int argc, char **argv)
{
    const char *path = NULL, *policy = NULL, *json = NULL, *trace = NULL;
    const char *seed = NULL, *duration = NULL;
    bool quiet = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **opt = !strcmp(a, "--policy") ? &policy : !strcmp(a, "--json") ? &json
                         : !strcmp(a, "--trace") ? &trace : !strcmp(a, "--seed") ? &seed
                         : !strcmp(a, "--duration") ? &duration : NULL;
        if (opt) {
            if (++i == argc) {
                fprintf(stderr, "vcsim: %s needs a value\n", a);
                return 2;
            }
            *opt = argv[i];
        } else if (!strcmp(a, "--quiet")) {
            quiet = true;
        } else if (!strcmp(a, "-v")) {
            sim_log_level(PLATFORM_LOG_DEBUG);
        } else if (a[0] == '-' || path) {
            return usage();
        } else {
            path = a;
        }
    }
    if (!path)
        return usage();
    struct sim_scenario sc;
    char err[512];
    if (sim_scenario_load(path, &sc, err, sizeof(err))) {
        fprintf(stderr, "vcsim: %s\n", err);
        return 1;
    }
    if (seed) {
        char *end;
        sc.seed = strtoull(seed, &end, 0);
        if (*end || !*seed) {
            fprintf(stderr, "vcsim: --seed: bad number \"%s\"\n", seed);
            return 1;
        }
    }
    if (duration && (sim_parse_time(duration, &sc.duration) || !sc.duration)) {
        fprintf(stderr, "vcsim: --duration: bad time \"%s\"\n", duration);
        return 1;
    }
    FILE *tf = NULL;
    if (trace) {
        tf = fopen(trace, "w");
        if (!tf) {
            fprintf(stderr, "vcsim: cannot write %s\n", trace);
            return 1;
        }
        sim_trace_to(tf);
    }
    struct sim_world *w = sim_world_create(&sc, policy, err, sizeof(err));
    if (!w) {
        fprintf(stderr, "vcsim: %s\n", err);
        return 1;
    }
    if (tf)
        trace_names(w, tf);
    sim_world_run(w);
    sim_trace_to(NULL);
    if (!quiet)
        sim_world_report_text(w, stdout);
    if (json) {
        FILE *jf = fopen(json, "w");
        if (!jf) {
            fprintf(stderr, "vcsim: cannot write %s\n", json);
            return 1;
        }
        const char *base = strrchr(path, '/');
        sim_world_report_json(w, jf, base ? base + 1 : path);
        fclose(jf);
    }
    int rc = sim_lock_errors() ? 1 : 0;
    sim_world_destroy(w);
    if (tf)
        fclose(tf);
    if (sim_lock_errors()) {
        fprintf(stderr, "vcsim: %llu lock discipline errors\n",
                (unsigned long long)sim_lock_errors());
        rc = 1;
    }
    return rc;
}
