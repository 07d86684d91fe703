/* Machine-memory view and the Armv8 VMSAv8-64 walks (4 KiB granule, 39-bit
 * input, start level 1) that every device model uses for DMA. Tables are read
 * through hw_mem_ptr only, so a bad root or descriptor can never make a model
 * touch host memory outside the machine's RAM. */
#include "hw/mem.h"

#define MEM_OA_MASK   0x000000fffffff000ull /* 40-bit machine PA, 4 KiB aligned */
#define MEM_IN_BITS   39                    /* T0SZ = 25 */
#define MEM_DESC_VALID 0x1ull
#define MEM_DESC_TABLE 0x2ull               /* table (L1/L2) or page (L3) */
#define MEM_DESC_AF   (1ull << 10)
#define MEM_S2AP_R    (1ull << 6)
#define MEM_S2AP_W    (1ull << 7)
#define MEM_S1AP_RO   (1ull << 7)           /* AP[2]: read-only at every EL */

void *hw_mem_ptr(const struct hw_mem *m, uint64_t pa, uint64_t len)
{
    if (!m || !m->base || pa < m->pa_base)
        return NULL;
    uint64_t off = pa - m->pa_base;
    if (off > m->size || len > m->size - off)
        return NULL;
    return m->base + off;
}

/* Descriptors are little-endian in memory whatever the host is. */
static bool mem_read_desc(const struct hw_mem *m, uint64_t pa, uint64_t *out)
{
    const uint8_t *p = hw_mem_ptr(m, pa, 8);
    if (!p)
        return false;
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    *out = v;
    return true;
}

/* Size of the region one descriptor maps at a level (L1 1 GiB .. L3 4 KiB). */
static unsigned mem_level_shift(int level)
{
    return 12 + 9 * (unsigned)(3 - level);
}

static struct hw_xlate_result mem_result(enum hw_xlate_fault f, int level, uint64_t addr)
{
    struct hw_xlate_result r = { .fault = f, .level = level, .addr = addr, .pa = 0 };
    return r;
}

struct hw_xlate_result hw_s2_translate(const struct hw_mem *m, uint64_t s2_root,
                                       uint64_t ipa, bool write)
{
    /* An IPA beyond the 39-bit space can never be mapped: the architecture
     * reports that as a translation fault at level 0. */
    if (ipa >> MEM_IN_BITS)
        return mem_result(HW_XLATE_S2_TRANSLATION, 0, ipa);
    uint64_t table = s2_root & MEM_OA_MASK;
    for (int level = 1; level <= 3; level++) {
        unsigned shift = mem_level_shift(level);
        uint64_t idx = (ipa >> shift) & 0x1ff;
        uint64_t d;
        if (!mem_read_desc(m, table + idx * 8, &d))
            return mem_result(HW_XLATE_BUS, level, ipa);
        if (!(d & MEM_DESC_VALID))
            return mem_result(HW_XLATE_S2_TRANSLATION, level, ipa);
        bool is_table = d & MEM_DESC_TABLE;
        if (level < 3 && is_table) {
            table = d & MEM_OA_MASK;
            continue;
        }
        /* Level 3 needs the page encoding; 0b01 there is reserved (invalid). */
        if (level == 3 && !is_table)
            return mem_result(HW_XLATE_S2_TRANSLATION, level, ipa);
        if (!(d & MEM_DESC_AF))
            return mem_result(HW_XLATE_S2_ACCESS, level, ipa);
        if (!(d & (write ? MEM_S2AP_W : MEM_S2AP_R)))
            return mem_result(HW_XLATE_S2_PERMISSION, level, ipa);
        uint64_t span = 1ull << shift;
        uint64_t pa = (d & MEM_OA_MASK & ~(span - 1)) | (ipa & (span - 1));
        if (!hw_mem_ptr(m, pa, 1))
            return mem_result(HW_XLATE_BUS, level, ipa);
        struct hw_xlate_result r = mem_result(HW_XLATE_OK, level, ipa);
        r.pa = pa;
        return r;
    }
    return mem_result(HW_XLATE_S2_TRANSLATION, 3, ipa); /* not reached */
}

/* Turns an IPA into a machine PA for a read made on behalf of stage 1 (a
 * table walk or the final access), or passes it through with stage 2 off. */
static struct hw_xlate_result mem_ipa_to_pa(const struct hw_mem *m, const struct hw_xlate_cfg *c,
                                            uint64_t ipa, bool write)
{
    if (c->s2_enable)
        return hw_s2_translate(m, c->s2_root, ipa, write);
    struct hw_xlate_result r = mem_result(HW_XLATE_OK, 0, ipa);
    if (!hw_mem_ptr(m, ipa, 1))
        return mem_result(HW_XLATE_BUS, 0, ipa);
    r.pa = ipa;
    return r;
}

struct hw_xlate_result hw_xlate(const struct hw_mem *m, const struct hw_xlate_cfg *c,
                                uint64_t va, bool write)
{
    if (!c->s1_enable)
        return mem_ipa_to_pa(m, c, va, write);
    if (va >> MEM_IN_BITS)
        return mem_result(HW_XLATE_S1_TRANSLATION, 0, va);
    uint64_t table_ipa = c->s1_root & MEM_OA_MASK;
    for (int level = 1; level <= 3; level++) {
        unsigned shift = mem_level_shift(level);
        uint64_t desc_ipa = table_ipa + ((va >> shift) & 0x1ff) * 8;
        /* The guest's tables live in guest memory, so each descriptor read
         * is itself a stage-2 read; its fault names the table's IPA. */
        struct hw_xlate_result t = mem_ipa_to_pa(m, c, desc_ipa, false);
        if (t.fault != HW_XLATE_OK)
            return t;
        uint64_t d;
        if (!mem_read_desc(m, t.pa, &d))
            return mem_result(HW_XLATE_BUS, level, va);
        if (!(d & MEM_DESC_VALID))
            return mem_result(HW_XLATE_S1_TRANSLATION, level, va);
        bool is_table = d & MEM_DESC_TABLE;
        if (level < 3 && is_table) {
            table_ipa = d & MEM_OA_MASK;
            continue;
        }
        if (level == 3 && !is_table)
            return mem_result(HW_XLATE_S1_TRANSLATION, level, va);
        if (!(d & MEM_DESC_AF))
            return mem_result(HW_XLATE_S1_ACCESS, level, va);
        if (write && (d & MEM_S1AP_RO))
            return mem_result(HW_XLATE_S1_PERMISSION, level, va);
        uint64_t span = 1ull << shift;
        uint64_t ipa = (d & MEM_OA_MASK & ~(span - 1)) | (va & (span - 1));
        struct hw_xlate_result r = mem_ipa_to_pa(m, c, ipa, write);
        if (r.fault == HW_XLATE_OK)
            r.level = level;
        return r;
    }
    return mem_result(HW_XLATE_S1_TRANSLATION, 3, va); /* not reached */
}
