/* The simulated machine's RAM (sim/machine.c) and the stage-2 tables built in
 * it (sim/s2.c): what device models see as machine memory. */
#ifndef SIM_MACHINE_H
#define SIM_MACHINE_H
#include <stdint.h>
#include "hw/mem.h"

/* Machine PAs of the simulated RAM: apart from every guest IPA range, so a
 * PA used as an IPA (or the reverse) never works by accident. */
#define SIM_MACHINE_PA   0x100000000ull
#define SIM_MACHINE_SIZE (2ull << 30)

/* The whole machine RAM, for a device model's DMA. */
struct hw_mem sim_machine_mem(void);
/* Zeroed, 4 KiB aligned, contiguous; NULL when full. */
void *sim_machine_alloc(uint64_t size, uint64_t *pa);
void sim_machine_free(void *p);
uint64_t sim_machine_used(void);

/* Stage-2 tables (Armv8, 4 KiB granule, T0SZ 25, SL0 1: the hypervisor's
 * VTCR_EL2 set-up) mapping IPA [ipa, ipa + size) read-write to machine PA
 * [pa, pa + size). ipa must be 1 GiB aligned and size at most 1 GiB. Returns
 * the host pointer of the tables (free with sim_machine_free) and the root's
 * machine PA in *root, or NULL. */
void *sim_s2_build(uint64_t ipa, uint64_t pa, uint64_t size, uint64_t *root);
#endif
