/* The SGPU environment (sgpu/env.h) of a bare-metal rt guest: the virtual
 * SGPU's function page at an IPA, its interrupt through the rt GIC, guest
 * memory from a bump allocator over the RAM above the image, waits with
 * WFI and the virtual timer, time from CNTVCT. Where the device is comes
 * from the guest DT (a node compatible "vcoproc,sgpu"), else the defaults
 * below. */
#ifndef APPS_GUEST_ENV_H
#define APPS_GUEST_ENV_H
#include <stdbool.h>
#include <stdint.h>

#include "guest_dt.h"
#include "sgpu/env.h"

#define GUEST_ENV_SGPU_BASE  0x0B000000ull  /* default function page IPA */
#define GUEST_ENV_SGPU_INTID 48u            /* default: SPI 16 */
#define GUEST_ENV_RAM_BASE   0x40000000ull
#define GUEST_ENV_RAM_SIZE   (64ull << 20)  /* assumed without a /memory node */

struct guest_env {
    uintptr_t base;
    uint32_t intid;
    uint64_t heap, heap_end;    /* IPAs (= CPU addresses: the MMU is off) */
    uint64_t freq;
    volatile bool irq;          /* the SGPU interrupt fired since the last wait */
    volatile uint64_t irqs;
    struct guest_dt_info dt;
    struct sgpu_env env;
};

/* Reads the DT, sets up the heap, the GIC, both interrupts and unmasks
 * IRQs. Prints what it found; 0, or -1 with the reason printed. */
int guest_env_init(struct guest_env *e, void *dtb);
/* Whether something answers at the device address (a read that aborts
 * means nothing is there): 0, or -1 with the reason printed. */
int guest_env_probe(struct guest_env *e);
/* The bootargs of /chosen, "" if none. */
const char *guest_env_args(const struct guest_env *e);
#endif
