/* SGPU faults: two-stage translation faults at every level through real
 * commands, permission faults, a DMA aimed at another domain's memory (fault,
 * no byte written), TLB flushing, and malformed ring input, each giving the
 * documented fault code, interrupts, and a clean recovery by RESET. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rig.h"

#define F SGPU_PAGE_FUNC
#define P SGPU_PAGE_PRIV

static uint32_t fault_code(struct rig *r)
{
    return rig_r32(r, F, SGPU_F_FAULT_STATUS) & 0xff;
}

static uint32_t fault_level(struct rig *r)
{
    return (rig_r32(r, F, SGPU_F_FAULT_STATUS) >> SGPU_FAULT_LEVEL_SHIFT) & 0xf;
}

/* Fresh function on domain 0, then one command stream; returns after the
 * engine stopped. */
static void run_fresh(struct rig *r, const uint32_t *w, unsigned n)
{
    rig_w32(r, P, SGPU_P_PIRQ_CLEAR, SGPU_PIRQ_ALL);   /* as the hypervisor acks */
    rig_start_dom(r, 0);
    rig_emit(r, 0, w, n);
    rig_submit(r);
    rig_run(r, 100000);
}

/* Runs a COPY from src to dst followed by a FENCE, expects it to fault with
 * `code` at `level` on `fault_va`, the FENCE not to retire, and both IRQs. */
static void expect_copy_fault(struct rig *r, uint64_t src, uint64_t dst, uint64_t len, uint32_t code,
                              int level, uint64_t fault_va, bool write)
{
    uint32_t w[16];
    unsigned n = rig_cmd_copy(w, src, dst, len);
    n += rig_cmd_fence(w + n, 0xfeed, false);
    unsigned i0 = r->irqs[0], i1 = r->irqs[1];
    run_fresh(r, w, n);
    uint32_t st = rig_r32(r, F, SGPU_F_FAULT_STATUS);
    CHECK_EQ_U64(st & 0xff, code);
    CHECK(st & SGPU_FAULT_VALID);
    if (level >= 0)
        CHECK_EQ_U64(fault_level(r), (uint64_t)level);
    CHECK_EQ_U64(!!(st & SGPU_FAULT_WRITE), write);
    CHECK_EQ_U64(rig_r64(r, F, SGPU_F_FAULT_ADDR), fault_va);
    CHECK(rig_r64(r, F, SGPU_F_FENCE) != 0xfeed);
    CHECK(rig_r32(r, F, SGPU_F_STATUS) & SGPU_STATUS_FAULTED);
    CHECK_EQ_U64(rig_r32(r, P, SGPU_P_ENGINE_STATE), SGPU_ENGINE_FAULTED);
    CHECK(r->irqs[0] > i0 && r->irqs[1] > i1);
}

static uint64_t s1_slot(struct rig *r, int d, uint64_t va, int level)
{
    uint64_t delta = r->dom[d].pa_base - RIG_IPA_BASE;
    return pt_desc_slot(&r->pm, r->dom[d].s1_root + delta, va, level, delta);
}

static void test_translation(void)
{
    struct rig r;
    rig_init(&r, SGPU_EXEC_BUILTIN, false);
    uint64_t src = rig_alloc(&r, 0, 8192), dst = rig_alloc(&r, 0, 8192);
    uint64_t slot, d;
    uint32_t w[16];

    TEST_BEGIN("sgpu-s1-translation-fault-each-level");
    expect_copy_fault(&r, src, 0x4000000000ull, 64, SGPU_FAULT_S1_TRANSLATION, 1, 0x4000000000ull, true);
    expect_copy_fault(&r, 0x20000040, dst, 64, SGPU_FAULT_S1_TRANSLATION, 2, 0x20000040, false);
    slot = s1_slot(&r, 0, dst + 4096, 3);
    d = pt_read64(&r.pm, slot);
    pt_write64(&r.pm, slot, 0);
    expect_copy_fault(&r, src, dst, 8192, SGPU_FAULT_S1_TRANSLATION, 3, dst + 4096, true);
    pt_write64(&r.pm, slot, d);
    expect_copy_fault(&r, src, 1ull << 40, 8, SGPU_FAULT_S1_TRANSLATION, 0, 1ull << 40, true);
    TEST_END();

    TEST_BEGIN("sgpu-s1-permission-and-access-flag");
    slot = s1_slot(&r, 0, dst, 3);
    d = pt_read64(&r.pm, slot);
    pt_write64(&r.pm, slot, d | PT_S1_RO);
    expect_copy_fault(&r, src, dst, 16, SGPU_FAULT_S1_PERMISSION, 3, dst, true);
    run_fresh(&r, w, rig_cmd_copy(w, dst, src, 16));    /* reading it is fine */
    CHECK_EQ_U64(fault_code(&r), 0);
    pt_write64(&r.pm, slot, d & ~PT_AF);
    expect_copy_fault(&r, dst, src, 16, SGPU_FAULT_S1_ACCESS, 3, dst, false);
    pt_write64(&r.pm, slot, d);
    TEST_END();

    TEST_BEGIN("sgpu-s2-faults-each-level-and-permission");
    /* Point a stage-1 page at IPAs the domain does not own. */
    uint64_t probe = rig_alloc(&r, 0, 4096);
    uint64_t pslot = s1_slot(&r, 0, probe, 3);
    uint64_t pd = pt_read64(&r.pm, pslot);
    const uint64_t ipas[3] = { 0x80000000ull, 0x48000000ull, 0 };
    for (int lv = 1; lv <= 2; lv++) {
        pt_write64(&r.pm, pslot, (pd & 0xfffull) | ipas[lv - 1]);
        expect_copy_fault(&r, src, probe + 8, 8, SGPU_FAULT_S2_TRANSLATION, lv, probe + 8, true);
        CHECK_EQ_U64(rig_r64(&r, F, SGPU_F_FAULT_IPA), ipas[lv - 1] + 8);
    }
    pt_write64(&r.pm, pslot, pd);
    uint64_t ipa = rig_va_to_pa(&r, 0, probe) - (r.dom[0].pa_base - RIG_IPA_BASE);
    uint64_t s2slot = pt_desc_slot(&r.pm, r.dom[0].s2_root, ipa, 3, 0);
    uint64_t s2d = pt_read64(&r.pm, s2slot);
    pt_write64(&r.pm, s2slot, 0);
    expect_copy_fault(&r, probe, src, 8, SGPU_FAULT_S2_TRANSLATION, 3, probe, false);
    CHECK_EQ_U64(rig_r64(&r, F, SGPU_F_FAULT_IPA), ipa);
    pt_write64(&r.pm, s2slot, s2d & ~PT_S2_W);
    expect_copy_fault(&r, src, probe, 8, SGPU_FAULT_S2_PERMISSION, 3, probe, true);
    pt_write64(&r.pm, s2slot, s2d);
    TEST_END();

    TEST_BEGIN("sgpu-dma-to-other-domain-blocked-nothing-written");
    /* The guest aims a page at the machine address of domain 1's RAM, and
     * copies across its own valid page into it: fault, and neither domain
     * 1's bytes nor the valid first page change. */
    uint64_t victim_pa = r.dom[1].pa_base + 0x3000;
    uint8_t *victim = hw_mem_ptr(&r.pm.mem, victim_pa, 4096);
    memset(victim, 0x5a, 4096);
    uint64_t two = rig_alloc(&r, 0, 8192);
    uint64_t tslot = s1_slot(&r, 0, two + 4096, 3);
    uint64_t td = pt_read64(&r.pm, tslot);
    pt_write64(&r.pm, tslot, (td & 0xfffull) | victim_pa);
    uint8_t zero[8192], pat[8192];
    memset(zero, 0, sizeof(zero));
    memset(pat, 0xc3, sizeof(pat));
    rig_write(&r, 0, two, zero, 4096);
    rig_write(&r, 0, src, pat, 8192);
    expect_copy_fault(&r, src, two, 8192, SGPU_FAULT_S2_TRANSLATION, -1, two + 4096, true);
    CHECK_EQ_U64(rig_r64(&r, F, SGPU_F_FAULT_IPA), victim_pa);
    bool intact = true;
    for (int i = 0; i < 4096; i++)
        intact &= victim[i] == 0x5a;
    CHECK(intact);
    uint8_t first[4096];
    rig_read(&r, 0, two, first, 4096);
    CHECK(memcmp(first, zero, 4096) == 0);
    /* Same through FILL and a kernel's output buffer. */
    run_fresh(&r, w, rig_cmd_fill(w, two, 8192, 0x01010101));
    CHECK_EQ_U64(fault_code(&r), SGPU_FAULT_S2_TRANSLATION);
    rig_read(&r, 0, two, first, 4096);
    CHECK(memcmp(first, zero, 4096) == 0);
    uint64_t args = rig_alloc(&r, 0, 64);
    uint8_t a[24];
    uint64_t x = src;
    uint32_t n = 2048;
    float alpha = 2.0f;
    memcpy(a, &x, 8);
    memcpy(a + 8, &two, 8);
    memcpy(a + 16, &n, 4);
    memcpy(a + 20, &alpha, 4);
    rig_write(&r, 0, args, a, 24);
    uint32_t grid[3] = { 32, 1, 1 }, wg[3] = { 64, 1, 1 };
    run_fresh(&r, w, rig_cmd_dispatch(w, SGPU_K_SAXPY, grid, wg, args, 24));
    CHECK_EQ_U64(fault_code(&r), SGPU_FAULT_S2_TRANSLATION);
    rig_read(&r, 0, two, first, 4096);
    CHECK(memcmp(first, zero, 4096) == 0);
    intact = true;
    for (int i = 0; i < 4096; i++)
        intact &= victim[i] == 0x5a;
    CHECK(intact);
    pt_write64(&r.pm, tslot, td);
    TEST_END();

    TEST_BEGIN("sgpu-tlb-flush-on-root-change-and-invalidate");
    /* Same VA, two domains: switching the stage-2 root (engine idle) must
     * send the next access to the other domain's page. */
    uint64_t va = rig_alloc(&r, 0, 4096);
    rig_alloc(&r, 1, va - r.dom[1].heap + 4096); /* keep heaps aligned */
    rig_start_dom(&r, 0);
    rig_emit(&r, 0, w, rig_cmd_fill(w, va, 64, 0x11111111));
    rig_submit(&r);
    rig_run(&r, 100);
    uint64_t hits0 = rig_r64(&r, P, SGPU_P_TLB_HITS), miss0 = rig_r64(&r, P, SGPU_P_TLB_MISSES);
    /* Domain 1 needs the same ring contents at the same VA. */
    uint8_t ring[64];
    rig_read(&r, 0, RIG_VA_BASE, ring, 64);
    rig_write(&r, 1, RIG_VA_BASE, ring, 64);
    rig_w64(&r, P, SGPU_P_S2_ROOT, r.dom[1].s2_root);
    rig_w32(&r, F, SGPU_F_RING_TAIL, 0);
    rig_doorbell(&r);
    /* Replay from the same ring offset: reset function, keep stage 2. */
    rig_w32(&r, F, SGPU_F_RESET, 1);
    rig_doorbell(&r);
    rig_w64(&r, F, SGPU_F_RING_BASE, RIG_VA_BASE);
    rig_w32(&r, F, SGPU_F_RING_SIZE, RIG_RING_SIZE);
    rig_w64(&r, F, SGPU_F_MMU_ROOT, r.dom[0].s1_root);   /* same IPA in both */
    rig_w32(&r, F, SGPU_F_MMU_CONTROL, SGPU_MMU_ENABLE);
    rig_w32(&r, F, SGPU_F_CONTROL, SGPU_CONTROL_RING_ENABLE);
    rig_w32(&r, F, SGPU_F_RING_TAIL, 6 * 4);
    rig_doorbell(&r);
    rig_run(&r, 100);
    CHECK_EQ_U64(fault_code(&r), 0);
    uint32_t v0 = 0, v1 = 0;
    rig_read(&r, 0, va, &v0, 4);
    rig_read(&r, 1, va, &v1, 4);
    CHECK_EQ_U64(v0, 0x11111111);
    CHECK_EQ_U64(v1, 0x11111111);
    CHECK(rig_r64(&r, P, SGPU_P_TLB_MISSES) > miss0);
    CHECK(rig_r64(&r, P, SGPU_P_TLB_HITS) > hits0);
    /* A stage-1 change is seen only after MMU_INVALIDATE: the TLB really
     * caches, and the guest's invalidation really flushes it. */
    uint64_t old_pa = rig_va_to_pa(&r, 0, va);
    rig_start_dom(&r, 0);
    rig_emit(&r, 0, w, rig_cmd_fill(w, va, 4, 0x22222222));
    rig_submit(&r);
    rig_run(&r, 100);
    uint64_t vslot = s1_slot(&r, 0, va, 3);
    uint64_t vd = pt_read64(&r.pm, vslot);
    uint64_t new_pa = rig_va_to_pa(&r, 0, src);
    pt_write64(&r.pm, vslot, (vd & 0xfffull) | (new_pa - (r.dom[0].pa_base - RIG_IPA_BASE)));
    rig_emit(&r, 0, w, rig_cmd_fill(w, va, 4, 0x33333333));
    rig_submit(&r);
    rig_run(&r, 100);
    uint32_t at_old, at_new;
    memcpy(&at_old, hw_mem_ptr(&r.pm.mem, old_pa, 4), 4);
    memcpy(&at_new, hw_mem_ptr(&r.pm.mem, new_pa, 4), 4);
    CHECK_EQ_U64(at_old, 0x33333333);   /* stale translation used */
    CHECK(at_new != 0x33333333);
    rig_w32(&r, F, SGPU_F_MMU_INVALIDATE, 1);
    rig_doorbell(&r);
    CHECK_EQ_U64(rig_r32(&r, F, SGPU_F_MMU_INVALIDATE), 0);
    rig_emit(&r, 0, w, rig_cmd_fill(w, va, 4, 0x44444444));
    rig_submit(&r);
    rig_run(&r, 100);
    memcpy(&at_old, hw_mem_ptr(&r.pm.mem, old_pa, 4), 4);
    memcpy(&at_new, hw_mem_ptr(&r.pm.mem, new_pa, 4), 4);
    CHECK_EQ_U64(at_old, 0x33333333);
    CHECK_EQ_U64(at_new, 0x44444444);
    pt_write64(&r.pm, vslot, vd);
    TEST_END();
    rig_free(&r);
}

static void expect_cmd_fault(struct rig *r, const uint32_t *w, unsigned n, uint32_t code, const char *what)
{
    run_fresh(r, w, n);
    if (fault_code(r) != code)
        printf("  %s: fault 0x%x, expected 0x%x\n", what, fault_code(r), code);
    CHECK_EQ_U64(fault_code(r), code);
    CHECK_EQ_U64(rig_r32(r, F, SGPU_F_FAULT_HEAD), 0);
    CHECK_EQ_U64(rig_r32(r, P, SGPU_P_ENGINE_STATE), SGPU_ENGINE_FAULTED);
}

static void test_malformed(void)
{
    struct rig r;
    rig_init(&r, SGPU_EXEC_BUILTIN, false);
    uint64_t buf = rig_alloc(&r, 0, 4096), args = rig_alloc(&r, 0, 64);
    uint32_t w[32];
    TEST_BEGIN("sgpu-malformed-bad-ring-pointers");
    const struct { uint64_t base; uint32_t size, tail; } bad[] = {
        { RIG_VA_BASE, 1000, 4 },             /* size not a power of two */
        { RIG_VA_BASE, 2048, 4 },             /* too small */
        { RIG_VA_BASE, 2u << 20, 4 },         /* too big */
        { RIG_VA_BASE + 8, 4096, 4 },         /* base misaligned */
        { RIG_VA_BASE, 4096, 6 },             /* tail misaligned */
        { RIG_VA_BASE, 4096, 4096 },          /* tail past the ring */
    };
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        rig_start_dom(&r, 0);
        rig_w64(&r, F, SGPU_F_RING_BASE, bad[i].base);
        rig_w32(&r, F, SGPU_F_RING_SIZE, bad[i].size);
        rig_doorbell(&r);
        rig_w32(&r, F, SGPU_F_RING_TAIL, bad[i].tail);
        rig_doorbell(&r);
        if (fault_code(&r) != SGPU_FAULT_BAD_RING)
            printf("  bad ring case %u: fault 0x%x\n", i, fault_code(&r));
        CHECK_EQ_U64(fault_code(&r), SGPU_FAULT_BAD_RING);
    }
    /* A ring in unmapped memory faults on fetch. */
    rig_start_dom(&r, 0);
    rig_w64(&r, F, SGPU_F_RING_BASE, 0x30000000);
    rig_doorbell(&r);
    rig_w32(&r, F, SGPU_F_RING_TAIL, 12);
    rig_doorbell(&r);
    CHECK_EQ_U64(fault_code(&r), SGPU_FAULT_S1_TRANSLATION);
    CHECK_EQ_U64(rig_r64(&r, F, SGPU_F_FAULT_ADDR), 0x30000000);
    TEST_END();

    TEST_BEGIN("sgpu-malformed-commands");
    w[0] = SGPU_CMD_HDR(0x7f, 0, 1);
    expect_cmd_fault(&r, w, 1, SGPU_FAULT_BAD_OPCODE, "unknown opcode");
    w[0] = SGPU_CMD_HDR(SGPU_OP_COPY, 0, 7);
    expect_cmd_fault(&r, w, 3, SGPU_FAULT_TRUNCATED, "truncated");
    w[0] = SGPU_CMD_HDR(SGPU_OP_FENCE, 0, 4);
    expect_cmd_fault(&r, w, 4, SGPU_FAULT_BAD_LENGTH, "fence length 4");
    w[0] = SGPU_CMD_HDR(SGPU_OP_NOP, 0, 0);
    expect_cmd_fault(&r, w, 1, SGPU_FAULT_BAD_LENGTH, "zero length");
    expect_cmd_fault(&r, w, rig_cmd_copy(w, buf, buf, 1ull << 30), SGPU_FAULT_OVERSIZE, "1 GiB copy");
    expect_cmd_fault(&r, w, rig_cmd_fill(w, buf, UINT64_MAX, 0), SGPU_FAULT_OVERSIZE, "huge fill");
    rig_cmd_fence(w, 1, false);
    w[0] |= 0x80 << 8;
    expect_cmd_fault(&r, w, 3, SGPU_FAULT_BAD_ARGUMENT, "reserved flag");
    expect_cmd_fault(&r, w, rig_cmd_timestamp(w, buf + 4), SGPU_FAULT_BAD_ARGUMENT, "unaligned timestamp");
    uint32_t grid[3] = { 4, 1, 1 }, wg[3] = { 64, 1, 1 };
    expect_cmd_fault(&r, w, rig_cmd_dispatch(w, 9, grid, wg, args, 24), SGPU_FAULT_BAD_KERNEL, "kernel 9");
    expect_cmd_fault(&r, w, rig_cmd_dispatch(w, 0, grid, wg, args, 24), SGPU_FAULT_BAD_KERNEL, "kernel 0");
    expect_cmd_fault(&r, w, rig_cmd_dispatch(w, SGPU_K_SAXPY, grid, wg, args, 20), SGPU_FAULT_BAD_ARGUMENT,
                     "short args");
    uint32_t big_wg[3] = { 64, 32, 1 }, zero_grid[3] = { 0, 1, 1 }, two_d[3] = { 4, 2, 1 };
    expect_cmd_fault(&r, w, rig_cmd_dispatch(w, SGPU_K_SAXPY, grid, big_wg, args, 24),
                     SGPU_FAULT_BAD_ARGUMENT, "2048-item work-group");
    expect_cmd_fault(&r, w, rig_cmd_dispatch(w, SGPU_K_SAXPY, zero_grid, wg, args, 24),
                     SGPU_FAULT_BAD_ARGUMENT, "empty grid");
    uint8_t a[64];
    memset(a, 0, sizeof(a));
    rig_write(&r, 0, args, a, 64);
    expect_cmd_fault(&r, w, rig_cmd_dispatch(w, SGPU_K_SAXPY, two_d, wg, args, 24),
                     SGPU_FAULT_BAD_ARGUMENT, "2-D saxpy");
    uint32_t rw = 16, rh = 16, stride = 32;   /* stride < 4 * width */
    memcpy(a, &buf, 8); memcpy(a + 8, &rw, 4); memcpy(a + 12, &rh, 4); memcpy(a + 16, &stride, 4);
    rig_write(&r, 0, args, a, 64);
    uint32_t g2[3] = { 1, 1, 1 }, wg2[3] = { 16, 16, 1 };
    expect_cmd_fault(&r, w, rig_cmd_dispatch(w, SGPU_K_RASTER, g2, wg2, args, 60),
                     SGPU_FAULT_BAD_ARGUMENT, "raster stride");
    uint32_t m = 1u << 16;   /* sgemm operands past the size limit */
    memset(a, 0, sizeof(a));
    memcpy(a + 24, &m, 4); memcpy(a + 28, &m, 4); memcpy(a + 32, &m, 4);
    rig_write(&r, 0, args, a, 64);
    expect_cmd_fault(&r, w, rig_cmd_dispatch(w, SGPU_K_SGEMM, g2, wg2, args, 48),
                     SGPU_FAULT_OVERSIZE, "sgemm 64k^2");
    TEST_END();

    TEST_BEGIN("sgpu-fault-recovery-by-reset");
    w[0] = SGPU_CMD_HDR(0x7f, 0, 1);
    run_fresh(&r, w, 1);
    CHECK_EQ_U64(fault_code(&r), SGPU_FAULT_BAD_OPCODE);
    /* Submitting more while faulted does nothing. */
    rig_emit(&r, 0, w, rig_cmd_fence(w, 3, false));
    rig_submit(&r);
    rig_run(&r, 100);
    CHECK(rig_r64(&r, F, SGPU_F_FENCE) != 3);
    rig_w32(&r, F, SGPU_F_RESET, 1);
    rig_doorbell(&r);
    CHECK_EQ_U64(rig_r32(&r, F, SGPU_F_FAULT_STATUS), 0);
    CHECK_EQ_U64(rig_r32(&r, F, SGPU_F_RESET), 0);
    CHECK_EQ_U64(rig_r32(&r, F, SGPU_F_RING_SIZE), 0);
    CHECK_EQ_U64(rig_r32(&r, P, SGPU_P_ENGINE_STATE), SGPU_ENGINE_IDLE);
    run_fresh(&r, w, rig_cmd_fence(w, 4, false));
    CHECK_EQ_U64(rig_r64(&r, F, SGPU_F_FENCE), 4);
    TEST_END();
    rig_free(&r);
}

int main(void)
{
    test_translation();
    test_malformed();
    return CHECK_EXIT_CODE();
}
