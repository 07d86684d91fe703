/* Test rig for the SFPGA model: a fake machine with two domains' stage-2
 * tables, register helpers, and the independent references the model is
 * checked against. */
#ifndef TESTS_HW_SFPGA_RIG_H
#define TESTS_HW_SFPGA_RIG_H
#include <stdint.h>

#include "hw/sfpga.h"
#include "../common/pt.h"
#include "ref.h"

#define RIG_RAM_PA    0x40000000ull
#define RIG_RAM_SIZE  (64ull << 20)
#define RIG_DOM_IPA   0x40000000ull       /* every domain's RAM starts here */
#define RIG_DOM_SIZE  (16ull << 20)
#define RIG_DOM_PA(d) (0x41000000ull + (uint64_t)(d) * RIG_DOM_SIZE) /* d = 0, 1 */
#define RIG_CTX_PA    0x43000000ull       /* hypervisor memory for contexts */
#define RIG_RO_IPA    (RIG_DOM_IPA + RIG_DOM_SIZE - 0x10000) /* last 64 KiB: read-only */

struct rig {
    struct pt_machine pm;
    struct sfpga *f;
    uint64_t now;
    uint64_t s2_root[2];
    unsigned irqs[2 * SFPGA_MAX_SLOTS];
    unsigned n;
};

void rig_init(struct rig *r, unsigned nslots);
void rig_free(struct rig *r);
/* Host pointer of domain d's IPA. */
uint8_t *rig_ipa(struct rig *r, int d, uint64_t ipa);

void rig_fw(struct rig *r, unsigned k, uint32_t off, uint32_t v);
uint32_t rig_fr(struct rig *r, unsigned k, uint32_t off);
void rig_pw(struct rig *r, unsigned k, uint32_t off, uint32_t v);
uint32_t rig_pr(struct rig *r, unsigned k, uint32_t off);
void rig_ring(struct rig *r);
/* Advances model time event by event until nothing is scheduled. */
void rig_settle(struct rig *r);
/* Gives slot k to domain d (stage 2 on, VMID d + 1). */
void rig_assign(struct rig *r, unsigned k, int d);
/* Builds a bitstream of size bytes in domain d's memory at ipa and loads it
 * into slot k; returns CMD_STATUS once settled. */
uint32_t rig_load(struct rig *r, unsigned k, int d, uint64_t ipa, unsigned accel, uint32_t size);
/* Starts the job programmed in slot k's function page. */
void rig_start(struct rig *r, unsigned k);
void rig_set64(struct rig *r, unsigned k, uint32_t lo_off, uint64_t v);

/* Deterministic test data. */
void rig_fill(uint8_t *p, size_t n, uint32_t seed);
uint32_t rig_rand(uint32_t *state);
#endif
