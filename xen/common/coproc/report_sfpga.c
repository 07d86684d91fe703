/* The SFPGA's own lines in the end-of-run report: per slot what it holds,
 * how busy its accelerator was and what reconfiguration cost, from the
 * driver's statistics (vcoproc-drivers/sfpga/sfpga_vc_stats.h). The driver
 * is optional in a build, hence the weak reference. */
#include <coproc/coproc.h>
#include <xen/lib.h>
#include "sfpga_vc_stats.h"
#include "report.h"

int sfpga_vc_stats(struct coproc *c, struct sfpga_vc_stats *out) __attribute__((weak));

static const char *const accel_names[] = { "empty", "sha256", "crc32c", "aes128ctr", "fir",
                                           "matmul8" };

/* parts per million of den, printed as a percentage with one decimal */
static unsigned ppm(uint64_t num, uint64_t den)
{
    return den ? (unsigned)(num * 1000000 / den) : 0;
}

void coproc_host_report_sfpga(struct coproc *c, coproc_time_t elapsed)
{
    static struct sfpga_vc_stats st;
    if (!sfpga_vc_stats || coproc_strcmp(c->driver->name, "sfpga") || sfpga_vc_stats(c, &st))
        return;
    uint64_t total_reconf = 0;
    for (unsigned k = 0; k < st.nslots && k < 8; k++) {
        const struct sfpga_vc_slot_stats *s = &st.slot[k];
        unsigned busy = ppm(st.accel_busy_ns[k], elapsed), rc = ppm(s->reconf_ns, elapsed);
        total_reconf += s->reconf_ns;
        printk("    slot %u: holds %s, accelerator busy %u.%u%% of the run, %lu reconfiguration(s) "
               "(%lu for switches, %u.%u%% of the slot's time), %lu switch-ins (%lu found their "
               "image loaded)", k, s->accel_id < 6 ? accel_names[s->accel_id] : "?",
               busy / 10000, busy / 1000 % 10, s->reconfs, s->switch_reconfs, rc / 10000,
               rc / 1000 % 10, s->switches_in, s->restores_cheap);
    }
    unsigned share = ppm(total_reconf, elapsed * (st.nslots ? st.nslots : 1));
    printk("    sfpga: %lu reconfigurations, %u.%u%% of slot time reconfiguring; %lu guest loads "
           "(%lu needed none), %lu refused as not allowed, %lu DMA faults, %lu device resets",
           st.dev.reconfs, share / 10000, share / 1000 % 10, st.dev.guest_loads,
           st.dev.loads_elided, st.dev.refused_not_allowed, st.dev.dma_faults,
           st.dev.device_resets);
}
