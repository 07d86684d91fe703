/* MMIO dispatch: any part of the hypervisor registers a handler for an IPA
 * range of a domain; stage-2 data aborts in that range are decoded and sent
 * to it. Regions are kept sorted and found by binary search. Registration
 * happens before the domain's vCPUs run, so lookups take no lock. */
#ifndef XEN_MMIO_H
#define XEN_MMIO_H
#include <xen/types.h>

struct vcpu;
struct domain;

/* A handler returns true when it handled the access (an unexpected offset
 * is logged and ignored, still true); false makes the access fault the
 * guest with an external abort. offset is relative to the region's base. */
struct mmio_ops {
    bool (*read)(struct vcpu *v, uint64_t offset, unsigned size, uint64_t *val, void *priv);
    bool (*write)(struct vcpu *v, uint64_t offset, unsigned size, uint64_t val, void *priv);
};

struct mmio_region {
    ipaddr_t base;
    uint64_t size;
    const struct mmio_ops *ops;
    void *priv;
    const char *name;
};

#define MMIO_MAX_REGIONS 16

struct mmio_table {
    struct mmio_region r[MMIO_MAX_REGIONS];
    unsigned n;
};

/* Returns 0, or -1 when the range overlaps another or the table is full. */
int mmio_register(struct domain *d, ipaddr_t base, uint64_t size,
                  const struct mmio_ops *ops, void *priv, const char *name);
/* Removes the region at base and returns its priv (NULL: none). Only while
 * the domain's vCPUs do not run: lookups take no lock. */
void *mmio_unregister(struct domain *d, ipaddr_t base);
const struct mmio_region *mmio_find(const struct mmio_table *t, ipaddr_t ipa);

enum mmio_result { MMIO_HANDLED, MMIO_UNHANDLED, MMIO_REJECTED };
enum mmio_result mmio_dispatch(struct vcpu *v, ipaddr_t ipa, unsigned size,
                               bool write, uint64_t *val);
#endif
