/* The tenant guest's device-tree reader: the values of tenant.dts, the
 * boot-argument parser, and 20000 blobs damaged past the header that must be
 * refused or read without stepping outside the blob (built with ASan). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sfpga_guest_tests.h"
#include "tenant_dt.h"

void sfpga_guest_test_dt(const char *dtb_path)
{
    TEST_BEGIN("sfpga-guest-dt-reader");
    static uint8_t blob[65536];
    FILE *f = fopen(dtb_path, "rb");
    size_t n = f ? fread(blob, 1, sizeof blob, f) : 0;
    if (f)
        fclose(f);
    CHECK(n > 40);
    struct tenant_dt dt;
    const char *why = "";
    CHECK(tenant_dt_parse(blob, &dt, &why) == 0);
    CHECK(dt.slot_found && dt.slot_irq_found && dt.mem_found);
    CHECK_EQ_U64(dt.slot_base, 0x0b200000);
    CHECK_EQ_U64(dt.slot_size, 0x2000);
    CHECK_EQ_U64(dt.slot_intid, 32 + 18);
    CHECK(!dt.slot_edge); /* flags 4: level high */
    CHECK_EQ_U64(dt.mem_base, 0x40000000);
    CHECK_EQ_U64(dt.mem_size, 0x08000000);
    char v[32];
    uint64_t x = 0;
    CHECK(tenant_dt_arg(dt.bootargs, "fpga.workload", v, sizeof v) && strcmp(v, "aes") == 0);
    CHECK(tenant_dt_arg(dt.bootargs, "fpga.bytes", v, sizeof v) && tenant_dt_parse_u64(v, &x));
    CHECK_EQ_U64(x, 0x20000);
    CHECK(tenant_dt_arg(dt.bootargs, "fpga.noload", v, sizeof v) && v[0] == 0);
    CHECK(!tenant_dt_arg(dt.bootargs, "fpga.work", v, sizeof v)); /* whole keys only */
    CHECK(!tenant_dt_arg(dt.bootargs, "fpga.seed", v, sizeof v));
    CHECK(!tenant_dt_parse_u64("12x", &x) && !tenant_dt_parse_u64("", &x));
    CHECK(!tenant_dt_parse_u64("99999999999999999999999", &x));

    /* malformed blobs: no magic, and random byte damage */
    uint8_t *copy = malloc(n);
    memcpy(copy, blob, n);
    copy[0] ^= 1;
    CHECK(tenant_dt_parse(copy, &dt, &why) == -1 && strstr(why, "magic"));
    memcpy(copy, blob, n);
    copy[4] = copy[5] = copy[6] = 0, copy[7] = 39; /* totalsize below a header */
    CHECK(tenant_dt_parse(copy, &dt, &why) == -1);
    unsigned refused = 0;
    uint32_t r = 1;
    for (int t = 0; t < 20000; t++) {
        memcpy(copy, blob, n);
        for (int k = 0; k < 4; k++) {
            r = r * 1103515245u + 12345u;
            copy[40 + (r >> 8) % (n - 40)] = (uint8_t)(r >> 3); /* past the header */
        }
        if (tenant_dt_parse(copy, &dt, &why))
            refused++;
    }
    printf("  %u of 20000 damaged blobs refused, none read out of bounds\n", refused);
    CHECK(refused > 0);
    free(copy);
    TEST_END();
}
