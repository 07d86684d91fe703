/* Stage-1 page tables over guest memory: VMSAv8-64, 4 KiB granule, 39-bit
 * VA (walk starts at level 1), 4 KiB pages only, tables allocated from the
 * environment as they are needed. Tables hold IPAs; the library keeps the
 * CPU pointers of the tables beside them, so a walk never needs to turn an
 * IPA back into a pointer. */
#include "sgpu_priv.h"

#define MMU_DESC_TABLE  0x3ull          /* table (levels 1-2) or page (level 3) */
#define MMU_DESC_VALID  0x1ull
#define MMU_AF          (1ull << 10)    /* the device faults (S1_ACCESS) without it */
#define MMU_SH_INNER    (3ull << 8)     /* what a CPU mapping of normal memory would say */
#define MMU_AP_RO       (1ull << 7)     /* AP[2]: device writes fault (S1_PERMISSION) */
#define MMU_OA_MASK     0x000000fffffff000ull
#define MMU_ENTRIES     512u

static unsigned mmu_index(uint64_t va, int level)
{
    return (unsigned)(va >> (12 + 9 * (3 - level))) & (MMU_ENTRIES - 1);
}

int sgpu_mmu_init(struct sgpu_dev *d)
{
    uint64_t ipa;
    d->mmu.l1 = sgpu_dev_alloc(d, SGPU_PAGE, &d->mmu.l1_ipa);
    d->mmu.l2_cpu = sgpu_dev_alloc(d, MMU_ENTRIES * sizeof(void *), &ipa);
    d->mmu.l3_cpu = sgpu_dev_alloc(d, MMU_ENTRIES * sizeof(void **), &ipa);
    if (!d->mmu.l1 || !d->mmu.l2_cpu || !d->mmu.l3_cpu)
        return SGPU_ERR_NOMEM;
    return SGPU_OK;
}

/* The level-3 table covering va, created (with its level-2 table) when
 * create is set; NULL when absent or out of memory (logged). */
static uint64_t *mmu_l3(struct sgpu_dev *d, uint64_t va, bool create)
{
    struct sgpu_mmu *m = &d->mmu;
    unsigned i1 = mmu_index(va, 1), i2 = mmu_index(va, 2);
    uint64_t ipa;

    if (!m->l2_cpu[i1]) {
        if (!create)
            return NULL;
        uint64_t shadow_ipa;
        uint64_t *l2 = sgpu_dev_alloc(d, SGPU_PAGE, &ipa);
        void **shadow = sgpu_dev_alloc(d, MMU_ENTRIES * sizeof(void *), &shadow_ipa);
        if (!l2 || !shadow)
            return NULL;
        m->l1[i1] = (ipa & MMU_OA_MASK) | MMU_DESC_TABLE;
        m->l2_cpu[i1] = l2;
        m->l3_cpu[i1] = shadow;
    }
    uint64_t *l2 = m->l2_cpu[i1];
    void **l3s = m->l3_cpu[i1];
    if (!l3s[i2]) {
        if (!create)
            return NULL;
        uint64_t *l3 = sgpu_dev_alloc(d, SGPU_PAGE, &ipa);
        if (!l3)
            return NULL;
        l3s[i2] = l3;
        l2[i2] = (ipa & MMU_OA_MASK) | MMU_DESC_TABLE;
    }
    return l3s[i2];
}

static bool mmu_range_ok(struct sgpu_dev *d, const char *what, uint64_t va, uint64_t size)
{
    if (va % SGPU_PAGE || size % SGPU_PAGE || !size) {
        sgpu_dev_log(d, "%s: VA 0x%llx size 0x%llx not 4 KiB aligned and non-empty", what,
                     (unsigned long long)va, (unsigned long long)size);
        return false;
    }
    if (va >= (1ull << SGPU_VA_BITS) || size > (1ull << SGPU_VA_BITS) - va) {
        sgpu_dev_log(d, "%s: VA range 0x%llx+0x%llx beyond the 39-bit VA space", what,
                     (unsigned long long)va, (unsigned long long)size);
        return false;
    }
    return true;
}

int sgpu_mmu_map(struct sgpu_dev *d, uint64_t va, uint64_t ipa, uint64_t size, uint32_t flags)
{
    if (!d || !mmu_range_ok(d, "mmu_map", va, size))
        return SGPU_ERR_INVAL;
    if (ipa % SGPU_PAGE || (ipa + size - 1) > MMU_OA_MASK + 0xfffull || ipa + size < ipa) {
        sgpu_dev_log(d, "mmu_map: IPA 0x%llx size 0x%llx not 4 KiB aligned or beyond 40 bits",
                     (unsigned long long)ipa, (unsigned long long)size);
        return SGPU_ERR_INVAL;
    }
    if (flags & ~SGPU_BUF_READONLY) {
        sgpu_dev_log(d, "mmu_map: unknown flags 0x%x", flags);
        return SGPU_ERR_INVAL;
    }
    /* Refuse the whole request before changing anything. */
    for (uint64_t off = 0; off < size; off += SGPU_PAGE) {
        uint64_t *l3 = mmu_l3(d, va + off, false);
        if (l3 && (l3[mmu_index(va + off, 3)] & MMU_DESC_VALID)) {
            sgpu_dev_log(d, "mmu_map: VA 0x%llx is already mapped", (unsigned long long)(va + off));
            return SGPU_ERR_INVAL;
        }
    }
    uint64_t attrs = MMU_AF | MMU_SH_INNER | MMU_DESC_TABLE | (flags & SGPU_BUF_READONLY ? MMU_AP_RO : 0);
    for (uint64_t off = 0; off < size; off += SGPU_PAGE) {
        uint64_t *l3 = mmu_l3(d, va + off, true);
        if (!l3)
            return SGPU_ERR_NOMEM;
        l3[mmu_index(va + off, 3)] = ((ipa + off) & MMU_OA_MASK) | attrs;
    }
    sgpu_dev_wr32(d, SGPU_F_MMU_INVALIDATE, 1);
    return SGPU_OK;
}

int sgpu_mmu_unmap(struct sgpu_dev *d, uint64_t va, uint64_t size)
{
    if (!d || !mmu_range_ok(d, "mmu_unmap", va, size))
        return SGPU_ERR_INVAL;
    for (uint64_t off = 0; off < size; off += SGPU_PAGE) {
        uint64_t *l3 = mmu_l3(d, va + off, false);
        if (l3)
            l3[mmu_index(va + off, 3)] = 0;
    }
    sgpu_dev_wr32(d, SGPU_F_MMU_INVALIDATE, 1);
    return SGPU_OK;
}
