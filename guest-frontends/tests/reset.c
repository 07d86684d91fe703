/* reset: boot 1 dirties its own data and the device tree, then asks for
 * PSCI SYSTEM_RESET; boot 2 checks that both came back pristine (the
 * hypervisor reloads the boot modules) and passes. */
#include "rt/rt.h"
#include "rt/test.h"

#define RESET_MARKER_PRISTINE 0x5EED1234u
#define RESET_MARKER_DIRTY    0xD1127777u
#define FDT_MAGIC_LE          0xEDFE0DD0u   /* 0xD00DFEED read little-endian */

static volatile uint32_t reset_marker = RESET_MARKER_PRISTINE;

int main(void *dtb)
{
    uint64_t boot;

    test_begin("reset");
    boot = test_boot_count();
    T_CHECK(dtb != NULL);
    if (boot == 1) {
        T_CHECK_EQ(reset_marker, RESET_MARKER_PRISTINE);
        if (dtb)
            T_CHECK_EQ(mmio_read32((uintptr_t)dtb), FDT_MAGIC_LE);
        if (test_failures())
            return test_end();
        reset_marker = RESET_MARKER_DIRTY;
        if (dtb)
            mmio_write32((uintptr_t)dtb, 0);
        puts("resetting");
        int32_t r = psci_system_reset();
        printf("SYSTEM_RESET returned %d\n", r);
        test_fail(__LINE__, "SYSTEM_RESET returned");
        return test_end();
    }
    if (boot == 2) {
        puts("came back after reset");
        T_CHECK_EQ(reset_marker, RESET_MARKER_PRISTINE);
        if (dtb)
            T_CHECK_EQ(mmio_read32((uintptr_t)dtb), FDT_MAGIC_LE);
        return test_end();
    }
    printf("unexpected boot count %lu (0: no DOMAIN_ID hypercall, i.e. no hypervisor)\n",
           boot);
    test_fail(__LINE__, "boot count is neither 1 nor 2");
    return test_end();
}
