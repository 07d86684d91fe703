/* SFPGA guest library host tests: driver, accelerators, tenant workloads,
 * device-tree reader. Usage: test_sfpga_guest <tenant.dtb> */
#include <stdio.h>

#include "sfpga_guest_tests.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        printf("FAIL sfpga-guest-usage: test_sfpga_guest <tenant.dtb>\n");
        return 1;
    }
    sfpga_guest_test_drv();
    sfpga_guest_test_accel();
    sfpga_guest_test_tenants();
    sfpga_guest_test_spatial();
    sfpga_guest_test_dt(argv[1]);
    return 0;
}
