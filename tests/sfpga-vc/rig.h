/* Test rig: one simulated SFPGA (the in-process model) shared by N domains,
 * each running real guest code (the native slot library, the tenant
 * workloads or a test program) as a simulated guest, under the vcoproc
 * framework and the SFPGA vcoproc driver. Built from DT nodes through the
 * framework's own probe and create calls, as a platform does. */
#ifndef SFPGAVC_RIG_H
#define SFPGAVC_RIG_H
#include "coproc/coproc.h"
#include "sfpga_vc_stats.h"
#include "sim/sfpga_dev.h"
#include "sim/sgpu_guest.h"
#include "sim/sim.h"

#define RIG_MAX 8
#define RIG_DEV_PA 0x20000000ull
#define RIG_DEV_IRQ 200u
#define RIG_VC_IPA 0x0b100000ull
#define RIG_VC_VIRQ 49u
#define RIG_RAM (16ull << 20)
#define RIG_WALL_S 60

struct rig_vc_cfg {
    const char *name;
    const char *allow;           /* sfpga,allowed-accelerators; NULL: property absent */
    uint32_t weight;
    uint64_t start;              /* virtual ns */
    sim_sgpu_workload_fn fn;
    void *arg;
};

struct rig_cfg {
    unsigned slots;              /* 0: 4 */
    const char *policy;          /* NULL: credit */
    uint64_t slice;              /* 0: framework default */
    int ratio;                   /* sfpga,slice-ratio; < 0: absent */
    int64_t linger;              /* sfpga,linger-ns; < 0: absent */
    bool deferred;               /* doorbells as the hypervisor rings them */
};

struct rig {
    struct sim_sfpga *dev;
    struct coproc *c;
    unsigned n;
    struct platform_domain *dom[RIG_MAX];
    struct vcoproc *vc[RIG_MAX];
    struct sim_sgpu_guest *g[RIG_MAX];
    bool stalled;
};

/* 0, or -1 with a message printed (the framework's error in sim_log). */
int rig_create(struct rig *r, const struct rig_cfg *cfg, const struct rig_vc_cfg *vcs, unsigned n);
/* Runs until every guest returned or `limit` (virtual ns), bounded in host time. */
void rig_run(struct rig *r, uint64_t limit);
bool rig_all_done(const struct rig *r);
void rig_destroy(struct rig *r);
struct sfpga_vc_stats rig_stats(struct rig *r);
struct sfpga_vc_vstats rig_vstats(struct rig *r, unsigned i);
/* Machine-RAM pointer of domain i's memory at ipa (for checks from outside). */
void *rig_ram(struct rig *r, unsigned i, uint64_t ipa, uint64_t len);
#endif
