/* From start.S to main and from main's return to SYSTEM_OFF. */
#include "rt/rt.h"

void boot_primary(void *dtb) __attribute__((noreturn));

void boot_primary(void *dtb)
{
    int code = main(dtb);

    irq_disable();
    /* The hypervisor reports x1 too; this line is for runs without one. */
    printf("rt: SYSTEM_OFF exit=%d\n", code);
    psci_system_off((uint64_t)(int64_t)code);
}
