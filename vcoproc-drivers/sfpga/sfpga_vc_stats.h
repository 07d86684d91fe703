/* The SFPGA vcoproc driver's statistics, for a platform's report (the
 * simulator's table and JSON) and tests. Freestanding. */
#ifndef SFPGA_VC_STATS_H
#define SFPGA_VC_STATS_H
#include "coproc/coproc.h"

struct sfpga_vc_slot_stats {
    uint64_t reconfs, reconf_ns;         /* loads on this slot and their time */
    uint64_t switch_reconfs;             /* of which a switch needed */
    uint64_t restores_cheap;             /* switch-ins that found their image loaded */
    uint64_t switches_in;
    uint32_t accel_id;                   /* loaded now (0: empty) */
    int32_t owner;                       /* vcoproc id whose context is on it, -1: none */
};

struct sfpga_vc_dev_stats {
    uint64_t reconfs, reconf_ns, switch_reconfs, guest_loads;
    uint64_t switch_reconf_ns;           /* of reconf_ns: reconfigurations for switches */
    uint64_t loads_elided;               /* guest loads of an image the slot held */
    uint64_t refused_not_allowed, refused_other, dma_faults, device_resets;
    uint64_t saves, restores, bad_accesses;
};

struct sfpga_vc_vstats {
    uint64_t loads_ok, loads_failed, not_allowed, reloads, dma_faults;
    uint64_t switch_in_slot[8];          /* switch-ins per physical slot */
    int32_t last_slot;                   /* slot of its latest switch-in, -1: none */
    uint32_t last_status;                /* last load-page CMD_STATUS */
};

struct sfpga_vc_stats {
    unsigned nslots;
    struct sfpga_vc_dev_stats dev;
    struct sfpga_vc_slot_stats slot[8];
    uint64_t accel_busy_ns[8];           /* the device's BUSY_NS per slot */
    uint32_t slice_ratio;
};

/* [entry] Copies c's statistics; COPROC_EINVAL when c is not an SFPGA. */
int sfpga_vc_stats(struct coproc *c, struct sfpga_vc_stats *out);
/* [entry] Copies v's; COPROC_EINVAL when v is not on an SFPGA. */
int sfpga_vc_vstats(struct vcoproc *v, struct sfpga_vc_vstats *out);
#endif
