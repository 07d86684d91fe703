/* Four slot drivers side by side on one device (bare hardware, each slot
 * its own window and interrupt): jobs started on all four run at once, so
 * four slots finish four streams in the time of one (spatial scaling,
 * goal >= 95% of linear), every result right, each driver woken only by
 * its own slot's interrupt (the env keeps one pending flag per slot). */
#include <stdio.h>
#include <string.h>

#include "apps-fpga/ref.h"
#include "apps-fpga/tenant.h"
#include "check.h"
#include "host_env.h"
#include "sfpga/sfpga_drv.h"
#include "sfpga_guest_tests.h"

#define NS 4
#define LEN (1u << 20)
#define PIECE (64u << 10)

/* Streams LEN bytes of CRC32C through every given slot, one PIECE-sized
 * job per slot at a time, all slots busy together; returns the virtual
 * time taken, or 0 on an error. */
static uint64_t crc_all(struct host_env *h, struct fpga_slot *s, struct fpga_buf *b, unsigned n,
                        uint32_t *crc)
{
    uint64_t t0 = h->now;
    for (uint32_t off = 0; off < LEN; off += PIECE) {
        for (unsigned k = 0; k < n; k++) {
            struct fpga_job j = { .src = b[k].ipa + off, .len = PIECE,
                                  .flags = off ? 0 : SFPGA_CRC_INIT };
            if (fpga_job_start(&s[k], &j))
                return 0;
        }
        for (unsigned k = 0; k < n; k++)
            if (fpga_job_wait(&s[k]))
                return 0;
    }
    for (unsigned k = 0; k < n; k++)
        crc[k] = fpga_job_result(&s[k], 0);
    return h->now - t0;
}

static void test_four_slots(void)
{
    TEST_BEGIN("sfpga-guest-four-slots-side-by-side");
    static struct host_env h, v[NS];
    struct fpga_slot s[NS];
    struct fpga_buf b[NS];
    CHECK(host_env_init(&h, 64ull << 20, NS, 0) == 0);
    for (unsigned k = 0; k < NS; k++) {
        struct sgpu_env env;
        host_env_init_view(&v[k], &h, k);
        host_env_bind(&v[k], &env);
        CHECK(fpga_slot_open(&s[k], &env, 0) == 0);
        CHECK(fpga_load_accel(&s[k], SFPGA_ACCEL_CRC32C, 0, 4096) == 0);
        CHECK(fpga_buf_alloc(&s[k], LEN, &b[k]) == 0);
        tenant_fill(b[k].cpu, LEN, 50 + k);
    }
    uint32_t crc[NS];
    uint64_t t1 = crc_all(&h, s, b, 1, crc);
    uint64_t t4 = crc_all(&h, s, b, NS, crc);
    CHECK(t1 > 0 && t4 > 0);
    for (unsigned k = 0; k < NS; k++)
        CHECK_EQ_U64(crc[k], ~ref_crc32c_update(~0u, b[k].cpu, LEN));
    /* aggregate throughput of four vs one, in per mille of linear */
    uint64_t pm = t4 ? 1000 * t1 * NS / (t4 * NS) : 0;
    printf("  1 slot: %llu ns for 1 MiB; 4 slots: %llu ns for 4 MiB: %llu.%llu%% of linear\n",
           (unsigned long long)t1, (unsigned long long)t4, (unsigned long long)pm / 10,
           (unsigned long long)pm % 10);
    CHECK(pm >= 950);
    for (unsigned k = 0; k < NS; k++)
        CHECK_EQ_U64(s[k].jobs, (k == 0 ? 2u : 1u) * (LEN / PIECE)); /* slot 0 ran both */
    host_env_fini(&h);
    TEST_END();
}

void sfpga_guest_test_spatial(void)
{
    test_four_slots();
}
