/* What the hypervisor learnt about the machine from the host DT at boot. */
#ifndef XEN_HOST_H
#define XEN_HOST_H
#include <xen/types.h>

#define MAX_MEM_BANKS 4

struct mem_range {
    paddr_t start;
    uint64_t size;
};

struct host_info {
    struct mem_range ram[MAX_MEM_BANKS];
    unsigned nr_ram;
    uint64_t entry_ticks;        /* CNTPCT at the hypervisor's first instruction */
};
extern struct host_info host;

int host_dt_parse(const void *fdt);
bool host_range_in_ram(paddr_t start, uint64_t size);
bool ranges_overlap(paddr_t a, uint64_t asz, paddr_t b, uint64_t bsz);
/* Reads a (#cells)-wide big-endian number from a DT property. */
uint64_t dt_read_cells(const void *p, int cells);
#endif
