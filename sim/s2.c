/* Real stage-2 tables for simulated domains, in machine RAM, in the format
 * the hypervisor programs into VTTBR_EL2 and device models walk
 * (hw/common/include/hw/mem.h). */
#include <string.h>
#include "sim/machine.h"

#define S2_TABLE   3ull              /* table descriptor (levels 1-2) */
#define S2_PAGE    3ull              /* page descriptor (level 3) */
#define S2_MEMATTR (0xfull << 2)     /* normal memory, write-back */
#define S2_AP_RW   (3ull << 6)       /* S2AP: read and write */
#define S2_SH_IN   (3ull << 8)       /* inner shareable */
#define S2_AF      (1ull << 10)      /* access flag: set, or the walk faults */

void *sim_s2_build(uint64_t ipa, uint64_t pa, uint64_t size, uint64_t *root)
{
    if ((ipa & ((1ull << 30) - 1)) || !size || size > (1ull << 30) || (size & 4095) ||
        ipa >= (1ull << 39))
        return NULL;
    uint64_t n_l3 = (size + (2ull << 20) - 1) >> 21;
    uint64_t tpa;
    uint64_t *t = sim_machine_alloc((2 + n_l3) * 4096, &tpa);
    if (!t)
        return NULL;
    /* page 0: level 1; page 1: level 2; pages 2..: level 3 */
    uint64_t *l1 = t, *l2 = t + 512, *l3 = t + 1024;
    l1[(ipa >> 30) & 0x1ff] = (tpa + 4096) | S2_TABLE;
    for (uint64_t i = 0; i < n_l3; i++)
        l2[i] = (tpa + (2 + i) * 4096) | S2_TABLE;
    for (uint64_t off = 0; off < size; off += 4096)
        l3[off >> 12] = (pa + off) | S2_PAGE | S2_MEMATTR | S2_AP_RW | S2_SH_IN | S2_AF;
    *root = tpa;
    return t;
}
