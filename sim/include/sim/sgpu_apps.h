/* A scenario's SGPU workload (sim/scenario.h, `workload` lines) as the guest
 * program of a simulated guest: opens the virtual SGPU with the native
 * driver library and runs one app of guest-frontends/apps, which checks its
 * own results. Without the apps at build time, the run fails with a
 * message. */
#ifndef SIM_SGPU_APPS_H
#define SIM_SGPU_APPS_H
#include <stdio.h>
#include "sim/scenario.h"
#include "sgpu/env.h"

struct sim_sgpu_app;
/* run_ns: the scenario's whole run (defaults for frames and duration). */
struct sim_sgpu_app *sim_sgpu_app_new(const struct sim_workload_cfg *cfg, uint64_t run_ns);
void sim_sgpu_app_free(struct sim_sgpu_app *a);
/* The guest program (sim_sgpu_workload_fn); arg is the app. */
void sim_sgpu_app_main(const struct sgpu_env *env, void *arg);
/* One line of results ("cluster: 300 frames, 0 misses, ..."), and the same
 * as a JSON object. */
void sim_sgpu_app_text(const struct sim_sgpu_app *a, FILE *f);
void sim_sgpu_app_json(const struct sim_sgpu_app *a, FILE *f);
#endif
