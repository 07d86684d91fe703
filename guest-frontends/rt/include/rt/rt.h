/* The bare-metal guest runtime: everything a guest needs in one include.
 * A guest provides main; the runtime calls it on vCPU 0 with the DTB
 * address (x0 at entry) and passes its return value to PSCI SYSTEM_OFF. */
#ifndef RT_RT_H
#define RT_RT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "console.h"
#include "exceptions.h"
#include "gic.h"
#include "hypercall.h"
#include "irq.h"
#include "mmio.h"
#include "psci.h"
#include "smccc.h"
#include "smp.h"
#include "spinlock.h"
#include "stdio.h"
#include "string.h"
#include "sysreg.h"
#include "timer.h"

/* CNTVCT_EL0 read by the image's very first instruction. */
extern uint64_t rt_first_insn_ticks;

int main(void *dtb);

#endif
