/* Unit tests of hw/common: the machine-memory view and both translation
 * stages, including a fault at every level of each; 64-bit register
 * stores and loads that another thread never sees torn. */
#include <pthread.h>
#include <stdlib.h>

#include "check.h"
#include "hw/mem.h"
#include "hw/model.h"
#include "pt.h"

#define RAM_PA   0x40000000ull
#define RAM_SIZE (32ull << 20)
#define GUEST_DELTA (8ull << 20)   /* domain IPA X lives at machine PA X + delta */

static void test_mem_ptr(void)
{
    uint8_t buf[64];
    struct hw_mem m = { .base = buf, .pa_base = 0x1000, .size = sizeof(buf) };
    TEST_BEGIN("hw-mem-ptr-bounds");
    CHECK(hw_mem_ptr(&m, 0x1000, 64) == buf);
    CHECK(hw_mem_ptr(&m, 0x1000 + 63, 1) == buf + 63);
    CHECK(hw_mem_ptr(&m, 0x1000 + 64, 0) == buf + 64);
    CHECK(hw_mem_ptr(&m, 0x1000 + 64, 1) == NULL);
    CHECK(hw_mem_ptr(&m, 0xfff, 1) == NULL);
    CHECK(hw_mem_ptr(&m, 0x1000, 65) == NULL);
    CHECK(hw_mem_ptr(&m, 0x1010, UINT64_MAX) == NULL);
    CHECK(hw_mem_ptr(&m, UINT64_MAX, 2) == NULL);
    CHECK(hw_mem_ptr(NULL, 0x1000, 1) == NULL);
    TEST_END();
}

static void test_s2_basic(void)
{
    struct pt_machine pm;
    pt_machine_init(&pm, RAM_PA, RAM_SIZE, 1 << 20);
    uint64_t root = pt_alloc_page(&pm);
    pt_map(&pm, root, 0x40000000, RAM_PA + 0x10000, 0x4000, PT_S2_RW, 0);
    pt_map(&pm, root, 0x50000000, RAM_PA + 0x20000, 0x1000, PT_S2_R, 0);
    struct hw_xlate_result r;
    uint64_t slot, d;
    TEST_BEGIN("hw-s2-page-read-write");
    r = hw_s2_translate(&pm.mem, root, 0x40002abc, true);
    CHECK(r.fault == HW_XLATE_OK);
    CHECK_EQ_U64(r.pa, RAM_PA + 0x12abc);
    CHECK(r.level == 3);
    r = hw_s2_translate(&pm.mem, root, 0x50000008, false);
    CHECK(r.fault == HW_XLATE_OK);
    CHECK_EQ_U64(r.pa, RAM_PA + 0x20008);
    TEST_END();

    TEST_BEGIN("hw-s2-permission-fault");
    r = hw_s2_translate(&pm.mem, root, 0x50000008, true);
    CHECK(r.fault == HW_XLATE_S2_PERMISSION);
    CHECK_EQ_U64(r.addr, 0x50000008);
    CHECK(r.level == 3);
    slot = pt_desc_slot(&pm, root, 0x40000000, 3, 0);
    d = pt_read64(&pm, slot);
    pt_write64(&pm, slot, d & ~PT_S2_R);                 /* write-only page */
    CHECK(hw_s2_translate(&pm.mem, root, 0x40000000, false).fault == HW_XLATE_S2_PERMISSION);
    CHECK(hw_s2_translate(&pm.mem, root, 0x40000000, true).fault == HW_XLATE_OK);
    pt_write64(&pm, slot, d);
    TEST_END();

    TEST_BEGIN("hw-s2-translation-fault-each-level");
    /* Level 1: nothing mapped in this 1 GiB slot. */
    r = hw_s2_translate(&pm.mem, root, 0x00001000, false);
    CHECK(r.fault == HW_XLATE_S2_TRANSLATION && r.level == 1);
    /* Level 2: same GiB as a mapping, other 2 MiB slot. */
    r = hw_s2_translate(&pm.mem, root, 0x40400000, false);
    CHECK(r.fault == HW_XLATE_S2_TRANSLATION && r.level == 2);
    /* Level 3: same 2 MiB, unmapped page. */
    r = hw_s2_translate(&pm.mem, root, 0x40004000, false);
    CHECK(r.fault == HW_XLATE_S2_TRANSLATION && r.level == 3);
    CHECK_EQ_U64(r.addr, 0x40004000);
    /* 0b01 at level 3 is reserved: invalid. */
    slot = pt_desc_slot(&pm, root, 0x40001000, 3, 0);
    d = pt_read64(&pm, slot);
    pt_write64(&pm, slot, d & ~2ull);
    r = hw_s2_translate(&pm.mem, root, 0x40001000, false);
    CHECK(r.fault == HW_XLATE_S2_TRANSLATION && r.level == 3);
    pt_write64(&pm, slot, d);
    /* Beyond the 39-bit IPA space. */
    r = hw_s2_translate(&pm.mem, root, 1ull << 39, false);
    CHECK(r.fault == HW_XLATE_S2_TRANSLATION && r.level == 0);
    TEST_END();

    TEST_BEGIN("hw-s2-access-flag-and-bus");
    slot = pt_desc_slot(&pm, root, 0x40000000, 3, 0);
    d = pt_read64(&pm, slot);
    pt_write64(&pm, slot, d & ~PT_AF);
    CHECK(hw_s2_translate(&pm.mem, root, 0x40000000, false).fault == HW_XLATE_S2_ACCESS);
    pt_write64(&pm, slot, (d & 0xfffull) | 0x10000000ull);  /* output outside RAM */
    CHECK(hw_s2_translate(&pm.mem, root, 0x40000000, false).fault == HW_XLATE_BUS);
    pt_write64(&pm, slot, d);
    CHECK(hw_s2_translate(&pm.mem, 0x1000, 0x40000000, false).fault == HW_XLATE_BUS);
    /* A table descriptor pointing outside RAM faults at the next level. */
    uint64_t l2 = pt_desc_slot(&pm, root, 0x40000000, 2, 0);
    uint64_t d2 = pt_read64(&pm, l2);
    pt_write64(&pm, l2, 0xff00000000ull | 3);
    r = hw_s2_translate(&pm.mem, root, 0x40000000, false);
    CHECK(r.fault == HW_XLATE_BUS && r.level == 3);
    pt_write64(&pm, l2, d2);
    TEST_END();

    TEST_BEGIN("hw-s2-blocks-l1-l2");
    uint64_t root2 = pt_alloc_page(&pm);
    /* 1 GiB block at level 1 for IPA 0x80000000 -> PA 0x0 (bus past RAM, but
     * the PA arithmetic is what is checked), and one onto RAM. */
    pt_write64(&pm, root2 + 1 * 8, 0x40000000ull | PT_AF | PT_S2_RW | 1);
    r = hw_s2_translate(&pm.mem, root2, 0x40123458, true);
    CHECK(r.fault == HW_XLATE_OK && r.level == 1);
    CHECK_EQ_U64(r.pa, 0x40123458);
    uint64_t l2t = pt_alloc_page(&pm);
    pt_write64(&pm, root2 + 2 * 8, l2t | 3);
    pt_write64(&pm, l2t + 3 * 8, (RAM_PA + 0x200000) | PT_AF | PT_S2_R | 1);
    r = hw_s2_translate(&pm.mem, root2, 0x80600010, false);
    CHECK(r.fault == HW_XLATE_OK && r.level == 2);
    CHECK_EQ_U64(r.pa, RAM_PA + 0x200010);
    CHECK(hw_s2_translate(&pm.mem, root2, 0x80600010, true).fault == HW_XLATE_S2_PERMISSION);
    TEST_END();
    pt_machine_free(&pm);
}

/* Two stages: the domain's IPA X is machine PA X + GUEST_DELTA, and its
 * stage-1 tables sit in its own memory. */
static void test_two_stage(void)
{
    struct pt_machine pm;
    pt_machine_init(&pm, RAM_PA, RAM_SIZE, 2 << 20);
    uint64_t s2 = pt_alloc_page(&pm);
    pt_map(&pm, s2, RAM_PA, RAM_PA + GUEST_DELTA, RAM_SIZE - GUEST_DELTA, PT_S2_RW, 0);
    uint64_t s1 = pt_alloc_page(&pm);
    /* VA 0x1000_0000 -> IPA 0x4000_0000 (RW), VA 0x2000_0000 -> read-only. */
    pt_map(&pm, s1, 0x10000000, RAM_PA, 0x2000, 0, GUEST_DELTA);
    pt_map(&pm, s1, 0x20000000, RAM_PA + 0x2000, 0x1000, PT_S1_RO, GUEST_DELTA);
    struct hw_xlate_cfg c = { .s1_enable = true, .s1_root = s1 - GUEST_DELTA,
                              .s2_enable = true, .s2_root = s2 };
    struct hw_xlate_result r;
    TEST_BEGIN("hw-xlate-two-stage-ok");
    r = hw_xlate(&pm.mem, &c, 0x10001234, true);
    CHECK(r.fault == HW_XLATE_OK);
    CHECK_EQ_U64(r.pa, RAM_PA + GUEST_DELTA + 0x1234);
    r = hw_xlate(&pm.mem, &c, 0x20000010, false);
    CHECK(r.fault == HW_XLATE_OK);
    CHECK_EQ_U64(r.pa, RAM_PA + GUEST_DELTA + 0x2010);
    TEST_END();

    TEST_BEGIN("hw-xlate-s1-faults-each-level");
    r = hw_xlate(&pm.mem, &c, 0x50000000, false);
    CHECK(r.fault == HW_XLATE_S1_TRANSLATION && r.level == 1);
    r = hw_xlate(&pm.mem, &c, 0x10400000, false);
    CHECK(r.fault == HW_XLATE_S1_TRANSLATION && r.level == 2);
    r = hw_xlate(&pm.mem, &c, 0x10002000, false);
    CHECK(r.fault == HW_XLATE_S1_TRANSLATION && r.level == 3);
    CHECK_EQ_U64(r.addr, 0x10002000);
    r = hw_xlate(&pm.mem, &c, 1ull << 39, false);
    CHECK(r.fault == HW_XLATE_S1_TRANSLATION && r.level == 0);
    r = hw_xlate(&pm.mem, &c, 0x20000010, true);
    CHECK(r.fault == HW_XLATE_S1_PERMISSION && r.level == 3);
    uint64_t slot = pt_desc_slot(&pm, s1, 0x10000000, 3, GUEST_DELTA);
    CHECK(slot != 0);
    uint64_t d = pt_read64(&pm, slot);
    pt_write64(&pm, slot, d & ~PT_AF);
    CHECK(hw_xlate(&pm.mem, &c, 0x10000000, false).fault == HW_XLATE_S1_ACCESS);
    pt_write64(&pm, slot, d);
    TEST_END();

    TEST_BEGIN("hw-xlate-s2-fault-on-table-and-output");
    /* Stage-1 leaf pointing at an IPA the domain does not own (another
     * domain's memory): stage-2 fault naming that IPA. */
    pt_map(&pm, s1, 0x30000000, 0x60000000, 0x1000, 0, GUEST_DELTA);
    r = hw_xlate(&pm.mem, &c, 0x30000040, true);
    CHECK(r.fault == HW_XLATE_S2_TRANSLATION);
    CHECK_EQ_U64(r.addr, 0x60000040);
    /* Stage-1 root at an IPA outside the domain: the table read faults. */
    struct hw_xlate_cfg bad = c;
    bad.s1_root = 0x7000000;
    r = hw_xlate(&pm.mem, &bad, 0x10000000, false);
    CHECK(r.fault == HW_XLATE_S2_TRANSLATION && r.level == 1);
    CHECK_EQ_U64(r.addr, 0x7000000 + 0 * 8);
    /* Stage-2 write protection of the output page. */
    uint64_t s2slot = pt_desc_slot(&pm, s2, RAM_PA, 3, 0);
    uint64_t sd = pt_read64(&pm, s2slot);
    pt_write64(&pm, s2slot, sd & ~PT_S2_W);
    CHECK(hw_xlate(&pm.mem, &c, 0x10000000, true).fault == HW_XLATE_S2_PERMISSION);
    CHECK(hw_xlate(&pm.mem, &c, 0x10000000, false).fault == HW_XLATE_OK);
    pt_write64(&pm, s2slot, sd);
    TEST_END();

    TEST_BEGIN("hw-xlate-s1-block-l2");
    /* A 2 MiB stage-1 block: VA 0x4000_0000.. -> IPA RAM_PA + 2 MiB. */
    uint64_t l2 = pt_alloc_page(&pm);     /* table in the domain's RAM */
    pt_write64(&pm, s1 + 1 * 8, (l2 - GUEST_DELTA) | 3);
    pt_write64(&pm, l2 + 0, (RAM_PA + (2 << 20)) | PT_AF | 1);
    r = hw_xlate(&pm.mem, &c, 0x40012345, true);
    CHECK(r.fault == HW_XLATE_OK && r.level == 2);
    CHECK_EQ_U64(r.pa, RAM_PA + (2 << 20) + GUEST_DELTA + 0x12345);
    pt_write64(&pm, l2 + 0, (RAM_PA + (2 << 20)) | PT_AF | PT_S1_RO | 1);
    r = hw_xlate(&pm.mem, &c, 0x40012345, true);
    CHECK(r.fault == HW_XLATE_S1_PERMISSION && r.level == 2);
    TEST_END();

    TEST_BEGIN("hw-xlate-stages-off");
    struct hw_xlate_cfg off = { 0 };
    r = hw_xlate(&pm.mem, &off, RAM_PA + 8, true);
    CHECK(r.fault == HW_XLATE_OK);
    CHECK_EQ_U64(r.pa, RAM_PA + 8);
    CHECK(hw_xlate(&pm.mem, &off, 0x1000, false).fault == HW_XLATE_BUS);
    struct hw_xlate_cfg s2only = { .s2_enable = true, .s2_root = s2 };
    r = hw_xlate(&pm.mem, &s2only, RAM_PA + 8, true);
    CHECK(r.fault == HW_XLATE_OK);
    CHECK_EQ_U64(r.pa, RAM_PA + GUEST_DELTA + 8);
    TEST_END();
    pt_machine_free(&pm);
}

/* A writer thread stores values whose two halves are equal, all of them
 * changing at once, for as long as this thread loads: every load must have
 * equal halves. (Stored and loaded as two 32-bit words, nearly every load
 * mixed two values on a 2-core host.) */
#define REG64_LOADS 2000000u
static _Alignas(8) uint8_t reg64_page[64];
static volatile int reg64_stop;

static void *reg64_writer(void *arg)
{
    (void)arg;
    for (uint64_t n = 1; !reg64_stop; n++)
        hw_reg_store64(reg64_page, 8, n * 0x100000001ull);
    return NULL;
}

static void test_reg64_whole(void)
{
    pthread_t w;
    uint64_t torn = 0, changes = 0, last = 0;
    TEST_BEGIN("hw-reg64-never-torn");
    CHECK(pthread_create(&w, NULL, reg64_writer, NULL) == 0);
    for (unsigned i = 0; i < REG64_LOADS; i++) {
        uint64_t v = hw_reg_load64(reg64_page, 8);
        if ((uint32_t)v != (uint32_t)(v >> 32))
            torn++;
        else if (v != last)
            changes++, last = v;
    }
    reg64_stop = 1;
    pthread_join(w, NULL);
    printf("  %u loads while another thread stored: %llu new values seen, %llu torn\n",
           REG64_LOADS, (unsigned long long)changes, (unsigned long long)torn);
    CHECK_EQ_U64(torn, 0);
    CHECK(changes > 0);
    uint64_t end = hw_reg_load64(reg64_page, 8);
    CHECK((uint32_t)end == (uint32_t)(end >> 32) && end != 0);
    TEST_END();
}

int main(void)
{
    test_mem_ptr();
    test_s2_basic();
    test_two_stage();
    test_reg64_whole();
    return CHECK_EXIT_CODE();
}
