/* The device models' view of machine memory and the Armv8 stage-2 walk they
 * use for DMA. Shared by the SGPU and SFPGA models (hw/sgpu, hw/sfpga). */
#ifndef HW_MEM_H
#define HW_MEM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Machine RAM as the model sees it: machine PA [pa_base, pa_base + size) is
 * mapped at host pointer base (a mapping of QEMU's RAM file, or a buffer of
 * the simulator). */
struct hw_mem {
    uint8_t *base;
    uint64_t pa_base;
    uint64_t size;
};

/* Why a translation failed; codes are the models' fault codes (docs/hw/). */
enum hw_xlate_fault {
    HW_XLATE_OK = 0,
    HW_XLATE_S1_TRANSLATION, /* stage-1 descriptor invalid */
    HW_XLATE_S1_PERMISSION,  /* stage-1 says read-only, access was a write */
    HW_XLATE_S2_TRANSLATION, /* stage-2 descriptor invalid */
    HW_XLATE_S2_PERMISSION,  /* stage-2 S2AP forbids the access */
    HW_XLATE_BUS,            /* a table or the target lies outside machine RAM */
    HW_XLATE_S1_ACCESS,      /* stage-1 descriptor has AF (bit 10) clear */
    HW_XLATE_S2_ACCESS,      /* stage-2 descriptor has AF (bit 10) clear */
};

struct hw_xlate_result {
    enum hw_xlate_fault fault;
    int level;         /* level at which the walk stopped (fault) or ended */
    uint64_t addr;     /* faulting input address (VA for stage 1, IPA for stage 2) */
    uint64_t pa;       /* machine PA on success */
};

/* Walks Armv8 stage-2 tables (4 KiB granule, 39-bit IPA, start level 1, the
 * VTCR_EL2 set-up of the hypervisor: T0SZ=25, SL0=1) rooted at machine PA
 * s2_root; checks S2AP for a read or write. Never touches memory outside m. */
struct hw_xlate_result hw_s2_translate(const struct hw_mem *m, uint64_t s2_root,
                                       uint64_t ipa, bool write);

/* A device's whole translation set-up: stage 1 uses the guest's VMSAv8-64
 * tables (4 KiB granule, 39-bit VA, start level 1, rooted at an IPA; AP[2],
 * bit 7, makes a page read-only; AF bit 10 must be set), stage 2 the
 * hypervisor's. A disabled stage passes its input address through. */
struct hw_xlate_cfg {
    bool s1_enable;
    uint64_t s1_root;  /* IPA of the level-1 table */
    bool s2_enable;
    uint64_t s2_root;  /* machine PA of the level-1 table */
};

/* Translates a device VA through both stages. A stage-2 fault met while
 * reading a stage-1 table reports that table's IPA in addr; a stage-1 fault
 * reports the VA. Never touches memory outside m. */
struct hw_xlate_result hw_xlate(const struct hw_mem *m, const struct hw_xlate_cfg *c,
                                uint64_t va, bool write);

/* Returns a host pointer for machine PA [pa, pa + len) or NULL when any byte
 * lies outside machine RAM. */
void *hw_mem_ptr(const struct hw_mem *m, uint64_t pa, uint64_t len);
#endif
