/* The groups of the SFPGA guest-library host tests (one binary). */
#ifndef SFPGA_GUEST_TESTS_H
#define SFPGA_GUEST_TESTS_H
void sfpga_guest_test_drv(void);
void sfpga_guest_test_accel(void);
void sfpga_guest_test_tenants(void);
void sfpga_guest_test_spatial(void);
void sfpga_guest_test_dt(const char *dtb_path);
#endif
