/* SFPGA model: registers, bitstream loading, interrupts, translation and
 * malformed input. test_sfpga_accel.c checks the accelerators. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "rig.h"

int test_sfpga_accel_all(void); /* returns its failed-test count */

#define BS_IPA (RIG_DOM_IPA + 0x800000)

static void test_registers(void)
{
    struct rig r;
    uint64_t v;
    rig_init(&r, 0);
    TEST_BEGIN("sfpga-reg-reset-values");
    CHECK_EQ_U64(r.n, SFPGA_DEFAULT_SLOTS);
    sfpga_reg_read(r.f, SFPGA_PAGE_GLOBAL, SFPGA_G_ID, 4, &v);
    CHECK_EQ_U64(v, SFPGA_ID_VALUE);
    sfpga_reg_read(r.f, SFPGA_PAGE_GLOBAL, SFPGA_G_NSLOTS, 4, &v);
    CHECK_EQ_U64(v, 4);
    sfpga_reg_read(r.f, SFPGA_PAGE_GLOBAL, SFPGA_G_ACCEL_MASK, 4, &v);
    CHECK_EQ_U64(v, 0x3e);
    for (unsigned k = 0; k < r.n; k++) {
        CHECK_EQ_U64(rig_fr(&r, k, SFPGA_F_ACCEL_ID), 0);
        CHECK_EQ_U64(rig_fr(&r, k, SFPGA_F_STATUS), SFPGA_JOB_IDLE);
        CHECK_EQ_U64(rig_pr(&r, k, SFPGA_P_STATE), SFPGA_SLOT_EMPTY);
        CHECK_EQ_U64(rig_pr(&r, k, SFPGA_P_CTX_NEEDED), 0);
    }
    TEST_END();

    TEST_BEGIN("sfpga-reg-access-rules");
    CHECK(sfpga_reg_write(r.f, SFPGA_PAGE_FUNC(0), SFPGA_F_STATUS, 4, 7) == -1);   /* RO */
    CHECK(sfpga_reg_write(r.f, SFPGA_PAGE_FUNC(0), 0x200, 4, 7) == -1);            /* reserved */
    CHECK(sfpga_reg_write(r.f, SFPGA_PAGE_FUNC(0), SFPGA_F_LEN + 1, 4, 7) == -1);  /* unaligned */
    CHECK(sfpga_reg_write(r.f, SFPGA_PAGE_FUNC(0), SFPGA_F_LEN, 2, 7) == -1);      /* width */
    CHECK(sfpga_reg_write(r.f, SFPGA_NUM_PAGES(4), 0, 4, 7) == -1);                /* page */
    CHECK(sfpga_reg_read(r.f, SFPGA_PAGE_FUNC(0), 0xFFC, 4, &v) == -1 && v == 0);
    CHECK(sfpga_reg_write(r.f, SFPGA_PAGE_FUNC(0), SFPGA_F_SRC_LO, 8, 0x123456789abcull) == 0);
    CHECK(sfpga_reg_read(r.f, SFPGA_PAGE_FUNC(0), SFPGA_F_SRC_LO, 8, &v) == 0);
    CHECK_EQ_U64(v, 0x123456789abcull);
    /* A stray store into an RO word over shared memory is undone at the next doorbell. */
    hw_reg_store32(sfpga_regs(r.f) + SFPGA_PAGE_FUNC(1) * HW_PAGE_SIZE, SFPGA_F_ACCEL_ID, 5);
    rig_ring(&r);
    CHECK_EQ_U64(rig_fr(&r, 1, SFPGA_F_ACCEL_ID), 0);
    /* Trigger words read 0 once taken. */
    rig_pw(&r, 0, SFPGA_P_CMD, SFPGA_CMD_UNLOAD);
    rig_ring(&r);
    CHECK_EQ_U64(rig_pr(&r, 0, SFPGA_P_CMD), 0);
    TEST_END();

    TEST_BEGIN("sfpga-device-reset");
    rig_assign(&r, 2, 0);
    CHECK_EQ_U64(rig_load(&r, 2, 0, BS_IPA, SFPGA_ACCEL_CRC32C, 4096), SFPGA_ST_OK);
    CHECK_EQ_U64(rig_fr(&r, 2, SFPGA_F_ACCEL_ID), SFPGA_ACCEL_CRC32C);
    sfpga_reg_write(r.f, SFPGA_PAGE_GLOBAL, SFPGA_G_RESET, 4, 1); /* wrong key: ignored */
    rig_ring(&r);
    CHECK_EQ_U64(rig_fr(&r, 2, SFPGA_F_ACCEL_ID), SFPGA_ACCEL_CRC32C);
    sfpga_reg_write(r.f, SFPGA_PAGE_GLOBAL, SFPGA_G_RESET, 4, SFPGA_RESET_KEY);
    rig_ring(&r);
    CHECK_EQ_U64(rig_fr(&r, 2, SFPGA_F_ACCEL_ID), 0);
    CHECK_EQ_U64(rig_pr(&r, 2, SFPGA_P_STATE), SFPGA_SLOT_EMPTY);
    CHECK_EQ_U64(rig_pr(&r, 2, SFPGA_P_S2_CTRL), 0);
    TEST_END();
    rig_free(&r);
}

static void test_crc32c(void)
{
    uint8_t buf[10007];
    TEST_BEGIN("sfpga-crc32c-vs-table-reference");
    CHECK_EQ_U64(sfpga_crc32c((const uint8_t *)"123456789", 9), 0xE3069283u);
    rig_fill(buf, sizeof buf, 5);
    for (size_t n = 0; n < sizeof buf; n = n * 3 + 1)
        CHECK_EQ_U64(sfpga_crc32c(buf, n), ref_crc32c(buf, n));
    TEST_END();
}

static void corrupt_and_load(struct rig *r, const char *name, unsigned want_st, unsigned want_state,
                             void (*mutate)(uint8_t *img, uint32_t *len))
{
    uint32_t len = 8192;
    uint8_t *img = rig_ipa(r, 0, BS_IPA);
    TEST_BEGIN(name);
    /* Slot 0 holds SHA-256 first: a header error must leave it, a payload error not. */
    CHECK_EQ_U64(rig_load(r, 0, 0, BS_IPA, SFPGA_ACCEL_SHA256, len), SFPGA_ST_OK);
    unsigned loads = rig_pr(r, 0, SFPGA_P_LOADS);
    sfpga_bitstream_build(img, len, SFPGA_ACCEL_FIR, 1, 99);
    mutate(img, &len);
    unsigned host = sfpga_bitstream_check(img, len, NULL);
    CHECK_EQ_U64(host, want_st);
    rig_pw(r, 0, SFPGA_P_BS_LEN, len);
    rig_pw(r, 0, SFPGA_P_IRQ_CLEAR, 0xff);
    rig_pw(r, 0, SFPGA_P_CMD, SFPGA_CMD_LOAD);
    rig_ring(r);
    rig_settle(r);
    CHECK_EQ_U64(rig_pr(r, 0, SFPGA_P_CMD_STATUS), want_st);
    CHECK(rig_pr(r, 0, SFPGA_P_IRQ_STATUS) & SFPGA_PIRQ_LOAD_ERROR);
    CHECK(!(rig_pr(r, 0, SFPGA_P_IRQ_STATUS) & SFPGA_PIRQ_LOAD_DONE));
    CHECK_EQ_U64(rig_pr(r, 0, SFPGA_P_STATE), want_state);
    CHECK_EQ_U64(rig_fr(r, 0, SFPGA_F_ACCEL_ID),
                 want_state == SFPGA_SLOT_IDLE ? SFPGA_ACCEL_SHA256 : 0);
    CHECK_EQ_U64(rig_pr(r, 0, SFPGA_P_LOADS), loads);
    TEST_END();
}

static void mut_magic(uint8_t *p, uint32_t *l) { (void)l; p[0] ^= 1; }
static void mut_hdr_crc(uint8_t *p, uint32_t *l) { (void)l; p[8] ^= 1; } /* version, CRC stale */
static void mut_payload(uint8_t *p, uint32_t *l) { p[*l - 1] ^= 0x40; }
static void mut_len(uint8_t *p, uint32_t *l) { (void)p; *l -= 4; }
static void mut_tiny(uint8_t *p, uint32_t *l) { (void)p; *l = 16; }
static void hdr_fix(uint8_t *p)
{
    uint32_t c = sfpga_crc32c(p, 0x14);
    memcpy(p + 0x14, &c, 4); /* little-endian host */
}
static void mut_accel(uint8_t *p, uint32_t *l) { (void)l; p[6] = 9; hdr_fix(p); }
static void mut_format(uint8_t *p, uint32_t *l) { (void)l; p[4] = 2; hdr_fix(p); }
static void mut_reserved(uint8_t *p, uint32_t *l) { (void)l; p[0x1C] = 1; hdr_fix(p); }
static void mut_oversize(uint8_t *p, uint32_t *l)
{
    uint32_t big = SFPGA_BS_MAX_SIZE + 4;
    memcpy(p + 0x0C, &big, 4);
    hdr_fix(p);
    *l = big;
}

static void test_bitstreams(void)
{
    struct rig r;
    rig_init(&r, 0);
    rig_assign(&r, 0, 0);
    TEST_BEGIN("sfpga-load-time-proportional-to-size");
    uint32_t sizes[] = { 64, 4096, 65536, 1u << 20 };
    for (unsigned i = 0; i < 4; i++) {
        sfpga_bitstream_build(rig_ipa(&r, 0, BS_IPA), sizes[i], SFPGA_ACCEL_AES128CTR, 3, i);
        rig_pw(&r, 0, SFPGA_P_BS_ADDR_LO, (uint32_t)BS_IPA);
        rig_pw(&r, 0, SFPGA_P_BS_LEN, sizes[i]);
        rig_pw(&r, 0, SFPGA_P_CMD, SFPGA_CMD_LOAD);
        uint64_t t0 = r.now;
        rig_ring(&r);
        CHECK_EQ_U64(rig_pr(&r, 0, SFPGA_P_STATE), SFPGA_SLOT_CONFIGURING);
        CHECK_EQ_U64(rig_pr(&r, 0, SFPGA_P_CMD_STATUS), SFPGA_ST_PENDING);
        CHECK_EQ_U64(rig_fr(&r, 0, SFPGA_F_ACCEL_ID), 0);
        uint64_t want = 20000 + ((uint64_t)sizes[i] * 2500 + 999) / 1000;
        uint64_t next = sfpga_advance(r.f, t0 + want - 1);
        CHECK_EQ_U64(next, t0 + want);
        CHECK_EQ_U64(rig_pr(&r, 0, SFPGA_P_STATE), SFPGA_SLOT_CONFIGURING);
        sfpga_advance(r.f, t0 + want);
        r.now = t0 + want;
        CHECK_EQ_U64(rig_pr(&r, 0, SFPGA_P_STATE), SFPGA_SLOT_IDLE);
        CHECK_EQ_U64(rig_pr(&r, 0, SFPGA_P_CMD_STATUS), SFPGA_ST_OK);
        CHECK_EQ_U64(rig_fr(&r, 0, SFPGA_F_ACCEL_ID), SFPGA_ACCEL_AES128CTR);
        CHECK_EQ_U64(rig_fr(&r, 0, SFPGA_F_ACCEL_VERSION), 3);
        CHECK_EQ_U64(rig_pr(&r, 0, SFPGA_P_CTX_NEEDED), sfpga_ctx_size(SFPGA_ACCEL_AES128CTR));
        printf("  %u-byte image: %llu ns\n", sizes[i], (unsigned long long)want);
    }
    CHECK_EQ_U64(rig_pr(&r, 0, SFPGA_P_LOADS), 4);
    TEST_END();

    corrupt_and_load(&r, "sfpga-bitstream-bad-magic", SFPGA_ST_BAD_MAGIC, SFPGA_SLOT_IDLE, mut_magic);
    corrupt_and_load(&r, "sfpga-bitstream-header-crc", SFPGA_ST_HDR_CRC, SFPGA_SLOT_IDLE, mut_hdr_crc);
    corrupt_and_load(&r, "sfpga-bitstream-payload-crc", SFPGA_ST_PAYLOAD_CRC, SFPGA_SLOT_EMPTY,
                     mut_payload);
    corrupt_and_load(&r, "sfpga-bitstream-len-mismatch", SFPGA_ST_BAD_SIZE, SFPGA_SLOT_IDLE, mut_len);
    corrupt_and_load(&r, "sfpga-bitstream-truncated", SFPGA_ST_BAD_SIZE, SFPGA_SLOT_IDLE, mut_tiny);
    corrupt_and_load(&r, "sfpga-bitstream-unknown-accel", SFPGA_ST_UNKNOWN_ACCEL, SFPGA_SLOT_IDLE,
                     mut_accel);
    corrupt_and_load(&r, "sfpga-bitstream-bad-format", SFPGA_ST_BAD_FORMAT, SFPGA_SLOT_IDLE,
                     mut_format);
    corrupt_and_load(&r, "sfpga-bitstream-reserved-nonzero", SFPGA_ST_BAD_FORMAT, SFPGA_SLOT_IDLE,
                     mut_reserved);

    TEST_BEGIN("sfpga-bitstream-oversize");
    uint8_t *img = rig_ipa(&r, 0, BS_IPA);
    uint32_t len = 4096;
    sfpga_bitstream_build(img, len, SFPGA_ACCEL_FIR, 1, 1);
    mut_oversize(img, &len);
    CHECK_EQ_U64(sfpga_bitstream_check_header(img, len, NULL), SFPGA_ST_BAD_SIZE);
    rig_pw(&r, 0, SFPGA_P_BS_LEN, len);
    rig_pw(&r, 0, SFPGA_P_CMD, SFPGA_CMD_LOAD);
    rig_ring(&r);
    CHECK_EQ_U64(rig_pr(&r, 0, SFPGA_P_CMD_STATUS), SFPGA_ST_BAD_SIZE);
    TEST_END();

    TEST_BEGIN("sfpga-bitstream-dma-fault");
    rig_pw(&r, 0, SFPGA_P_BS_ADDR_LO, 0x30000000); /* not mapped in the domain's stage 2 */
    rig_pw(&r, 0, SFPGA_P_BS_LEN, 4096);
    rig_pw(&r, 0, SFPGA_P_CMD, SFPGA_CMD_LOAD);
    rig_ring(&r);
    CHECK_EQ_U64(rig_pr(&r, 0, SFPGA_P_CMD_STATUS), SFPGA_ST_DMA_FAULT);
    CHECK_EQ_U64(rig_pr(&r, 0, SFPGA_P_FAULT_CODE), SFPGA_FAULT_S2_TRANSLATION);
    CHECK_EQ_U64(rig_pr(&r, 0, SFPGA_P_FAULT_ADDR_LO), 0x30000000);
    CHECK_EQ_U64(rig_pr(&r, 0, SFPGA_P_FAULT_VMID), 1);
    TEST_END();

    TEST_BEGIN("sfpga-load-refused-while-busy");
    rig_assign(&r, 1, 0);
    CHECK_EQ_U64(rig_load(&r, 1, 0, BS_IPA, SFPGA_ACCEL_CRC32C, 256), SFPGA_ST_OK);
    rig_set64(&r, 1, SFPGA_F_SRC_LO, RIG_DOM_IPA);
    rig_fw(&r, 1, SFPGA_F_LEN, 1 << 20);
    rig_fw(&r, 1, SFPGA_F_FLAGS, SFPGA_CRC_INIT);
    rig_start(&r, 1);
    CHECK_EQ_U64(rig_pr(&r, 1, SFPGA_P_STATE), SFPGA_SLOT_BUSY);
    sfpga_bitstream_build(rig_ipa(&r, 0, BS_IPA), 256, SFPGA_ACCEL_FIR, 1, 1);
    rig_pw(&r, 1, SFPGA_P_BS_ADDR_LO, (uint32_t)BS_IPA);
    rig_pw(&r, 1, SFPGA_P_BS_LEN, 256);
    rig_pw(&r, 1, SFPGA_P_CMD, SFPGA_CMD_LOAD);
    rig_ring(&r);
    CHECK_EQ_U64(rig_pr(&r, 1, SFPGA_P_CMD_STATUS), SFPGA_ST_BAD_STATE);
    CHECK_EQ_U64(rig_pr(&r, 1, SFPGA_P_STATE), SFPGA_SLOT_BUSY);
    rig_settle(&r);
    CHECK_EQ_U64(rig_fr(&r, 1, SFPGA_F_STATUS), SFPGA_JOB_DONE);
    CHECK_EQ_U64(rig_fr(&r, 1, SFPGA_F_RESULT(0)), ref_crc32c(rig_ipa(&r, 0, RIG_DOM_IPA), 1 << 20));
    TEST_END();
    rig_free(&r);
}

static void test_irqs(void)
{
    struct rig r;
    rig_init(&r, 3);
    TEST_BEGIN("sfpga-irq-per-slot-vectors");
    for (unsigned k = 0; k < 3; k++) {
        rig_assign(&r, k, (int)(k & 1));
        rig_pw(&r, k, SFPGA_P_IRQ_MASK, SFPGA_PIRQ_LOAD_DONE);
        rig_fw(&r, k, SFPGA_F_IRQ_MASK, SFPGA_IRQ_DONE | SFPGA_IRQ_ERROR);
    }
    CHECK_EQ_U64(rig_load(&r, 1, 1, BS_IPA, SFPGA_ACCEL_CRC32C, 512), SFPGA_ST_OK);
    for (unsigned v = 0; v < 6; v++)
        CHECK_EQ_U64(r.irqs[v], v == SFPGA_VEC_PRIV(3, 1) ? 1 : 0);
    rig_fw(&r, 1, SFPGA_F_IRQ_MASK, SFPGA_IRQ_DONE | SFPGA_IRQ_ERROR);
    rig_set64(&r, 1, SFPGA_F_SRC_LO, RIG_DOM_IPA);
    rig_fw(&r, 1, SFPGA_F_LEN, 100);
    rig_start(&r, 1);
    rig_settle(&r);
    CHECK_EQ_U64(r.irqs[SFPGA_VEC_FUNC(1)], 1);
    uint64_t g;
    sfpga_reg_read(r.f, SFPGA_PAGE_GLOBAL, SFPGA_G_IRQ_SUMMARY, 4, &g);
    CHECK_EQ_U64(g, (1u << 1) | (1u << 17));
    /* Every event sends its own message, even while its bit is still set
     * (a clear applied at a later doorbell must not wipe it unseen). */
    rig_start(&r, 1);
    rig_settle(&r);
    CHECK_EQ_U64(r.irqs[SFPGA_VEC_FUNC(1)], 2);
    rig_fw(&r, 1, SFPGA_F_IRQ_CLEAR, SFPGA_IRQ_DONE);
    rig_ring(&r);
    CHECK_EQ_U64(rig_fr(&r, 1, SFPGA_F_IRQ_STATUS), 0);
    rig_start(&r, 1);
    rig_settle(&r);
    CHECK_EQ_U64(r.irqs[SFPGA_VEC_FUNC(1)], 3);
    /* A masked status bit sets IRQ_STATUS but raises nothing. */
    rig_fw(&r, 1, SFPGA_F_IRQ_MASK, 0);
    rig_fw(&r, 1, SFPGA_F_IRQ_CLEAR, SFPGA_IRQ_DONE);
    rig_start(&r, 1);
    rig_settle(&r);
    CHECK_EQ_U64(r.irqs[SFPGA_VEC_FUNC(1)], 3);
    CHECK_EQ_U64(rig_fr(&r, 1, SFPGA_F_IRQ_STATUS), SFPGA_IRQ_DONE);
    CHECK_EQ_U64(r.irqs[SFPGA_VEC_FUNC(0)] + r.irqs[SFPGA_VEC_FUNC(2)], 0);
    TEST_END();
    rig_free(&r);
}

/* Stage 2: each slot sees only its domain's memory. */
static void test_translation(void)
{
    struct rig r;
    uint8_t key[16] = { 0 }, iv[16] = { 0 }, in[64], want[64];
    rig_init(&r, 2);
    rig_assign(&r, 0, 0);
    rig_assign(&r, 1, 1);
    CHECK_EQ_U64(rig_load(&r, 0, 0, BS_IPA, SFPGA_ACCEL_AES128CTR, 1024), SFPGA_ST_OK);
    CHECK_EQ_U64(rig_load(&r, 1, 1, BS_IPA, SFPGA_ACCEL_AES128CTR, 1024), SFPGA_ST_OK);

    TEST_BEGIN("sfpga-s2-same-ipa-different-domains");
    memset(rig_ipa(&r, 0, RIG_DOM_IPA), 0x11, 64);
    memset(rig_ipa(&r, 1, RIG_DOM_IPA), 0x22, 64);
    for (unsigned k = 0; k < 2; k++) {
        rig_set64(&r, k, SFPGA_F_SRC_LO, RIG_DOM_IPA);
        rig_set64(&r, k, SFPGA_F_DST_LO, RIG_DOM_IPA + 0x1000);
        rig_fw(&r, k, SFPGA_F_LEN, 64);
        rig_fw(&r, k, SFPGA_F_FLAGS, SFPGA_AES_LOAD);
        rig_start(&r, k);
    }
    rig_settle(&r);
    for (int d = 0; d < 2; d++) {
        memset(in, d ? 0x22 : 0x11, 64);
        ref_aes128ctr(key, iv, in, want, 64);
        CHECK(memcmp(rig_ipa(&r, d, RIG_DOM_IPA + 0x1000), want, 64) == 0);
    }
    TEST_END();

    TEST_BEGIN("sfpga-s2-dma-to-other-domain-blocked");
    /* Domain 0 aims its output at where domain 1's RAM lies in machine memory,
     * as an IPA: unmapped in its stage 2, so nothing is written anywhere. */
    uint8_t snap[4096];
    memcpy(snap, rig_ipa(&r, 1, RIG_DOM_IPA), sizeof snap);
    rig_set64(&r, 0, SFPGA_F_SRC_LO, RIG_DOM_IPA);
    rig_set64(&r, 0, SFPGA_F_DST_LO, RIG_DOM_PA(1));
    rig_fw(&r, 0, SFPGA_F_LEN, 4096);
    rig_fw(&r, 0, SFPGA_F_FLAGS, 0);
    rig_fw(&r, 0, SFPGA_F_IRQ_CLEAR, 3);
    rig_start(&r, 0);
    rig_settle(&r);
    CHECK_EQ_U64(rig_fr(&r, 0, SFPGA_F_STATUS), SFPGA_JOB_FAULT);
    CHECK_EQ_U64(rig_fr(&r, 0, SFPGA_F_FAULT_CODE), SFPGA_FAULT_S2_TRANSLATION);
    CHECK_EQ_U64(rig_fr(&r, 0, SFPGA_F_FAULT_ADDR_LO), (uint32_t)RIG_DOM_PA(1));
    CHECK_EQ_U64(rig_fr(&r, 0, SFPGA_F_IRQ_STATUS), SFPGA_IRQ_ERROR);
    CHECK(rig_pr(&r, 0, SFPGA_P_IRQ_STATUS) & SFPGA_PIRQ_FAULT);
    CHECK_EQ_U64(rig_pr(&r, 0, SFPGA_P_FAULT_VMID), 1);
    CHECK(memcmp(snap, rig_ipa(&r, 1, RIG_DOM_IPA), sizeof snap) == 0);
    TEST_END();

    TEST_BEGIN("sfpga-s2-permission-fault-no-byte-written");
    /* The output spans a writable page and a read-only one: refused whole. */
    uint64_t dst = RIG_RO_IPA - 2048;
    memset(rig_ipa(&r, 0, dst), 0x5a, 4096);
    rig_set64(&r, 0, SFPGA_F_DST_LO, dst);
    rig_fw(&r, 0, SFPGA_F_LEN, 4096);
    rig_start(&r, 0);
    rig_settle(&r);
    CHECK_EQ_U64(rig_fr(&r, 0, SFPGA_F_FAULT_CODE), SFPGA_FAULT_S2_PERMISSION);
    CHECK_EQ_U64(rig_fr(&r, 0, SFPGA_F_FAULT_ADDR_LO), (uint32_t)RIG_RO_IPA);
    int untouched = 1;
    for (int i = 0; i < 4096; i++)
        untouched &= rig_ipa(&r, 0, dst)[i] == 0x5a;
    CHECK(untouched);
    /* Reading a read-only page is fine. */
    rig_set64(&r, 0, SFPGA_F_SRC_LO, RIG_RO_IPA);
    rig_set64(&r, 0, SFPGA_F_DST_LO, RIG_DOM_IPA);
    rig_start(&r, 0);
    rig_settle(&r);
    CHECK_EQ_U64(rig_fr(&r, 0, SFPGA_F_STATUS), SFPGA_JOB_DONE);
    TEST_END();

    TEST_BEGIN("sfpga-s2-level-faults");
    /* Break the walk at level 1, 2 and 3 of a private table copy. */
    for (int level = 1; level <= 3; level++) {
        uint64_t root = pt_alloc_page(&r.pm);
        uint64_t ipa = RIG_DOM_IPA + 0x200000;
        pt_map(&r.pm, root, ipa, RIG_DOM_PA(0) + 0x200000, 0x1000, PT_S2_RW, 0);
        pt_map(&r.pm, root, RIG_DOM_IPA, RIG_DOM_PA(0), 0x1000, PT_S2_RW, 0);
        if (level < 3) /* keep the source page reachable: break a separate branch */
            ipa = RIG_DOM_IPA + (level == 1 ? 0x40000000ull : 0x400000);
        uint64_t slot = pt_desc_slot(&r.pm, root, ipa, level, 0);
        if (slot)
            pt_write64(&r.pm, slot, 0);
        rig_pw(&r, 0, SFPGA_P_S2_ROOT_LO, (uint32_t)root);
        rig_set64(&r, 0, SFPGA_F_SRC_LO, RIG_DOM_IPA);
        rig_set64(&r, 0, SFPGA_F_DST_LO, ipa);
        rig_fw(&r, 0, SFPGA_F_LEN, 16);
        rig_start(&r, 0);
        rig_settle(&r);
        if (rig_fr(&r, 0, SFPGA_F_FAULT_CODE) != SFPGA_FAULT_S2_TRANSLATION)
            printf("  level %d: fault code %u\n", level, rig_fr(&r, 0, SFPGA_F_FAULT_CODE));
        CHECK_EQ_U64(rig_fr(&r, 0, SFPGA_F_FAULT_CODE), SFPGA_FAULT_S2_TRANSLATION);
        CHECK_EQ_U64(rig_fr(&r, 0, SFPGA_F_FAULT_ADDR_LO), (uint32_t)ipa);
    }
    TEST_END();

    TEST_BEGIN("sfpga-s2-off-means-machine-pa");
    rig_pw(&r, 0, SFPGA_P_S2_CTRL, 0);
    rig_set64(&r, 0, SFPGA_F_SRC_LO, RIG_DOM_PA(1));
    rig_set64(&r, 0, SFPGA_F_DST_LO, RIG_DOM_PA(1) + 0x2000);
    rig_fw(&r, 0, SFPGA_F_LEN, 64);
    rig_fw(&r, 0, SFPGA_F_FLAGS, SFPGA_AES_LOAD);
    rig_start(&r, 0);
    rig_settle(&r);
    memset(in, 0x22, 64);
    ref_aes128ctr(key, iv, in, want, 64);
    CHECK(memcmp(rig_ipa(&r, 1, RIG_DOM_IPA + 0x2000), want, 64) == 0);
    rig_set64(&r, 0, SFPGA_F_DST_LO, 0x1000); /* outside machine RAM */
    rig_start(&r, 0);
    rig_settle(&r);
    CHECK_EQ_U64(rig_fr(&r, 0, SFPGA_F_FAULT_CODE), SFPGA_FAULT_BUS);
    TEST_END();
    rig_free(&r);
}

static void test_malformed(void)
{
    struct rig r;
    rig_init(&r, 2);
    rig_assign(&r, 0, 0);
    rig_assign(&r, 1, 0);
    TEST_BEGIN("sfpga-start-on-empty-slot");
    rig_start(&r, 0);
    CHECK_EQ_U64(rig_fr(&r, 0, SFPGA_F_STATUS), SFPGA_JOB_FAULT);
    CHECK_EQ_U64(rig_fr(&r, 0, SFPGA_F_FAULT_CODE), SFPGA_FAULT_NO_ACCEL);
    TEST_END();

    TEST_BEGIN("sfpga-bad-job-parameters");
    CHECK_EQ_U64(rig_load(&r, 0, 0, BS_IPA, SFPGA_ACCEL_FIR, 128), SFPGA_ST_OK);
    rig_fw(&r, 0, SFPGA_F_LEN, 3); /* odd byte count of int16 samples */
    rig_fw(&r, 0, SFPGA_F_FLAGS, 0);
    rig_start(&r, 0);
    CHECK_EQ_U64(rig_fr(&r, 0, SFPGA_F_FAULT_CODE), SFPGA_FAULT_BAD_PARAM);
    rig_fw(&r, 0, SFPGA_F_LEN, 4);
    rig_fw(&r, 0, SFPGA_F_FLAGS, SFPGA_FIR_LOAD);
    rig_fw(&r, 0, SFPGA_F_PARAM(0), 65); /* too many taps */
    rig_start(&r, 0);
    CHECK_EQ_U64(rig_fr(&r, 0, SFPGA_F_FAULT_CODE), SFPGA_FAULT_BAD_PARAM);
    CHECK_EQ_U64(rig_load(&r, 1, 0, BS_IPA, SFPGA_ACCEL_MATMUL8, 128), SFPGA_ST_OK);
    rig_fw(&r, 1, SFPGA_F_PARAM(0), 4);
    rig_fw(&r, 1, SFPGA_F_PARAM(1), 0);
    rig_fw(&r, 1, SFPGA_F_PARAM(2), 4);
    rig_start(&r, 1);
    CHECK_EQ_U64(rig_fr(&r, 1, SFPGA_F_FAULT_CODE), SFPGA_FAULT_BAD_PARAM);
    rig_fw(&r, 1, SFPGA_F_PARAM(1), 513);
    rig_start(&r, 1);
    CHECK_EQ_U64(rig_fr(&r, 1, SFPGA_F_FAULT_CODE), SFPGA_FAULT_BAD_PARAM);
    rig_set64(&r, 1, SFPGA_F_SRC_LO, ~0ull - 8); /* wraps the address space */
    rig_fw(&r, 1, SFPGA_F_PARAM(1), 4);
    rig_start(&r, 1);
    rig_settle(&r);
    CHECK_EQ_U64(rig_fr(&r, 1, SFPGA_F_STATUS), SFPGA_JOB_FAULT);
    CHECK(rig_fr(&r, 1, SFPGA_F_FAULT_CODE) == SFPGA_FAULT_S2_TRANSLATION ||
          rig_fr(&r, 1, SFPGA_F_FAULT_CODE) == SFPGA_FAULT_BUS);
    TEST_END();

    TEST_BEGIN("sfpga-unknown-ctrl-and-cmd");
    rig_fw(&r, 0, SFPGA_F_IRQ_CLEAR, 3);
    rig_fw(&r, 0, SFPGA_F_CTRL, 0x77);
    rig_ring(&r);
    CHECK_EQ_U64(rig_fr(&r, 0, SFPGA_F_IRQ_STATUS), SFPGA_IRQ_ERROR);
    CHECK_EQ_U64(rig_fr(&r, 0, SFPGA_F_CTRL), 0);
    rig_pw(&r, 0, SFPGA_P_CMD, 0x99);
    rig_ring(&r);
    CHECK_EQ_U64(rig_pr(&r, 0, SFPGA_P_CMD_STATUS), SFPGA_ST_BAD_CMD);
    CHECK(rig_pr(&r, 0, SFPGA_P_IRQ_STATUS) & SFPGA_PIRQ_CMD_ERROR);
    rig_pw(&r, 0, SFPGA_P_CMD, SFPGA_CMD_RESUME); /* nothing preempted */
    rig_ring(&r);
    CHECK_EQ_U64(rig_pr(&r, 0, SFPGA_P_CMD_STATUS), SFPGA_ST_BAD_STATE);
    TEST_END();

    TEST_BEGIN("sfpga-context-errors");
    rig_pw(&r, 0, SFPGA_P_CTX_ADDR_LO, (uint32_t)RIG_CTX_PA);
    rig_pw(&r, 0, SFPGA_P_CTX_SIZE, 16);
    rig_pw(&r, 0, SFPGA_P_CMD, SFPGA_CMD_SAVE);
    rig_ring(&r);
    CHECK_EQ_U64(rig_pr(&r, 0, SFPGA_P_CMD_STATUS), SFPGA_ST_CTX_TOO_SMALL);
    rig_pw(&r, 0, SFPGA_P_CTX_SIZE, 4096);
    rig_pw(&r, 0, SFPGA_P_CTX_ADDR_LO, 0x1000); /* outside machine RAM */
    rig_pw(&r, 0, SFPGA_P_CMD, SFPGA_CMD_SAVE);
    rig_ring(&r);
    CHECK_EQ_U64(rig_pr(&r, 0, SFPGA_P_CMD_STATUS), SFPGA_ST_DMA_FAULT);
    rig_pw(&r, 0, SFPGA_P_CTX_ADDR_LO, (uint32_t)RIG_CTX_PA);
    rig_pw(&r, 0, SFPGA_P_CMD, SFPGA_CMD_SAVE);
    rig_ring(&r);
    CHECK_EQ_U64(rig_pr(&r, 0, SFPGA_P_CMD_STATUS), SFPGA_ST_OK);
    uint8_t *ctx = hw_mem_ptr(&r.pm.mem, RIG_CTX_PA, 4096);
    ctx[SFPGA_CTX_ACCEL_OFF] ^= 1; /* CRC no longer matches */
    rig_pw(&r, 0, SFPGA_P_CMD, SFPGA_CMD_RESTORE);
    rig_ring(&r);
    CHECK_EQ_U64(rig_pr(&r, 0, SFPGA_P_CMD_STATUS), SFPGA_ST_CTX_BAD);
    ctx[SFPGA_CTX_ACCEL_OFF] ^= 1;
    ctx[0] ^= 1;
    rig_pw(&r, 0, SFPGA_P_CMD, SFPGA_CMD_RESTORE);
    rig_ring(&r);
    CHECK_EQ_U64(rig_pr(&r, 0, SFPGA_P_CMD_STATUS), SFPGA_ST_CTX_BAD);
    ctx[0] ^= 1;
    /* A FIR context into the MATMUL8 slot. */
    rig_pw(&r, 1, SFPGA_P_CTX_ADDR_LO, (uint32_t)RIG_CTX_PA);
    rig_pw(&r, 1, SFPGA_P_CTX_SIZE, 4096);
    rig_pw(&r, 1, SFPGA_P_CMD, SFPGA_CMD_RESTORE);
    rig_ring(&r);
    CHECK_EQ_U64(rig_pr(&r, 1, SFPGA_P_CMD_STATUS), SFPGA_ST_CTX_MISMATCH);
    /* A context whose accelerator state is inconsistent (81 taps). */
    ctx[SFPGA_CTX_ACCEL_OFF] = 81;
    uint32_t c = sfpga_crc32c(ctx + SFPGA_CTX_HDR_SIZE, sfpga_ctx_size(SFPGA_ACCEL_FIR) - SFPGA_CTX_HDR_SIZE);
    memcpy(ctx + 0x14, &c, 4);
    rig_pw(&r, 0, SFPGA_P_CMD, SFPGA_CMD_RESTORE);
    rig_ring(&r);
    CHECK_EQ_U64(rig_pr(&r, 0, SFPGA_P_CMD_STATUS), SFPGA_ST_CTX_BAD);
    rig_pw(&r, 0, SFPGA_P_CMD, SFPGA_CMD_UNLOAD);
    rig_ring(&r);
    rig_pw(&r, 0, SFPGA_P_CMD, SFPGA_CMD_SAVE); /* empty slot: nothing to save */
    rig_ring(&r);
    CHECK_EQ_U64(rig_pr(&r, 0, SFPGA_P_CMD_STATUS), SFPGA_ST_BAD_STATE);
    TEST_END();
    rig_free(&r);
}

/* A CRC32C job over 64 KiB on slot 0 of a model made with job_scale;
 * returns its modelled duration, *load_ns the load's (0 on failure). */
static uint64_t scaled_crc_job_ns(unsigned scale, uint64_t *load_ns)
{
    struct rig r;
    char err[200];
    uint64_t job_ns = 0;
    rig_init(&r, 1);
    sfpga_destroy(r.f);
    struct sfpga_config cfg = { .mem = r.pm.mem, .nslots = 1, .job_scale = scale };
    r.f = sfpga_create(&cfg, err, sizeof err);
    *load_ns = 0;
    if (!r.f) {
        printf("  job_scale %u: %s\n", scale, err);
        pt_machine_free(&r.pm);
        return 0;
    }
    rig_assign(&r, 0, 0);
    uint64_t t0 = r.now;
    if (rig_load(&r, 0, 0, BS_IPA, SFPGA_ACCEL_CRC32C, 8192) == SFPGA_ST_OK)
        *load_ns = r.now - t0;
    rig_set64(&r, 0, SFPGA_F_SRC_LO, RIG_DOM_IPA);
    rig_fw(&r, 0, SFPGA_F_LEN, 64u << 10);
    t0 = r.now;
    rig_start(&r, 0);
    rig_settle(&r);
    if (rig_fr(&r, 0, SFPGA_F_IRQ_STATUS) & SFPGA_IRQ_DONE)
        job_ns = r.now - t0;
    rig_free(&r);
    return job_ns;
}

/* Option job-scale=N: jobs take N times their modelled time, loads keep
 * theirs; hw_sfpga_model_ops refuses values outside 1..1000. */
static void test_job_scale(void)
{
    TEST_BEGIN("sfpga-job-scale-option");
    uint64_t l1, l4;
    uint64_t j1 = scaled_crc_job_ns(1, &l1), j4 = scaled_crc_job_ns(4, &l4);
    printf("  64 KiB CRC32C job: %llu ns at scale 1, %llu ns at scale 4; loads %llu / %llu ns\n",
           (unsigned long long)j1, (unsigned long long)j4, (unsigned long long)l1,
           (unsigned long long)l4);
    CHECK(j1 > 0 && l1 > 0);
    /* the 500 ns set-up is not scaled; every chunk is */
    CHECK(j4 >= 4 * j1 - 4 * 500 && j4 <= 4 * j1);
    CHECK_EQ_U64(l4, l1);
    static uint8_t regs[SFPGA_NUM_PAGES(SFPGA_MAX_SLOTS) * HW_PAGE_SIZE];
    const char *bad[] = { "job-scale=0", "job-scale=1001", "job-scale=x", "job-scale=" };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char err[200] = "";
        struct hw_model_env env = { .regs = regs, .options = bad[i] };
        void *m = hw_sfpga_model_ops.create(&env, err, sizeof err);
        CHECK(m == NULL && strstr(err, "job-scale"));
        if (m)
            hw_sfpga_model_ops.destroy(m);
    }
    TEST_END();
}

int main(void)
{
    test_registers();
    test_crc32c();
    test_bitstreams();
    test_irqs();
    test_translation();
    test_malformed();
    test_job_scale();
    int accel_failed = test_sfpga_accel_all();
    return CHECK_EXIT_CODE() || accel_failed ? 1 : 0;
}

