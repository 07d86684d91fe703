/* SFPGA accelerators against independent references (OpenSSL SHA-256 and
 * AES-128-CTR, a byte-table CRC32C, plain C FIR and int8 matmul), bit-exact,
 * both run straight through and with preemptions at random points: each
 * preemption saves the context, reconfigures the slot with another
 * accelerator and back, restores and resumes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rig.h"

#define A_SRC  (RIG_DOM_IPA + 0x000000)
#define A_DST  (RIG_DOM_IPA + 0x300000)
#define A_AUX  (RIG_DOM_IPA + 0x600000)
#define A_BS   (RIG_DOM_IPA + 0x800000)
#define A_BS2  (RIG_DOM_IPA + 0x900000)
#define SLOT 1
#define DOM 0

struct runner {
    struct rig r;
    unsigned accel;
    uint32_t seed;
    int preempt;        /* preempt at random times while jobs run */
    int may_not_preempt; /* jobs too short to be sure a preemption lands */
    unsigned preempts;  /* how many took effect */
    int errors;
};

static void runner_init(struct runner *u, unsigned accel, int preempt, uint32_t seed)
{
    memset(u, 0, sizeof *u);
    rig_init(&u->r, 2);
    u->accel = accel;
    u->preempt = preempt;
    u->seed = seed;
    rig_assign(&u->r, SLOT, DOM);
    if (rig_load(&u->r, SLOT, DOM, A_BS, accel, 2048) != SFPGA_ST_OK)
        u->errors++;
    rig_pw(&u->r, SLOT, SFPGA_P_CTX_ADDR_LO, (uint32_t)RIG_CTX_PA);
    rig_pw(&u->r, SLOT, SFPGA_P_CTX_SIZE, 4096);
}

static uint32_t runner_cmd(struct runner *u, uint32_t cmd)
{
    rig_pw(&u->r, SLOT, SFPGA_P_CMD, cmd);
    rig_ring(&u->r);
    return rig_pr(&u->r, SLOT, SFPGA_P_CMD_STATUS);
}

/* Preempt, save, swap the slot to another accelerator and back, restore,
 * resume: what the hypervisor does when it time-shares a slot. */
static void runner_switch(struct runner *u)
{
    struct rig *r = &u->r;
    if (runner_cmd(u, SFPGA_CMD_PREEMPT) == SFPGA_ST_PENDING) {
        while (rig_pr(r, SLOT, SFPGA_P_STATE) == SFPGA_SLOT_BUSY) {
            uint64_t next = sfpga_advance(r->f, r->now);
            if (next == HW_MODEL_IDLE)
                break;
            r->now = next;
        }
    }
    if (rig_pr(r, SLOT, SFPGA_P_STATE) != SFPGA_SLOT_PREEMPTED)
        return; /* the job ended on its own first */
    u->preempts++;
    uint32_t saved_len = rig_fr(r, SLOT, SFPGA_F_LEN);
    if (runner_cmd(u, SFPGA_CMD_SAVE) != SFPGA_ST_OK) {
        printf("  save: status %u\n", rig_pr(r, SLOT, SFPGA_P_CMD_STATUS));
        u->errors++;
    }
    unsigned other = u->accel == SFPGA_ACCEL_CRC32C ? SFPGA_ACCEL_FIR : SFPGA_ACCEL_CRC32C;
    uint32_t st = rig_load(r, SLOT, DOM, A_BS2, other, 1024);
    if (st != SFPGA_ST_OK) {
        printf("  load of the other accelerator: status %u\n", st);
        u->errors++;
    }
    rig_fw(r, SLOT, SFPGA_F_LEN, 12345); /* another tenant's register values */
    st = rig_load(r, SLOT, DOM, A_BS, u->accel, 2048);
    if (st != SFPGA_ST_OK) {
        printf("  reload: status %u\n", st);
        u->errors++;
    }
    st = runner_cmd(u, SFPGA_CMD_RESTORE);
    if (st != SFPGA_ST_OK) {
        printf("  restore: status %u\n", st);
        u->errors++;
    }
    if (rig_pr(r, SLOT, SFPGA_P_STATE) != SFPGA_SLOT_PREEMPTED ||
        rig_fr(r, SLOT, SFPGA_F_LEN) != saved_len ||
        rig_fr(r, SLOT, SFPGA_F_STATUS) != SFPGA_JOB_BUSY)
        u->errors++;
    if (runner_cmd(u, SFPGA_CMD_RESUME) != SFPGA_ST_OK)
        u->errors++;
}

/* Starts the programmed job and runs it to its end. */
static void runner_job(struct runner *u)
{
    struct rig *r = &u->r;
    rig_start(r, SLOT);
    for (;;) {
        uint64_t next = sfpga_advance(r->f, r->now);
        if (next == HW_MODEL_IDLE)
            break;
        if (u->preempt && rig_rand(&u->seed) % 3 == 0) {
            r->now += (next - r->now) * (rig_rand(&u->seed) % 100) / 100;
            sfpga_advance(r->f, r->now);
            if (rig_pr(r, SLOT, SFPGA_P_STATE) == SFPGA_SLOT_BUSY)
                runner_switch(u);
            continue;
        }
        r->now = next;
    }
    if (rig_fr(r, SLOT, SFPGA_F_STATUS) != SFPGA_JOB_DONE) {
        printf("  job ended with status %u fault %u\n", rig_fr(r, SLOT, SFPGA_F_STATUS),
               rig_fr(r, SLOT, SFPGA_F_FAULT_CODE));
        u->errors++;
    }
}

static void runner_stream(struct runner *u, uint64_t src, uint64_t dst, uint32_t len,
                          uint32_t flags)
{
    rig_set64(&u->r, SLOT, SFPGA_F_SRC_LO, src);
    rig_set64(&u->r, SLOT, SFPGA_F_DST_LO, dst);
    rig_fw(&u->r, SLOT, SFPGA_F_LEN, len);
    rig_fw(&u->r, SLOT, SFPGA_F_FLAGS, flags);
    runner_job(u);
}

static void runner_report(struct runner *u, const char *what)
{
    if (u->preempt)
        printf("  %s: %u preemptions with save/reconfigure/restore\n", what, u->preempts);
    CHECK_EQ_U64(u->errors, 0);
    if (u->preempt && !u->may_not_preempt)
        CHECK(u->preempts > 0);
    rig_free(&u->r);
}

/* ---- SHA-256 ---- */
static int sha_case(int preempt, uint32_t seed)
{
    static const uint32_t lens[] = { 0, 1, 55, 56, 63, 64, 65, 1000, 4096, 4097, 100003 };
    struct runner u;
    uint8_t want[32];
    int ok = 1;
    runner_init(&u, SFPGA_ACCEL_SHA256, preempt, seed);
    uint8_t *src = rig_ipa(&u.r, DOM, A_SRC);
    rig_fill(src, 300000, seed);
    for (unsigned i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        runner_stream(&u, A_SRC, A_DST, lens[i], SFPGA_SHA_INIT | SFPGA_SHA_FINAL | SFPGA_SHA_TO_DST);
        ref_sha256(src, lens[i], want);
        uint8_t got[32];
        for (int w = 0; w < 8; w++) {
            uint32_t v = rig_fr(&u.r, SLOT, SFPGA_F_RESULT(w));
            memcpy(got + 4 * w, &v, 4);
        }
        if (memcmp(got, want, 32) || memcmp(rig_ipa(&u.r, DOM, A_DST), want, 32)) {
            printf("  sha256 of %u bytes differs\n", lens[i]);
            ok = 0;
        }
    }
    /* One 300000-byte message in jobs of random length. */
    uint32_t off = 0, total = 300000, s = seed;
    int first = 1;
    while (off < total) {
        uint32_t n = rig_rand(&s) % 50000;
        if (n > total - off)
            n = total - off;
        uint32_t fl = (first ? SFPGA_SHA_INIT : 0) | (off + n == total ? SFPGA_SHA_FINAL : 0);
        runner_stream(&u, A_SRC + off, A_DST, n, fl | SFPGA_SHA_TO_DST);
        off += n;
        first = 0;
    }
    ref_sha256(src, total, want);
    if (memcmp(rig_ipa(&u.r, DOM, A_DST), want, 32)) {
        printf("  sha256 streamed in jobs differs\n");
        ok = 0;
    }
    runner_report(&u, "sha256");
    return ok;
}

/* ---- CRC32C ---- */
static int crc_case(int preempt, uint32_t seed)
{
    struct runner u;
    int ok = 1;
    runner_init(&u, SFPGA_ACCEL_CRC32C, preempt, seed);
    uint8_t *src = rig_ipa(&u.r, DOM, A_SRC);
    rig_fill(src, 200000, seed);
    uint32_t off = 0, s = seed;
    for (int j = 0; off < 200000; j++) {
        uint32_t n = rig_rand(&s) % 40000;
        if (n > 200000 - off)
            n = 200000 - off;
        runner_stream(&u, A_SRC + off, 0, n, j == 0 ? SFPGA_CRC_INIT : 0);
        off += n;
        if (rig_fr(&u.r, SLOT, SFPGA_F_RESULT(0)) != ref_crc32c(src, off)) {
            printf("  crc32c after %u bytes differs\n", off);
            ok = 0;
        }
    }
    runner_report(&u, "crc32c");
    return ok;
}

/* ---- AES-128-CTR ---- */
static int aes_case(int preempt, uint32_t seed)
{
    struct runner u;
    uint8_t key[16], iv[16];
    int ok = 1;
    const uint32_t total = 150001;
    runner_init(&u, SFPGA_ACCEL_AES128CTR, preempt, seed);
    uint8_t *src = rig_ipa(&u.r, DOM, A_SRC);
    rig_fill(src, total, seed);
    rig_fill(key, 16, seed + 1);
    rig_fill(iv, 16, seed + 2);
    memset(iv + 8, 0xff, 7); /* the 128-bit counter carries across 64 bits */
    for (int i = 0; i < 4; i++) {
        uint32_t kw, iw;
        memcpy(&kw, key + 4 * i, 4);
        memcpy(&iw, iv + 4 * i, 4);
        rig_fw(&u.r, SLOT, SFPGA_F_PARAM(i), kw);
        rig_fw(&u.r, SLOT, SFPGA_F_PARAM(4 + i), iw);
    }
    uint32_t off = 0, s = seed;
    for (int j = 0; off < total; j++) {
        uint32_t n = rig_rand(&s) % 30000 + 1;
        if (n > total - off)
            n = total - off;
        runner_stream(&u, A_SRC + off, A_DST + off, n, j == 0 ? SFPGA_AES_LOAD : 0);
        off += n;
    }
    uint8_t *want = malloc(total);
    ref_aes128ctr(key, iv, src, want, total);
    if (memcmp(rig_ipa(&u.r, DOM, A_DST), want, total)) {
        printf("  aes-128-ctr output differs\n");
        ok = 0;
    }
    free(want);
    runner_report(&u, "aes128ctr");
    return ok;
}

/* ---- FIR ---- */
static int fir_case(int preempt, uint32_t seed, unsigned ntaps)
{
    struct runner u;
    int ok = 1;
    const uint32_t nsamp = 60000;
    runner_init(&u, SFPGA_ACCEL_FIR, preempt, seed);
    int16_t *x = (int16_t *)(void *)rig_ipa(&u.r, DOM, A_SRC);
    int16_t *taps = (int16_t *)(void *)rig_ipa(&u.r, DOM, A_AUX);
    uint32_t s = seed;
    for (uint32_t i = 0; i < nsamp; i++)
        x[i] = (int16_t)(i % 997 == 0 ? (i & 1 ? 32767 : -32768) : (int)(rig_rand(&s) & 0xffff));
    for (unsigned t = 0; t < ntaps; t++)
        taps[t] = (int16_t)(t == 0 ? 32767 : (int)(rig_rand(&s) & 0xffff) / 8);
    rig_fw(&u.r, SLOT, SFPGA_F_PARAM(0), ntaps);
    rig_fw(&u.r, SLOT, SFPGA_F_PARAM(1), (uint32_t)A_AUX);
    rig_fw(&u.r, SLOT, SFPGA_F_PARAM(2), 0);
    uint32_t off = 0;
    for (int j = 0; off < nsamp * 2; j++) {
        uint32_t n = (rig_rand(&s) % 20000) * 2;
        if (n > nsamp * 2 - off)
            n = nsamp * 2 - off;
        runner_stream(&u, A_SRC + off, A_DST + off, n,
                      j == 0 ? SFPGA_FIR_LOAD | SFPGA_FIR_CLEAR : 0);
        off += n;
    }
    int16_t *want = malloc(nsamp * sizeof *want);
    ref_fir(taps, ntaps, x, want, nsamp);
    if (memcmp(rig_ipa(&u.r, DOM, A_DST), want, nsamp * 2)) {
        printf("  fir (%u taps) output differs\n", ntaps);
        ok = 0;
    }
    free(want);
    runner_report(&u, "fir");
    return ok;
}

/* ---- int8 matmul ---- */
static int mm_case(int preempt, uint32_t seed, unsigned m, unsigned n, unsigned k)
{
    struct runner u;
    int ok = 1;
    runner_init(&u, SFPGA_ACCEL_MATMUL8, preempt, seed);
    u.may_not_preempt = m < 8;
    int8_t *a = (int8_t *)rig_ipa(&u.r, DOM, A_SRC);
    int8_t *b = (int8_t *)rig_ipa(&u.r, DOM, A_AUX);
    rig_fill((uint8_t *)a, (size_t)m * k, seed);
    rig_fill((uint8_t *)b, (size_t)k * n, seed + 9);
    a[0] = -128;
    b[0] = -128;
    rig_fw(&u.r, SLOT, SFPGA_F_PARAM(0), m);
    rig_fw(&u.r, SLOT, SFPGA_F_PARAM(1), n);
    rig_fw(&u.r, SLOT, SFPGA_F_PARAM(2), k);
    rig_fw(&u.r, SLOT, SFPGA_F_PARAM(3), (uint32_t)A_AUX);
    rig_fw(&u.r, SLOT, SFPGA_F_PARAM(4), 0);
    runner_stream(&u, A_SRC, A_DST, 0, 0);
    int32_t *want = malloc((size_t)m * n * sizeof *want);
    ref_matmul8(a, b, want, m, n, k);
    if (memcmp(rig_ipa(&u.r, DOM, A_DST), want, (size_t)m * n * 4)) {
        printf("  matmul8 %ux%ux%u differs\n", m, n, k);
        ok = 0;
    }
    free(want);
    runner_report(&u, "matmul8");
    return ok;
}

static void test_determinism(void)
{
    uint64_t end[2], busy[2];
    TEST_BEGIN("sfpga-timing-deterministic");
    for (int i = 0; i < 2; i++) {
        struct runner u;
        runner_init(&u, SFPGA_ACCEL_CRC32C, 0, 1);
        uint64_t t0 = u.r.now;
        runner_stream(&u, A_SRC, 0, 10 * 4096 + 100, SFPGA_CRC_INIT);
        end[i] = u.r.now - t0;
        busy[i] = rig_pr(&u.r, SLOT, SFPGA_P_BUSY_NS_LO);
        rig_free(&u.r);
    }
    /* 500 ns set-up, then 10 chunks of 4096 bytes and one of 100 at 0.25 ns/byte. */
    uint64_t want = 500 + 10 * 1024 + 25;
    printf("  crc32c job of 41060 bytes: %llu ns (model says %llu)\n",
           (unsigned long long)end[0], (unsigned long long)want);
    CHECK_EQ_U64(end[0], want);
    CHECK_EQ_U64(end[1], end[0]);
    CHECK_EQ_U64(busy[0], want);
    CHECK_EQ_U64(busy[1], busy[0]);
    TEST_END();
}

int test_sfpga_accel_all(void)
{
    for (int p = 0; p < 2; p++) {
        const char *sfx = p ? "-preempted" : "";
        char name[64];
        snprintf(name, sizeof name, "sfpga-sha256-vs-openssl%s", sfx);
        TEST_BEGIN(name);
        CHECK(sha_case(p, 11 + p));
        TEST_END();
        snprintf(name, sizeof name, "sfpga-crc32c-vs-reference%s", sfx);
        TEST_BEGIN(name);
        CHECK(crc_case(p, 21 + p));
        TEST_END();
        snprintf(name, sizeof name, "sfpga-aes128ctr-vs-openssl%s", sfx);
        TEST_BEGIN(name);
        CHECK(aes_case(p, 31 + p));
        TEST_END();
        snprintf(name, sizeof name, "sfpga-fir-vs-reference%s", sfx);
        TEST_BEGIN(name);
        CHECK(fir_case(p, 41 + p, 1));
        CHECK(fir_case(p, 42 + p, 13));
        CHECK(fir_case(p, 43 + p, 64));
        TEST_END();
        snprintf(name, sizeof name, "sfpga-matmul8-vs-reference%s", sfx);
        TEST_BEGIN(name);
        CHECK(mm_case(p, 51 + p, 1, 1, 1));
        CHECK(mm_case(p, 52 + p, 7, 13, 5));
        CHECK(mm_case(p, 53 + p, 64, 64, 64));
        CHECK(mm_case(p, 54 + p, 100, 33, 257));
        TEST_END();
    }
    /* SHA-256 preempted at many random points: each seed a different schedule. */
    TEST_BEGIN("sfpga-sha256-random-preempt-schedules");
    for (uint32_t seed = 100; seed < 106; seed++)
        CHECK(sha_case(1, seed));
    TEST_END();
    test_determinism();
    return check_total_failed;
}
