/* Stage-2 (p2m) tables of a domain. */
#ifndef ASM_STAGE2_H
#define ASM_STAGE2_H
#include <xen/types.h>

struct domain;

enum p2m_type { P2M_RAM, P2M_DEVICE };

/* VTCR_EL2: T0SZ=25 (39-bit IPA), SL0=1 (start at level 1), walks WB WA
 * inner-shareable, TG0 4K, PS 40-bit, RES1 bit 31. */
#define VTCR_VALUE (25UL | (1UL << 6) | (1UL << 8) | (1UL << 10) | (3UL << 12) | (2UL << 16) | (1UL << 31))

int p2m_map_range(struct domain *d, ipaddr_t ipa, paddr_t pa, uint64_t size, enum p2m_type t);
uint64_t p2m_vttbr(const struct domain *d);
#endif
