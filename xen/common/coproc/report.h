/* Device-specific lines of the hypervisor's end-of-run co-processor report. */
#ifndef XEN_COPROC_REPORT_H
#define XEN_COPROC_REPORT_H
#include <coproc/coproc.h>

/* Nothing unless c is an SFPGA whose driver is linked in. */
void coproc_host_report_sfpga(struct coproc *c, coproc_time_t elapsed);
#endif
