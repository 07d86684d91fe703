/* badwrite: stores to an IPA that is neither RAM nor a device. The
 * hypervisor must stop this domain there; reaching the next line is a
 * failure (exit code 3). */
#include "rt/rt.h"
#include "rt/test.h"

#define BADWRITE_IPA      0x30000000u
#define BADWRITE_CONTINUED 3

int main(void *dtb)
{
    (void)dtb;
    test_begin("badwrite");
    puts("about to write outside RAM");
    mmio_write32(BADWRITE_IPA, 0xBADC0DE);
    dsb_sy();       /* the store is complete (or has faulted) before we go on */
    test_fail(__LINE__, "execution continued after the store to 0x30000000");
    test_end();
    return BADWRITE_CONTINUED;
}
