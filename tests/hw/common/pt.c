/* Test helper: builds VMSAv8-64 tables in a fake machine RAM (see pt.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pt.h"

void pt_machine_init(struct pt_machine *pm, uint64_t pa_base, uint64_t size, uint64_t table_bytes)
{
    pm->mem.base = aligned_alloc(4096, size);
    if (!pm->mem.base) {
        fprintf(stderr, "pt_machine_init: out of memory for %llu bytes\n", (unsigned long long)size);
        exit(2);
    }
    memset(pm->mem.base, 0, size);
    pm->mem.pa_base = pa_base;
    pm->mem.size = size;
    pm->next_free = pa_base + size - table_bytes;
}

void pt_machine_free(struct pt_machine *pm)
{
    free(pm->mem.base);
    pm->mem.base = NULL;
}

uint64_t pt_alloc_page(struct pt_machine *pm)
{
    uint64_t pa = pm->next_free;
    if (pa + 4096 > pm->mem.pa_base + pm->mem.size) {
        fprintf(stderr, "pt_alloc_page: table pool exhausted\n");
        exit(2);
    }
    pm->next_free += 4096;
    memset(hw_mem_ptr(&pm->mem, pa, 4096), 0, 4096);
    return pa;
}

uint64_t pt_read64(struct pt_machine *pm, uint64_t pa)
{
    uint64_t v;
    memcpy(&v, hw_mem_ptr(&pm->mem, pa, 8), 8);
    return v;
}

void pt_write64(struct pt_machine *pm, uint64_t pa, uint64_t v)
{
    memcpy(hw_mem_ptr(&pm->mem, pa, 8), &v, 8);
}

static uint64_t pt_slot(uint64_t table_pa, uint64_t in, int level)
{
    unsigned shift = 12 + 9 * (unsigned)(3 - level);
    return table_pa + ((in >> shift) & 0x1ff) * 8;
}

/* Table addresses in descriptors are "input-space" addresses of the next
 * table: machine PA for stage 2, IPA (= PA - pa_delta) for stage 1. */
static uint64_t pt_next_table(struct pt_machine *pm, uint64_t slot, uint64_t pa_delta, bool create)
{
    uint64_t d = pt_read64(pm, slot);
    if ((d & 3) == 3)
        return (d & 0x000000fffffff000ull) + pa_delta;
    if (!create)
        return 0;
    uint64_t t = pt_alloc_page(pm);
    pt_write64(pm, slot, (t - pa_delta) | 3);
    return t;
}

void pt_map(struct pt_machine *pm, uint64_t root_pa, uint64_t in, uint64_t out, uint64_t len,
            uint64_t attrs, uint64_t pa_delta)
{
    for (uint64_t off = 0; off < len; off += 4096) {
        uint64_t t = root_pa;
        for (int level = 1; level < 3; level++)
            t = pt_next_table(pm, pt_slot(t, in + off, level), pa_delta, true);
        pt_write64(pm, pt_slot(t, in + off, 3), ((out + off) & ~0xfffull) | attrs | PT_AF | 3);
    }
}

uint64_t pt_desc_slot(struct pt_machine *pm, uint64_t root_pa, uint64_t in, int level,
                      uint64_t pa_delta)
{
    uint64_t t = root_pa;
    for (int l = 1; l < level; l++) {
        t = pt_next_table(pm, pt_slot(t, in, l), pa_delta, false);
        if (!t)
            return 0;
    }
    return pt_slot(t, in, level);
}
