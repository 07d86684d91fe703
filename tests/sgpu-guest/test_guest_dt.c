/* The SGPU guests' device-tree reader on a DT compiled by dtc, and on
 * broken blobs. Usage: test-guest-dt <file.dtb> */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "guest_dt.h"

static void *read_file(const char *path, long *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *len = ftell(f);
    fseek(f, 0, SEEK_SET);
    void *p = malloc((size_t)*len);
    if (p && fread(p, 1, (size_t)*len, f) != (size_t)*len) {
        free(p);
        p = NULL;
    }
    fclose(f);
    return p;
}

int main(int argc, char **argv)
{
    long len = 0;
    uint8_t *dtb = argc > 1 ? read_file(argv[1], &len) : NULL;
    struct guest_dt_info i;
    uint64_t v;

    TEST_BEGIN("sgpu-guest-dt");
    CHECK(dtb != NULL);
    if (dtb) {
        guest_dt_read(dtb, &i);
        CHECK(i.valid);
        /* The node under /soc (1-cell addresses) wins over the decoy whose
         * compatible only starts like ours. */
        CHECK(i.have_sgpu);
        CHECK_EQ_U64(i.sgpu_base, 0xc000000);
        CHECK_EQ_U64(i.sgpu_intid, 52);
        CHECK(i.have_mem);
        CHECK_EQ_U64(i.mem_base, 0x40000000);
        CHECK_EQ_U64(i.mem_size, 0x4000000);
        CHECK(i.bootargs && !strcmp(i.bootargs, "frames=42 period_us=0x3e8 bad=12x deadline_us="));
        CHECK(guest_dt_arg(i.bootargs, "frames", &v) && v == 42);
        CHECK(guest_dt_arg(i.bootargs, "period_us", &v) && v == 1000);
        CHECK(!guest_dt_arg(i.bootargs, "bad", &v));
        CHECK(!guest_dt_arg(i.bootargs, "deadline_us", &v));
        CHECK(!guest_dt_arg(i.bootargs, "frame", &v));
        CHECK(!guest_dt_arg(i.bootargs, "missing", &v));

        /* Truncated and corrupted blobs: nothing read past the end, no
         * device invented. */
        uint8_t *copy = malloc((size_t)len);
        memcpy(copy, dtb, (size_t)len);
        copy[0] = 0;
        guest_dt_read(copy, &i);
        CHECK(!i.valid && !i.have_sgpu);
        memcpy(copy, dtb, (size_t)len);
        copy[39] += 0x40;                       /* size_dt_struct beyond totalsize */
        copy[38] += 0x40;
        guest_dt_read(copy, &i);
        CHECK(!i.have_sgpu);
        /* Cut short, in an allocation of exactly that size, so that a read
         * past totalsize is caught by ASan. */
        for (long cut = 40; cut < len; cut += 3) {
            uint8_t *shortb = malloc((size_t)cut);
            memcpy(shortb, dtb, (size_t)cut);
            shortb[4] = (uint8_t)(cut >> 24);     /* totalsize = cut */
            shortb[5] = (uint8_t)(cut >> 16);
            shortb[6] = (uint8_t)(cut >> 8);
            shortb[7] = (uint8_t)cut;
            guest_dt_read(shortb, &i);
            free(shortb);
        }
        free(copy);
    }
    guest_dt_read(NULL, &i);
    CHECK(!i.valid);
    TEST_END();
    free(dtb);
    return CHECK_EXIT_CODE();
}
