/* Stage-2 translation tables: 4 KiB granule, 39-bit IPA starting at level 1,
 * one VMID per domain. RAM is mapped with 2 MiB blocks where aligned. The
 * device models walk these same tables (docs/hw/), so the format is fixed:
 * VTCR_EL2.T0SZ=25, SL0=1. */
#include <xen/arch.h>
#include <xen/domain.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sysregs.h>
#include <asm/stage2.h>

#define DESC_VALID  (1UL << 0)
#define DESC_TABLE  (1UL << 1)   /* table at levels 1-2, page at level 3 */
#define DESC_AF     (1UL << 10)
#define DESC_SH_IS  (3UL << 8)
#define DESC_S2AP_RW (3UL << 6)
#define DESC_MEMATTR_NORMAL_WB (0xfUL << 2)
#define DESC_MEMATTR_DEVICE    (0x1UL << 2)
#define DESC_XN     (1UL << 54)
#define DESC_ADDR_MASK 0x000000fffffff000UL

static uint64_t s2_leaf_attrs(enum p2m_type t)
{
    if (t == P2M_DEVICE)
        return DESC_AF | DESC_S2AP_RW | DESC_MEMATTR_DEVICE | DESC_XN;
    return DESC_AF | DESC_SH_IS | DESC_S2AP_RW | DESC_MEMATTR_NORMAL_WB;
}

static uint64_t *s2_next_table(uint64_t *entry)
{
    if (!(*entry & DESC_VALID)) {
        uint64_t *t = page_alloc_zeroed(1);
        if (!t)
            return NULL;
        *entry = ptr_to_pa(t) | DESC_VALID | DESC_TABLE;
    }
    BUG_ON(!(*entry & DESC_TABLE));   /* callers never split blocks */
    return pa_to_ptr(*entry & DESC_ADDR_MASK);
}

int p2m_map_range(struct domain *d, ipaddr_t ipa, paddr_t pa, uint64_t size, enum p2m_type t)
{
    if (!IS_ALIGNED(ipa | pa | size, PAGE_SIZE) || ipa + size > (1UL << 39))
        return -1;
    uint64_t attrs = s2_leaf_attrs(t);
    while (size) {
        uint64_t *l1 = &d->arch.s2_root[(ipa >> 30) & 0x1ff];
        uint64_t *l2t = s2_next_table(l1);
        if (!l2t)
            return -1;
        uint64_t *l2 = &l2t[(ipa >> 21) & 0x1ff];
        if (IS_ALIGNED(ipa | pa, MIB(2)) && size >= MIB(2) && !(*l2 & DESC_VALID)) {
            *l2 = pa | attrs | DESC_VALID;   /* 2 MiB block */
            ipa += MIB(2);
            pa += MIB(2);
            size -= MIB(2);
            continue;
        }
        uint64_t *l3t = s2_next_table(l2);
        if (!l3t)
            return -1;
        l3t[(ipa >> 12) & 0x1ff] = pa | attrs | DESC_VALID | DESC_TABLE;
        ipa += PAGE_SIZE;
        pa += PAGE_SIZE;
        size -= PAGE_SIZE;
    }
    dsb_ishst();
    return 0;
}

uint64_t p2m_vttbr(const struct domain *d)
{
    return ptr_to_pa(d->arch.s2_root) | ((uint64_t)d->arch.vmid << 48);
}

int arch_domain_map_ram(struct domain *d)
{
    return p2m_map_range(d, GUEST_RAM_BASE, d->ram_pa, d->ram_size, P2M_RAM);
}
