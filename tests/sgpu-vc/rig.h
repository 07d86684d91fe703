/* Test rig: one simulated SGPU shared by N domains, each running a workload
 * (real guest driver code) as a simulated guest, under the vcoproc framework
 * and the SGPU vcoproc driver. */
#ifndef SGPUVC_RIG_H
#define SGPUVC_RIG_H
#include "coproc/coproc.h"
#include "sim/sgpu_dev.h"
#include "sim/sgpu_guest.h"
#include "sim/sim.h"

#define RIG_MAX 8
#define RIG_DEV_PA 0x20000000ull
#define RIG_DEV_IRQ 200u
#define RIG_VC_IPA 0x0b000000ull
#define RIG_VC_VIRQ 48u
#define RIG_RAM (16ull << 20)
#define RIG_WALL_S 150

struct rig_vc_cfg {
    const char *name;
    uint32_t weight, priority;
    uint64_t budget, period, slice;
    sim_sgpu_workload_fn fn;
    void *arg;
};

struct rig_cfg {
    const char *policy;
    uint64_t slice, watchdog_ns, switch_timeout_ns;  /* 0: defaults */
    bool watchdog_off;
};

struct rig {
    struct sim_sgpu *dev;
    struct coproc *c;
    unsigned n;
    struct platform_domain *dom[RIG_MAX];
    struct vcoproc *vc[RIG_MAX];
    struct sim_sgpu_guest *g[RIG_MAX];
    bool stalled;                /* rig_run gave up (host-time bound) */
};

/* 0, or -1 with a message printed. */
int rig_create(struct rig *r, const struct rig_cfg *cfg, const struct rig_vc_cfg *vcs, unsigned n);
/* Runs until every guest's workload returned or `limit` (virtual ns). */
void rig_run(struct rig *r, uint64_t limit);
bool rig_all_done(const struct rig *r);
void rig_destroy(struct rig *r);
/* A privileged register of the model (page 1). */
uint64_t rig_priv_read(struct rig *r, uint32_t off, unsigned width);
#endif
