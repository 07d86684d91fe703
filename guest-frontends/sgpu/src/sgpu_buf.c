/* Buffers: guest memory from the environment, mapped at fresh device VAs.
 * An unmapped guard page follows each buffer so that a kernel running past
 * its end faults (S1_TRANSLATION) instead of touching the next buffer. */
#include "sgpu_priv.h"

int sgpu_buf_alloc(struct sgpu_dev *d, uint64_t size, uint32_t flags, struct sgpu_buf *out)
{
    if (!d || !out)
        return SGPU_ERR_INVAL;
    if (!size || size > (1ull << 36)) {
        sgpu_dev_log(d, "buf_alloc: size %llu is 0 or absurd", (unsigned long long)size);
        return SGPU_ERR_INVAL;
    }
    if (flags & ~SGPU_BUF_READONLY) {
        sgpu_dev_log(d, "buf_alloc: unknown flags 0x%x", flags);
        return SGPU_ERR_INVAL;
    }
    size = (size + SGPU_PAGE - 1) & ~(uint64_t)(SGPU_PAGE - 1);
    uint64_t va = d->va_next;
    if (va + size + SGPU_PAGE > (1ull << SGPU_VA_BITS)) {
        sgpu_dev_log(d, "buf_alloc: device VA space exhausted at 0x%llx", (unsigned long long)va);
        return SGPU_ERR_NOVA;
    }
    uint64_t ipa;
    void *cpu = sgpu_dev_alloc(d, size, &ipa);
    if (!cpu)
        return SGPU_ERR_NOMEM;
    int r = sgpu_mmu_map(d, va, ipa, size, flags);
    if (r)
        return r;
    d->va_next = va + size + SGPU_PAGE;
    *out = (struct sgpu_buf){ .cpu = cpu, .va = va, .ipa = ipa, .size = size };
    return SGPU_OK;
}
