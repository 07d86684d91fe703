/* Test helper: a fake machine RAM and a builder for Armv8 stage-1 and
 * stage-2 tables (4 KiB granule, 39-bit input, start level 1) inside it. */
#ifndef TESTS_HW_PT_H
#define TESTS_HW_PT_H
#include <stdbool.h>
#include <stdint.h>

#include "hw/mem.h"

#define PT_S2_R   (1ull << 6)
#define PT_S2_W   (1ull << 7)
#define PT_S2_RW  (PT_S2_R | PT_S2_W)
#define PT_S1_RO  (1ull << 7)
#define PT_AF     (1ull << 10)

struct pt_machine {
    struct hw_mem mem;
    uint64_t next_free;  /* bump allocator for table pages, machine PA */
};

/* RAM of `size` bytes at machine PA `pa_base`; tables are carved from the
 * top `table_bytes` of it. */
void pt_machine_init(struct pt_machine *pm, uint64_t pa_base, uint64_t size, uint64_t table_bytes);
void pt_machine_free(struct pt_machine *pm);
/* A fresh zeroed 4 KiB page from the table pool (machine PA). */
uint64_t pt_alloc_page(struct pt_machine *pm);

/* Maps [in, in + len) to [out, out + len) with 4 KiB pages. For stage 2 the
 * tables are at machine PAs; for stage 1 (s2 != NULL) they are allocated at
 * machine PAs and addressed by the IPA that `s2_ipa_of` gives back, which the
 * caller has made identity-like: ipa = pa - pa_delta. attrs are ORed into
 * each leaf together with AF. */
void pt_map(struct pt_machine *pm, uint64_t root_pa, uint64_t in, uint64_t out, uint64_t len,
            uint64_t attrs, uint64_t pa_delta);
/* Writes the leaf or table descriptor at `level` for `in` directly (for fault
 * injection): returns the machine PA of the descriptor slot, 0 if the walk
 * does not reach that level. */
uint64_t pt_desc_slot(struct pt_machine *pm, uint64_t root_pa, uint64_t in, int level,
                      uint64_t pa_delta);
uint64_t pt_read64(struct pt_machine *pm, uint64_t pa);
void pt_write64(struct pt_machine *pm, uint64_t pa, uint64_t v);
#endif
