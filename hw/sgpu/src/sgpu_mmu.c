/* The SGPU's MMU: every device access goes VA -(guest stage 1)-> IPA
 * -(hypervisor stage 2)-> machine PA through hw_xlate, cached in a small
 * fully associative TLB that is flushed whenever a root, the VMID or an
 * enable changes (the engine calls sgpu_mmu_flush) and on MMU_INVALIDATE. */
#include <stdlib.h>
#include <string.h>

#include "sgpu_internal.h"

#define MMU_PAGE 4096ull

void sgpu_mmu_flush(struct sgpu *g)
{
    memset(g->tlb, 0, sizeof(g->tlb));
    g->tlb_next = 0;
}

static uint32_t mmu_fault_code(enum hw_xlate_fault f)
{
    switch (f) {
    case HW_XLATE_S1_TRANSLATION: return SGPU_FAULT_S1_TRANSLATION;
    case HW_XLATE_S1_PERMISSION: return SGPU_FAULT_S1_PERMISSION;
    case HW_XLATE_S2_TRANSLATION: return SGPU_FAULT_S2_TRANSLATION;
    case HW_XLATE_S2_PERMISSION: return SGPU_FAULT_S2_PERMISSION;
    case HW_XLATE_S1_ACCESS: return SGPU_FAULT_S1_ACCESS;
    case HW_XLATE_S2_ACCESS: return SGPU_FAULT_S2_ACCESS;
    case HW_XLATE_BUS: return SGPU_FAULT_BUS;
    default: return SGPU_FAULT_NONE;
    }
}

static bool mmu_is_s2(enum hw_xlate_fault f)
{
    return f == HW_XLATE_S2_TRANSLATION || f == HW_XLATE_S2_PERMISSION || f == HW_XLATE_S2_ACCESS;
}

bool sgpu_mmu_xlate(struct sgpu *g, uint64_t va, bool write, uint64_t *pa, struct sgpu_xfault *xf)
{
    uint64_t page = va / MMU_PAGE;
    struct sgpu_tlb_entry *e = NULL;
    for (unsigned i = 0; i < SGPU_TLB_ENTRIES; i++) {
        if (g->tlb[i].valid && g->tlb[i].va_page == page) {
            e = &g->tlb[i];
            break;
        }
    }
    if (e && (write ? e->w_ok : e->r_ok)) {
        g->tlb_hits++;
        *pa = e->pa_page * MMU_PAGE + va % MMU_PAGE;
        return true;
    }
    g->tlb_misses++;
    struct hw_xlate_cfg cfg = {
        .s1_enable = g->f.mmu_control & SGPU_MMU_ENABLE,
        .s1_root = g->f.mmu_root,
        .s2_enable = g->s2_control & 1,
        .s2_root = g->s2_root,
    };
    struct hw_xlate_result r = hw_xlate(&g->mem, &cfg, va, write);
    if (r.fault != HW_XLATE_OK) {
        memset(xf, 0, sizeof(*xf));
        xf->code = mmu_fault_code(r.fault);
        xf->level = r.level < 0 ? 0 : (uint32_t)r.level;
        xf->write = write;
        xf->va = va;
        xf->ipa = mmu_is_s2(r.fault) ? r.addr : 0;
        return false;
    }
    if (!e) {
        e = &g->tlb[g->tlb_next];
        g->tlb_next = (g->tlb_next + 1) % SGPU_TLB_ENTRIES;
        memset(e, 0, sizeof(*e));
        e->valid = true;
        e->va_page = page;
    }
    /* A write-permitted walk says nothing about reads (stage 2 may grant W
     * without R), so each right is learnt from its own walk. */
    e->pa_page = r.pa / MMU_PAGE;
    if (write)
        e->w_ok = true;
    else
        e->r_ok = true;
    *pa = r.pa;
    return true;
}

static bool mmu_range_bad(uint64_t va, uint64_t len, struct sgpu_xfault *xf)
{
    if (len == 0 || va + (len - 1) >= va)
        return false;
    memset(xf, 0, sizeof(*xf));
    xf->code = SGPU_FAULT_BAD_ARGUMENT;
    xf->va = va;
    return true;
}

bool sgpu_mmu_check_range(struct sgpu *g, uint64_t va, uint64_t len, bool write,
                          struct sgpu_xfault *xf)
{
    if (mmu_range_bad(va, len, xf))
        return false;
    uint64_t pa;
    for (uint64_t off = 0; off < len;) {
        uint64_t a = va + off;
        if (!sgpu_mmu_xlate(g, a, write, &pa, xf))
            return false;
        off += MMU_PAGE - a % MMU_PAGE;
    }
    return true;
}

/* Copies between the device VA range and a host buffer, page by page. */
static bool mmu_copy(struct sgpu *g, uint64_t va, uint8_t *host, uint64_t len, bool write,
                     struct sgpu_xfault *xf)
{
    if (mmu_range_bad(va, len, xf))
        return false;
    for (uint64_t off = 0; off < len;) {
        uint64_t a = va + off, pa;
        uint64_t n = MMU_PAGE - a % MMU_PAGE;
        if (n > len - off)
            n = len - off;
        if (!sgpu_mmu_xlate(g, a, write, &pa, xf))
            return false;
        uint8_t *p = hw_mem_ptr(&g->mem, pa, n);
        if (!p) {
            memset(xf, 0, sizeof(*xf));
            xf->code = SGPU_FAULT_BUS;
            xf->write = write;
            xf->va = a;
            return false;
        }
        if (write)
            memcpy(p, host + off, n);
        else
            memcpy(host + off, p, n);
        off += n;
    }
    return true;
}

bool sgpu_mmu_read(struct sgpu *g, uint64_t va, void *dst, uint64_t len, struct sgpu_xfault *xf)
{
    return mmu_copy(g, va, dst, len, false, xf);
}

bool sgpu_mmu_write(struct sgpu *g, uint64_t va, const void *src, uint64_t len,
                    struct sgpu_xfault *xf)
{
    /* Check every page first so that a faulting write writes no byte. */
    if (!sgpu_mmu_check_range(g, va, len, true, xf))
        return false;
    return mmu_copy(g, va, (uint8_t *)src, len, true, xf);
}

static uint8_t mmu_empty_buf[8];

bool sgpu_mmu_buf_acquire(struct sgpu *g, struct sgpu_buf *b, struct sgpu_xfault *xf)
{
    b->staging = NULL;
    b->host = mmu_empty_buf;
    if (b->len == 0)
        return true;
    if (!sgpu_mmu_check_range(g, b->va, b->len, false, xf))
        return false;
    if (b->write && !sgpu_mmu_check_range(g, b->va, b->len, true, xf))
        return false;
    /* Contiguous in machine memory: the kernel works in place. */
    uint64_t pa0, pa;
    sgpu_mmu_xlate(g, b->va, b->write, &pa0, xf);
    bool contiguous = true;
    for (uint64_t off = MMU_PAGE - b->va % MMU_PAGE; off < b->len; off += MMU_PAGE) {
        sgpu_mmu_xlate(g, b->va + off, b->write, &pa, xf);
        if (pa != pa0 + off) {
            contiguous = false;
            break;
        }
    }
    uint8_t *direct = contiguous ? hw_mem_ptr(&g->mem, pa0, b->len) : NULL;
    if (direct) {
        b->host = direct;
        return true;
    }
    b->staging = malloc(b->len);
    if (!b->staging) {
        memset(xf, 0, sizeof(*xf));
        xf->code = SGPU_FAULT_OVERSIZE;
        xf->va = b->va;
        return false;
    }
    b->host = b->staging;
    if (!sgpu_mmu_read(g, b->va, b->staging, b->len, xf)) {
        free(b->staging);
        b->staging = NULL;
        return false;
    }
    return true;
}

bool sgpu_mmu_buf_flush(struct sgpu *g, struct sgpu_buf *b, struct sgpu_xfault *xf)
{
    if (b->staging && b->write)
        return sgpu_mmu_write(g, b->va, b->staging, b->len, xf);
    return true;
}

void sgpu_mmu_buf_release(struct sgpu_buf *b)
{
    free(b->staging);
    b->staging = NULL;
    b->host = mmu_empty_buf;
}
