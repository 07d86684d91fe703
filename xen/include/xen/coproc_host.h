/* The hypervisor hosting the vcoproc framework (coproc/): physical
 * co-processors probed from the host DT, each domain's virtual ones created
 * from its DT node, their guest DT nodes, and the end-of-run report.
 * docs/bindings.md lists the properties. */
#ifndef XEN_COPROC_HOST_H
#define XEN_COPROC_HOST_H
#include <xen/types.h>

struct domain;

/* At boot, after PCI: 0, or -1 after a "config error" line. */
int coproc_host_init(const void *fdt);
/* Writes d's virtual co-processor nodes into its guest DT (sequential-write
 * libfdt handle). */
int coproc_host_guest_dt(void *fdt, const struct domain *d);
/* Per-device and per-vcoproc statistics. */
void coproc_host_report(void);
void coproc_host_trace_enable(bool on);
/* Prints the recorded trace events as "vct ..." lines (end of run). */
void coproc_host_trace_dump(void);
#endif
