/* The hypervisor's objects behind the framework's opaque platform types. */
#ifndef XEN_COPROC_HOST_PRIV_H
#define XEN_COPROC_HOST_PRIV_H
#include "transport.h"

struct platform_dt_node {
    const void *fdt;
    int off;
    const struct coproc_transport *transport;   /* ivshmem-backed device, or NULL */
};

struct platform_dt_writer {
    void *fdt;                    /* a guest DT in libfdt's sequential-write mode */
};
#endif
