/* A scenario's SFPGA workload (sim/scenario.h, `workload` lines on an sfpga
 * coproc) as the guest program of a simulated guest: opens the virtual slot
 * with the native slot library (guest-frontends/sfpga) and runs one tenant
 * workload of guest-frontends/apps-fpga, which checks every result, `repeat`
 * times or until the run ends. */
#ifndef SIM_SFPGA_APPS_H
#define SIM_SFPGA_APPS_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "sim/scenario.h"
#include "sgpu/env.h"

/* What a tenant did, for reports and tests. */
struct sim_fpga_result {
    bool started, finished;
    int open_err;               /* fpga_slot_open's error, 0 when it opened */
    uint32_t runs, failed;      /* workload runs, and those not ok */
    int first_err;              /* first FPGA_E_* of a failed run (-1: a wrong result) */
    uint64_t bytes, jobs, loads, load_ns, dev_ns;
    uint64_t t_start, t_end;    /* first run started, last run ended (virtual ns) */
    uint64_t irq_waits;
};

struct sim_fpga_app;
/* run_end: virtual time the run ends (runs stop being started after it);
 * seed_dflt: the input seed when the scenario gives none. */
struct sim_fpga_app *sim_fpga_app_new(const struct sim_workload_cfg *cfg, uint64_t run_end,
                                      uint32_t seed_dflt);
void sim_fpga_app_free(struct sim_fpga_app *a);
/* The guest program (sim_sgpu_workload_fn); arg is the app. */
void sim_fpga_app_main(const struct sgpu_env *env, void *arg);
const struct sim_fpga_result *sim_fpga_app_result(const struct sim_fpga_app *a);
/* Accelerator id a workload name needs (0 for mix or unknown). */
unsigned sim_fpga_accel_of(const char *workload);
/* bytes * 1000 / (t_end - t_start): 10^6 bytes per second of virtual time. */
double sim_fpga_app_mb_per_s(const struct sim_fpga_app *a);
void sim_fpga_app_text(const struct sim_fpga_app *a, FILE *f);
void sim_fpga_app_json(const struct sim_fpga_app *a, FILE *f);
#endif
