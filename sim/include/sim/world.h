/* A simulated system built from a scenario: devices (synthetic, the SGPU or
 * the SFPGA model) probed by the framework from DT nodes, one domain +
 * vcoproc + guest (job streams, an SGPU app on the native driver, or an FPGA
 * tenant on the native slot library) per scenario vcoproc. Runs on the
 * virtual clock and reports. */
#ifndef SIM_WORLD_H
#define SIM_WORLD_H
#include <stdio.h>
#include "coproc/coproc.h"
#include "sim/guest.h"
#include "sim/scenario.h"
#include "sim/sgpu_apps.h"
#include "sim/sgpu_dev.h"
#include "sim/sgpu_guest.h"
#include "sim/sfpga_apps.h"
#include "sim/sfpga_dev.h"
#include "sim/synth_dev.h"

#define SIM_DEV_PA(i) (0x10000000ull + (uint64_t)(i) * 0x100000ull)
#define SIM_DEV_IRQ(i) (64u + (uint32_t)(i) * 64u)
#define SIM_VC_IPA 0x0b000000ull
#define SIM_VC_VIRQ 48u
#define SIM_SFPGA_VC_WINDOW 0x2000ull  /* function page + load page */

struct sim_world_coproc {
    struct coproc *coproc;
    struct synth_dev *dev;       /* device=synthetic */
    struct sim_sgpu *sgpu;       /* device=sgpu */
    struct sim_sfpga *sfpga;     /* device=sfpga */
};

struct sim_world_vc {
    struct platform_domain *domain;
    struct vcoproc *vcoproc;
    struct sim_guest *guest;     /* on a synthetic coproc: job streams */
    struct sim_sgpu_guest *sgpu_guest;  /* on an sgpu or sfpga: real guest code */
    struct sim_sgpu_app *app;
    struct sim_fpga_app *fpga_app;      /* on an sfpga: a tenant workload */
    unsigned coproc;
};

struct sim_world {
    struct sim_scenario sc;
    unsigned nr_coprocs, nr_vcs;
    struct sim_world_coproc coprocs[SIM_MAX_COPROCS];
    struct sim_world_vc *vcs;
    struct sim_event *change_ev[SIM_MAX_CHANGES];
    unsigned changes_failed;   /* run-time changes the framework refused */
};

/* Builds the system (sim_init is called with the scenario's seed). policy,
 * when not NULL, overrides every coproc's policy. Takes ownership of sc.
 * Returns NULL and a message in err on failure. */
struct sim_world *sim_world_create(struct sim_scenario *sc, const char *policy, char *err,
                                   size_t errlen);
/* Runs warmup (then resets statistics) and duration. */
void sim_world_run(struct sim_world *w);
void sim_world_destroy(struct sim_world *w);
/* Human-readable table and JSON of every coproc and vcoproc. */
void sim_world_report_text(struct sim_world *w, FILE *f);
void sim_world_report_json(struct sim_world *w, FILE *f, const char *scenario_name);
#endif
