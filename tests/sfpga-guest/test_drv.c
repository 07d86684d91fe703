/* The slot driver against the in-process model: probing, loading every
 * accelerator, every bitstream error code, job faults and the library's
 * own argument checks, timeouts, lost interrupts, a refused START; after
 * every error the slot must still run a correct job. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "host_env.h"
#include "sfpga/sfpga_drv.h"
#include "sfpga_guest_tests.h"

#define RAM (64ull << 20)
#define BS 65536u

static int rig_open(struct host_env *h, struct fpga_slot *s, unsigned slot)
{
    struct sgpu_env env;
    if (host_env_init(h, RAM, 4, slot))
        return -1;
    host_env_bind(h, &env);
    return fpga_slot_open(s, &env, 0);
}

/* A CRC32C job whose answer is known: proves the slot still works. */
static bool slot_works(struct fpga_slot *s)
{
    if (fpga_load_accel(s, SFPGA_ACCEL_CRC32C, 0, BS))
        return false;
    struct fpga_buf b;
    if (fpga_buf_alloc(s, 9, &b))
        return false;
    memcpy(b.cpu, "123456789", 9);
    uint32_t crc = 0;
    return fpga_crc32c(s, true, &b, 0, 9, &crc) == 0 && crc == 0xE3069283u;
}

static void fix_hdr_crc(uint8_t *img)
{
    uint32_t c = ~fpga_crc32c_update(~0u, img, 0x14);
    for (int i = 0; i < 4; i++)
        img[0x14 + i] = (uint8_t)(c >> (8 * i));
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t fake_read(void *ctx, uint32_t off) { (void)ctx, (void)off; return 0xffffffffu; }
static void fake_write(void *ctx, uint32_t off, uint32_t v) { (void)ctx, (void)off, (void)v; }
static void *fake_alloc(void *ctx, size_t n, uint64_t *ipa)
{
    (void)ctx, (void)n, (void)ipa;
    return NULL;
}
static bool fake_wait(void *ctx, uint64_t d) { (void)ctx, (void)d; return false; }
static uint64_t fake_now(void *ctx) { (void)ctx; return 0; }

static void test_open(void)
{
    TEST_BEGIN("sfpga-guest-open");
    struct host_env h;
    struct fpga_slot s;
    CHECK(rig_open(&h, &s, 1) == 0);
    CHECK(s.accel_id == 0 && s.has_load_page);
    CHECK(fpga_slot_open(NULL, NULL, 0) == FPGA_E_ARG);
    /* nothing there: every register reads all ones */
    static const struct sgpu_env_ops fake = { .read32 = fake_read, .write32 = fake_write,
        .alloc = fake_alloc, .wait_irq = fake_wait, .now_ns = fake_now };
    struct sgpu_env fe = { &fake, NULL };
    struct fpga_slot f;
    CHECK(fpga_slot_open(&f, &fe, 0) == FPGA_E_NODEV);
    host_env_fini(&h);
    TEST_END();
}

static void test_load_each(void)
{
    TEST_BEGIN("sfpga-guest-load-every-accelerator");
    struct host_env h;
    struct fpga_slot s;
    CHECK(rig_open(&h, &s, 2) == 0);
    for (unsigned id = 1; id < SFPGA_ACCEL_COUNT; id++) {
        uint64_t irqs = h.irqs_priv, t0 = s.load_ns;
        CHECK(fpga_load_accel(&s, id, 7 + id, BS) == 0);
        CHECK_EQ_U64(s.accel_id, id);
        CHECK_EQ_U64(s.accel_version, 7 + id);
        /* the spec's reconfiguration time, waited for on the interrupt */
        CHECK_EQ_U64(s.load_ns - t0, 20000 + (uint64_t)BS * 5 / 2);
        CHECK(h.irqs_priv > irqs);
    }
    CHECK_EQ_U64(s.loads, SFPGA_ACCEL_COUNT - 1);
    /* already loaded: no reconfiguration */
    CHECK(fpga_load_accel(&s, SFPGA_ACCEL_MATMUL8, 0, BS) == 0);
    CHECK_EQ_U64(s.loads, SFPGA_ACCEL_COUNT - 1);
    CHECK(fpga_unload(&s) == 0 && s.accel_id == 0);
    uint64_t t0 = h.now;
    CHECK(slot_works(&s));
    CHECK(h.irqs_func > 0 && h.now - t0 < 1000000); /* the job ended on its interrupt */
    host_env_fini(&h);
    TEST_END();
}

/* Loads a mutated image; checks the device's status, the software check's
 * agreement, what the slot holds afterwards, and that it still works. */
static void bad_load(struct fpga_slot *s, struct fpga_buf *img, uint32_t len, unsigned want,
                     unsigned holds_after, int *fails)
{
    int before = *fails;
    unsigned sw = fpga_bitstream_check(img->cpu, len, NULL);
    int err = fpga_load(s, img, 0, len);
    if (err != FPGA_E_LOAD || s->last_status != want || s->accel_id != holds_after || sw != want) {
        printf("  bad load want %s: err %d status %s holds %u sw %s\n", fpga_status_name(want),
               err, fpga_status_name(s->last_status), s->accel_id, fpga_status_name(sw));
        (*fails)++;
    }
    if (!slot_works(s)) {
        printf("  slot unusable after %s\n", fpga_status_name(want));
        (*fails)++;
    }
    if (*fails == before && fpga_load_accel(s, SFPGA_ACCEL_CRC32C, 0, BS))
        (*fails)++;
}

static void test_bad_bitstreams(void)
{
    TEST_BEGIN("sfpga-guest-bad-bitstreams");
    struct host_env h;
    struct fpga_slot s;
    CHECK(rig_open(&h, &s, 3) == 0);
    struct fpga_buf img;
    CHECK(fpga_buf_alloc(&s, BS + 4096, &img) == 0);
    CHECK(fpga_load_accel(&s, SFPGA_ACCEL_CRC32C, 0, BS) == 0);
    int fails = 0;
    const unsigned crc = SFPGA_ACCEL_CRC32C;

    fpga_bitstream_build(img.cpu, BS, SFPGA_ACCEL_SHA256, 1, 5);
    CHECK(fpga_bitstream_check(img.cpu, BS, NULL) == SFPGA_ST_OK);
    img.cpu[0] ^= 1; /* magic */
    bad_load(&s, &img, BS, SFPGA_ST_BAD_MAGIC, crc, &fails);

    fpga_bitstream_build(img.cpu, BS, SFPGA_ACCEL_SHA256, 1, 5);
    img.cpu[8] ^= 0x40; /* version changed, header CRC not */
    bad_load(&s, &img, BS, SFPGA_ST_HDR_CRC, crc, &fails);

    fpga_bitstream_build(img.cpu, BS, SFPGA_ACCEL_SHA256, 1, 5);
    img.cpu[4] = 2; /* format 2, CRC fixed */
    fix_hdr_crc(img.cpu);
    bad_load(&s, &img, BS, SFPGA_ST_BAD_FORMAT, crc, &fails);

    fpga_bitstream_build(img.cpu, BS, SFPGA_ACCEL_SHA256, 1, 5);
    put32(img.cpu + 0x18, 1); /* flags must be 0 (not covered by the header CRC) */
    bad_load(&s, &img, BS, SFPGA_ST_BAD_FORMAT, crc, &fails);

    fpga_bitstream_build(img.cpu, BS, SFPGA_ACCEL_SHA256, 1, 5);
    bad_load(&s, &img, BS - 4, SFPGA_ST_BAD_SIZE, crc, &fails); /* BS_LEN != header size */

    fpga_bitstream_build(img.cpu, BS, SFPGA_ACCEL_SHA256, 1, 5);
    put32(img.cpu + 0x0C, SFPGA_BS_MAX_SIZE + 4096); /* oversize header */
    fix_hdr_crc(img.cpu);
    bad_load(&s, &img, BS, SFPGA_ST_BAD_SIZE, crc, &fails);

    bad_load(&s, &img, 16, SFPGA_ST_BAD_SIZE, crc, &fails); /* shorter than a header */

    fpga_bitstream_build(img.cpu, BS, 6, 1, 5); /* no such accelerator */
    bad_load(&s, &img, BS, SFPGA_ST_UNKNOWN_ACCEL, crc, &fails);

    fpga_bitstream_build(img.cpu, BS, SFPGA_ACCEL_SHA256, 1, 5);
    img.cpu[BS / 2] ^= 0x10; /* payload: found at the end, the slot is left empty */
    uint64_t t0 = h.now;
    bad_load(&s, &img, BS, SFPGA_ST_PAYLOAD_CRC, 0, &fails);
    CHECK(h.now - t0 >= 20000 + (uint64_t)BS * 5 / 2); /* the whole image was streamed */

    /* library-level: the image must lie inside its buffer */
    CHECK(fpga_load(&s, &img, 0, (uint32_t)img.size + 1) == FPGA_E_RANGE);
    CHECK(fpga_load(&s, &img, img.size, 32) == FPGA_E_RANGE);
    CHECK(fails == 0);
    CHECK(slot_works(&s));
    host_env_fini(&h);
    TEST_END();
}

static bool fault_is(struct fpga_slot *s, int err, int want_err, unsigned want_fault)
{
    if (err == want_err && (want_err != FPGA_E_FAULT || s->last_fault == want_fault))
        return true;
    printf("  want %s/%s, got %s/%s\n", fpga_strerror(want_err), fpga_fault_name(want_fault),
           fpga_strerror(err), fpga_fault_name(s->last_fault));
    return false;
}

static void test_job_faults(void)
{
    TEST_BEGIN("sfpga-guest-job-faults");
    struct host_env h;
    struct fpga_slot s;
    CHECK(rig_open(&h, &s, 0) == 0);
    struct fpga_buf b, c;
    CHECK(fpga_buf_alloc(&s, 65536, &b) == 0 && fpga_buf_alloc(&s, 65536, &c) == 0);

    struct fpga_job j = { .src = b.ipa, .len = 64 };
    CHECK(fault_is(&s, fpga_job_run(&s, &j), FPGA_E_FAULT, SFPGA_FAULT_NO_ACCEL)); /* empty */

    CHECK(fpga_load_accel(&s, SFPGA_ACCEL_SHA256, 0, BS) == 0);
    struct fpga_job bus = { .src = 0x1000, .len = 64, .flags = SFPGA_SHA_INIT };
    CHECK(fault_is(&s, fpga_job_run(&s, &bus), FPGA_E_FAULT, SFPGA_FAULT_BUS));
    CHECK_EQ_U64(s.last_fault_addr, 0x1000);
    /* a length that runs off the end of RAM */
    struct fpga_job over = { .src = HOST_ENV_RAM_BASE + RAM - 4096, .len = 8192,
                             .flags = SFPGA_SHA_INIT };
    CHECK(fault_is(&s, fpga_job_run(&s, &over), FPGA_E_FAULT, SFPGA_FAULT_BUS));
    CHECK_EQ_U64(s.last_fault_addr, HOST_ENV_RAM_BASE + RAM);
    CHECK(slot_works(&s));

    CHECK(fpga_load_accel(&s, SFPGA_ACCEL_FIR, 0, BS) == 0);
    struct fpga_job odd = { .src = b.ipa, .dst = c.ipa, .len = 33, .flags = SFPGA_FIR_LOAD,
                            .param = { 4, (uint32_t)b.ipa } };
    CHECK(fault_is(&s, fpga_job_run(&s, &odd), FPGA_E_FAULT, SFPGA_FAULT_BAD_PARAM));
    struct fpga_job notaps = { .src = b.ipa, .dst = c.ipa, .len = 32 };
    CHECK(fault_is(&s, fpga_job_run(&s, &notaps), FPGA_E_FAULT, SFPGA_FAULT_BAD_PARAM));
    /* library checks: misaligned int16 buffers, ranges past the end */
    struct fpga_buf skew = { b.cpu + 1, b.ipa + 1, b.size - 1 };
    uint64_t jobs = s.jobs;
    CHECK(fpga_fir(&s, &b, 0, 8, true, &skew, 0, &c, 0, 16) == FPGA_E_ALIGN);
    CHECK(fpga_fir(&s, &b, 0, 8, true, &b, 0, &c, 1, 16) == FPGA_E_ALIGN);
    CHECK(fpga_fir(&s, &b, 0, 8, true, &b, 0, &c, 0, 32769) == FPGA_E_RANGE);
    CHECK(fpga_fir(&s, &b, 0, 65, true, &b, 0, &c, 0, 16) == FPGA_E_ARG);
    CHECK(fpga_sha256_begin(&(struct fpga_sha256){ 0 }, &s) == FPGA_E_ACCEL);
    CHECK_EQ_U64(s.jobs, jobs); /* none of them reached the device */
    CHECK(slot_works(&s));

    CHECK(fpga_load_accel(&s, SFPGA_ACCEL_MATMUL8, 0, BS) == 0);
    struct fpga_job dim0 = { .src = b.ipa, .dst = c.ipa, .param = { 0, 4, 4, (uint32_t)b.ipa } };
    CHECK(fault_is(&s, fpga_job_run(&s, &dim0), FPGA_E_FAULT, SFPGA_FAULT_BAD_PARAM));
    CHECK(fpga_matmul8(&s, &b, &b, &c, 513, 4, 4) == FPGA_E_RANGE);
    CHECK(fpga_matmul8(&s, &b, &b, &c, 256, 256, 256) == FPGA_E_RANGE); /* C needs 256 KiB */
    struct fpga_buf cskew = { c.cpu + 2, c.ipa + 2, c.size - 2 };
    CHECK(fpga_matmul8(&s, &b, &b, &cskew, 4, 4, 4) == FPGA_E_ALIGN);
    CHECK(slot_works(&s));

    CHECK(fpga_load_accel(&s, SFPGA_ACCEL_AES128CTR, 0, BS) == 0);
    CHECK(fault_is(&s, fpga_aes128ctr(&s, NULL, NULL, &b, 0, &c, 0, 64), FPGA_E_FAULT,
                   SFPGA_FAULT_BAD_PARAM)); /* no key yet */
    uint8_t key[16] = { 1 };
    CHECK(fpga_aes128ctr(&s, key, NULL, &b, 0, &c, 0, 64) == FPGA_E_ARG);
    CHECK(fpga_aes128ctr(&s, key, key, &b, 0, &c, 65500, 64) == FPGA_E_RANGE);
    CHECK(slot_works(&s));

    CHECK(fpga_load_accel(&s, SFPGA_ACCEL_SHA256, 0, BS) == 0);
    struct fpga_sha256 sc;
    CHECK(fpga_sha256_begin(&sc, &s) == 0);
    CHECK(fpga_sha256_update(&sc, &b, 100, b.size) == FPGA_E_RANGE);
    CHECK(fpga_sha256_update(&sc, &b, (size_t)-1, 2) == FPGA_E_RANGE);
    CHECK(h.log_lines > 0 && strstr(h.last_log, "sha256") != NULL); /* the error was named */
    CHECK(slot_works(&s));
    host_env_fini(&h);
    TEST_END();
}

static void test_timeouts(void)
{
    TEST_BEGIN("sfpga-guest-timeouts-and-lost-irqs");
    struct host_env h;
    struct fpga_slot s;
    CHECK(rig_open(&h, &s, 1) == 0);
    struct fpga_buf b;
    CHECK(fpga_buf_alloc(&s, 1 << 20, &b) == 0);
    CHECK(fpga_load_accel(&s, SFPGA_ACCEL_SHA256, 0, BS) == 0);
    s.timeout_ns = 100000; /* 1 MiB takes 2 ms on the model */
    struct fpga_sha256 sc;
    CHECK(fpga_sha256_begin(&sc, &s) == 0);
    CHECK(fpga_sha256_update(&sc, &b, 0, b.size) == FPGA_E_TIMEOUT);
    uint64_t v = 0;
    sfpga_reg_read(h.dev, SFPGA_PAGE_FUNC(1), SFPGA_F_STATUS, 4, &v);
    CHECK_EQ_U64(v, SFPGA_JOB_FAULT); /* aborted by the driver */
    sfpga_reg_read(h.dev, SFPGA_PAGE_FUNC(1), SFPGA_F_FAULT_CODE, 4, &v);
    CHECK_EQ_U64(v, SFPGA_FAULT_ABORTED);
    s.timeout_ns = 1000000000;
    /* aborted, not still running: a new message works and is right */
    uint8_t d1[32], d2[32];
    CHECK(fpga_sha256_begin(&sc, &s) == 0);
    CHECK(fpga_sha256_update(&sc, &b, 0, b.size) == 0);
    CHECK(fpga_sha256_final(&sc, d1) == 0);
    /* interrupts lost: the driver still sees completion at its deadline */
    h.drop_irqs = true;
    s.timeout_ns = 50000000;
    CHECK(fpga_sha256_begin(&sc, &s) == 0);
    CHECK(fpga_sha256_update(&sc, &b, 0, b.size) == 0);
    CHECK(fpga_sha256_final(&sc, d2) == 0);
    CHECK(memcmp(d1, d2, 32) == 0);
    h.drop_irqs = false;
    CHECK(slot_works(&s));
    /* a load that outlives its timeout; a second load while it still
     * configures is refused with BAD_STATE; once it ends the slot works */
    s.timeout_ns = 1000;
    CHECK(fpga_load_accel(&s, SFPGA_ACCEL_FIR, 0, BS) == FPGA_E_TIMEOUT);
    s.timeout_ns = 1000000000;
    CHECK(fpga_load_accel(&s, SFPGA_ACCEL_AES128CTR, 0, BS) == FPGA_E_LOAD);
    CHECK_EQ_U64(s.last_status, SFPGA_ST_BAD_STATE);
    struct sgpu_env env;
    host_env_bind(&h, &env);
    env.ops->sleep_until(env.ctx, h.now + 1000000);
    fpga_slot_refresh(&s);
    CHECK_EQ_U64(s.accel_id, SFPGA_ACCEL_FIR);
    CHECK(slot_works(&s));
    host_env_fini(&h);
    TEST_END();
}

static void test_busy(void)
{
    TEST_BEGIN("sfpga-guest-start-while-busy");
    struct host_env h;
    struct fpga_slot s;
    CHECK(rig_open(&h, &s, 1) == 0);
    struct fpga_buf b;
    CHECK(fpga_buf_alloc(&s, 1 << 20, &b) == 0);
    CHECK(fpga_load_accel(&s, SFPGA_ACCEL_CRC32C, 0, BS) == 0);
    struct fpga_job j1 = { .src = b.ipa, .len = 1 << 20, .flags = SFPGA_CRC_INIT };
    struct fpga_job j2 = { .src = b.ipa, .len = 16, .flags = SFPGA_CRC_INIT };
    CHECK(fpga_job_start(&s, &j1) == 0);
    CHECK(fpga_job_start(&s, &j2) == FPGA_E_BUSY);
    CHECK_EQ_U64(s.last_fault, SFPGA_FAULT_BUSY);
    CHECK(fpga_job_wait(&s) == 0); /* the first job goes on and ends */
    CHECK_EQ_U64(fpga_job_result(&s, 0), ~fpga_crc32c_update(~0u, b.cpu, 1 << 20));
    CHECK(slot_works(&s));
    host_env_fini(&h);
    TEST_END();
}

void sfpga_guest_test_drv(void)
{
    test_open();
    test_load_each();
    test_bad_bitstreams();
    test_job_faults();
    test_timeouts();
    test_busy();
}
