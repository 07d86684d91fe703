/* SGPU register semantics, every command, timing, interrupts, context
 * save/restore of the engine state, and the model-side interface. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rig.h"

#define F SGPU_PAGE_FUNC
#define P SGPU_PAGE_PRIV

static void submit_and_run(struct rig *r, const uint32_t *w, unsigned n)
{
    rig_emit(r, r->cur, w, n);
    rig_submit(r);
    rig_run(r, 1000000);
}

static void test_reset_values(void)
{
    struct rig r;
    rig_init(&r, SGPU_EXEC_BUILTIN, false);
    uint64_t v;
    TEST_BEGIN("sgpu-regs-reset-values");
    CHECK_EQ_U64(rig_r32(&r, F, SGPU_F_ID), SGPU_ID_VALUE);
    CHECK_EQ_U64(rig_r32(&r, F, SGPU_F_VERSION), SGPU_VERSION_VALUE);
    uint32_t caps = rig_r32(&r, F, SGPU_F_CAPS);
    CHECK_EQ_U64(caps & SGPU_CAPS_MAXKERNEL_MASK, SGPU_K_COUNT - 1);
    CHECK(caps & SGPU_CAPS_MMU);
    CHECK_EQ_U64((caps >> SGPU_CAPS_TLB_SHIFT) & 0xff, 16);
    CHECK_EQ_U64(rig_r32(&r, F, SGPU_F_KERNELS), 0x3e);
    CHECK_EQ_U64(rig_r32(&r, F, SGPU_F_RING_HEAD), 0);
    CHECK_EQ_U64(rig_r32(&r, F, SGPU_F_STATUS), 0);
    CHECK_EQ_U64(rig_r32(&r, F, SGPU_F_FAULT_STATUS), 0);
    CHECK_EQ_U64(rig_r32(&r, P, SGPU_P_ENGINE_STATE), SGPU_ENGINE_IDLE);
    CHECK_EQ_U64(rig_r32(&r, P, SGPU_P_CTX_SIZE_REQ), 256);
    CHECK_EQ_U64(sgpu_ctx_size(), 256);
    TEST_END();

    TEST_BEGIN("sgpu-regs-bad-access-refused");
    CHECK(sgpu_reg_read(r.g, 2, 0, 4, &v) == -1 && v == 0);
    CHECK(sgpu_reg_read(r.g, F, 4096, 4, &v) == -1);
    CHECK(sgpu_reg_read(r.g, F, 2, 4, &v) == -1);
    CHECK(sgpu_reg_read(r.g, F, 0, 2, &v) == -1);
    CHECK(sgpu_reg_read(r.g, F, 0xffc, 8, &v) == -1);
    CHECK(sgpu_reg_write(r.g, F, 0x1001, 4, 1) == -1);
    CHECK(sgpu_reg_write(r.g, 7, 0, 4, 1) == -1);
    CHECK(sgpu_reg_read(r.g, F, SGPU_F_FENCE, 8, &v) == 0);
    TEST_END();
    rig_free(&r);
}

static void test_irq_and_fence(void)
{
    struct rig r;
    rig_init(&r, SGPU_EXEC_BUILTIN, false);
    rig_start_dom(&r, 0);
    uint32_t w[16];
    uint64_t va = rig_alloc(&r, 0, 4096);
    TEST_BEGIN("sgpu-fence-irq-mask-clear");
    unsigned before = r.irqs[0];
    unsigned n = rig_cmd_fence(w, 0x1122334455667788ull, true);
    submit_and_run(&r, w, n);
    CHECK_EQ_U64(rig_r64(&r, F, SGPU_F_FENCE), 0x1122334455667788ull);
    CHECK(rig_r32(&r, F, SGPU_F_IRQ_RAWSTAT) & SGPU_IRQ_FENCE);
    CHECK(rig_r32(&r, F, SGPU_F_IRQ_STATUS) & SGPU_IRQ_FENCE);
    CHECK(r.irqs[0] == before + 1);  /* FENCE and IDLE in one go: one MSI */
    rig_w32(&r, F, SGPU_F_IRQ_CLEAR, SGPU_IRQ_ALL);
    rig_doorbell(&r);
    CHECK_EQ_U64(rig_r32(&r, F, SGPU_F_IRQ_RAWSTAT), 0);
    CHECK_EQ_U64(rig_r32(&r, F, SGPU_F_IRQ_CLEAR), 0);   /* trigger consumed */
    /* Masked: latched in RAWSTAT, no MSI; unmasking delivers it. */
    rig_w32(&r, F, SGPU_F_IRQ_MASK, 0);
    rig_doorbell(&r);
    before = r.irqs[0];
    submit_and_run(&r, w, rig_cmd_fence(w, 5, true));
    CHECK(rig_r32(&r, F, SGPU_F_IRQ_RAWSTAT) & SGPU_IRQ_FENCE);
    CHECK_EQ_U64(rig_r32(&r, F, SGPU_F_IRQ_STATUS), 0);
    CHECK(r.irqs[0] == before);
    rig_w32(&r, F, SGPU_F_IRQ_MASK, SGPU_IRQ_FENCE);
    rig_doorbell(&r);
    CHECK(r.irqs[0] == before + 1);
    TEST_END();

    TEST_BEGIN("sgpu-cmd-nop-and-fence-to-memory");
    uint32_t c[16] = { SGPU_CMD_HDR(SGPU_OP_NOP, 0, 4), 1, 2, 3,
                       SGPU_CMD_HDR(SGPU_OP_FENCE, 0, 5), 0xdeadbeef, 0xcafe, (uint32_t)va,
                       (uint32_t)(va >> 32) };
    uint32_t head0 = rig_r32(&r, F, SGPU_F_RING_HEAD);
    submit_and_run(&r, c, 9);
    uint64_t got = 0;
    rig_read(&r, 0, va, &got, 8);
    CHECK_EQ_U64(got, 0x0000cafedeadbeefull);
    CHECK_EQ_U64(rig_r64(&r, F, SGPU_F_FENCE), 0x0000cafedeadbeefull);
    CHECK_EQ_U64(rig_r32(&r, F, SGPU_F_RING_HEAD), head0 + 36);
    CHECK_EQ_U64(rig_r32(&r, F, SGPU_F_FAULT_STATUS), 0);
    TEST_END();
    rig_free(&r);
}

static void test_copy_fill(void)
{
    struct rig r;
    rig_init(&r, SGPU_EXEC_BUILTIN, true);
    rig_start_dom(&r, 0);
    uint32_t w[16];
    const uint64_t len = 200 * 1024 + 13;
    uint64_t src = rig_alloc(&r, 0, len + 8), dst = rig_alloc(&r, 0, len + 8);
    uint8_t *a = malloc(len + 8), *b = malloc(len + 8);
    for (uint64_t i = 0; i < len + 8; i++)
        a[i] = (uint8_t)(i * 7 + 3);
    rig_write(&r, 0, src, a, len + 8);
    memset(b, 0x11, len + 8);
    rig_write(&r, 0, dst, b, len + 8);
    TEST_BEGIN("sgpu-cmd-copy-multi-chunk-scattered");
    submit_and_run(&r, w, rig_cmd_copy(w, src + 5, dst + 3, len));
    rig_read(&r, 0, dst, b, len + 8);
    CHECK(memcmp(b + 3, a + 5, len) == 0);
    CHECK(b[0] == 0x11 && b[2] == 0x11 && b[len + 3] == 0x11);
    CHECK_EQ_U64(rig_r32(&r, F, SGPU_F_FAULT_STATUS), 0);
    submit_and_run(&r, w, rig_cmd_copy(w, src, dst, 0));   /* empty copy is fine */
    CHECK_EQ_U64(rig_r32(&r, F, SGPU_F_FAULT_STATUS), 0);
    TEST_END();

    TEST_BEGIN("sgpu-cmd-fill-pattern");
    memset(b, 0x22, len + 8);
    rig_write(&r, 0, dst, b, len + 8);
    submit_and_run(&r, w, rig_cmd_fill(w, dst + 1, 100003, 0x44332211u));
    rig_read(&r, 0, dst, b, len + 8);
    bool ok = b[0] == 0x22 && b[100004] == 0x22;
    for (uint64_t i = 0; i < 100003; i++)
        ok &= b[1 + i] == (uint8_t)(0x11 * (i % 4 + 1));
    CHECK(ok);
    TEST_END();
    free(a);
    free(b);
    rig_free(&r);
}

static void test_timing(void)
{
    struct rig r;
    rig_init(&r, SGPU_EXEC_BUILTIN, false);
    rig_start_dom(&r, 0);
    uint32_t w[32];
    uint64_t ts = rig_alloc(&r, 0, 64), src = rig_alloc(&r, 0, 65536 * 2), dst = rig_alloc(&r, 0, 65536 * 2);
    TEST_BEGIN("sgpu-timing-busy-timestamp-copy");
    r.now = 5000;
    unsigned n = rig_cmd_busy(w, 12345, false);
    n += rig_cmd_timestamp(w + n, ts);
    n += rig_cmd_copy(w + n, src, dst, 65536 + 16);
    n += rig_cmd_timestamp(w + n, ts + 8);
    uint64_t jobs0 = rig_r64(&r, P, SGPU_P_JOBS);
    submit_and_run(&r, w, n);
    uint64_t t[2];
    rig_read(&r, 0, ts, t, 16);
    /* BUSY is exactly its ns; TIMESTAMP costs one fetch (20 ns); COPY is
     * a fetch plus ceil(bytes / 16) ns per chunk. */
    CHECK_EQ_U64(t[0], 5000 + 12345 + 20);
    CHECK_EQ_U64(t[1], t[0] + 20 + 4096 + 1 + 20);
    CHECK_EQ_U64(rig_r64(&r, P, SGPU_P_JOBS), jobs0 + 4);
    CHECK(rig_r64(&r, P, SGPU_P_BUSY_NS) >= 12345 + 4097);
    CHECK(rig_r64(&r, F, SGPU_F_TIME) >= t[1]);
    TEST_END();

    TEST_BEGIN("sgpu-ring-wraps");
    /* Pad with NOPs to 8 bytes before the end, then a FENCE across it. */
    uint32_t tail = r.dom[0].tail;
    uint32_t pad = (RIG_RING_SIZE - 8 - tail) / 4;
    w[0] = SGPU_CMD_HDR(SGPU_OP_NOP, 0, pad);
    rig_emit(&r, 0, w, 1);
    for (uint32_t i = 1; i < pad; i++)
        rig_emit(&r, 0, w + 1, 1);
    submit_and_run(&r, w, rig_cmd_fence(w, 77, false));
    CHECK_EQ_U64(rig_r64(&r, F, SGPU_F_FENCE), 77);
    CHECK_EQ_U64(rig_r32(&r, F, SGPU_F_RING_HEAD), 4);
    CHECK_EQ_U64(rig_r32(&r, F, SGPU_F_FAULT_STATUS), 0);
    TEST_END();
    rig_free(&r);
}

/* The same command stream twice on fresh models: identical times. */
static void test_determinism(void)
{
    uint64_t got[2][3];
    for (int run = 0; run < 2; run++) {
        struct rig r;
        rig_init(&r, SGPU_EXEC_BUILTIN, false);
        rig_start_dom(&r, 0);
        uint64_t ts = rig_alloc(&r, 0, 64), buf = rig_alloc(&r, 0, 300000);
        uint32_t w[32];
        r.now = 777;
        unsigned n = rig_cmd_fill(w, buf, 300000, 1);
        n += rig_cmd_busy(w + n, 999, false);
        n += rig_cmd_timestamp(w + n, ts);
        submit_and_run(&r, w, n);
        rig_read(&r, 0, ts, &got[run][0], 8);
        got[run][1] = rig_r64(&r, P, SGPU_P_BUSY_NS);
        got[run][2] = r.now;
        rig_free(&r);
    }
    TEST_BEGIN("sgpu-virtual-time-deterministic");
    CHECK_EQ_U64(got[0][0], got[1][0]);
    CHECK_EQ_U64(got[0][1], got[1][1]);
    CHECK_EQ_U64(got[0][2], got[1][2]);
    CHECK_EQ_U64(got[0][0], 777 + 20 + 300000 / 32 + 999 + 20);
    TEST_END();
}

static uint32_t ctx32(struct rig *r, int d, unsigned off)
{
    uint32_t v;
    memcpy(&v, hw_mem_ptr(&r->pm.mem, r->dom[d].ctx_pa + off, 4), 4);
    return v;
}

static void test_preempt_busy_copy(void)
{
    struct rig r;
    rig_init(&r, SGPU_EXEC_BUILTIN, false);
    rig_start_dom(&r, 0);
    uint32_t w[32];
    uint64_t ts = rig_alloc(&r, 0, 64);
    TEST_BEGIN("sgpu-preempt-busy-at-any-ns");
    r.now = 10000;
    unsigned n = rig_cmd_busy(w, 10000, false);
    n += rig_cmd_timestamp(w + n, ts);
    rig_emit(&r, 0, w, n);
    rig_submit(&r);
    unsigned irq1 = r.irqs[1];
    rig_run_until(&r, 13333);
    CHECK(rig_preempt(&r, 10));
    CHECK_EQ_U64(ctx32(&r, 0, 0x68), 3333);            /* BUSY progress */
    CHECK_EQ_U64(ctx32(&r, 0, 0x14), 1);
    CHECK_EQ_U64(rig_r64(&r, P, SGPU_P_PREEMPT_NS), 16); /* 256 B at 16 B/ns */
    CHECK_EQ_U64(rig_r32(&r, P, SGPU_P_CTX_BYTES), 256);
    CHECK(rig_r32(&r, P, SGPU_P_PIRQ_RAWSTAT) & SGPU_PIRQ_PREEMPTED);
    CHECK(r.irqs[1] > irq1);
    r.now = 50000;
    CHECK_EQ_U64(rig_resume(&r, 0), SGPU_PRES_OK);
    /* The model names the exact completion time, so the host needs only a
     * couple of calls (BUSY end, TIMESTAMP end). */
    unsigned events = rig_run(&r, 100);
    CHECK(events <= 3);
    uint64_t t;
    rig_read(&r, 0, ts, &t, 8);
    CHECK_EQ_U64(t, 50000 + 16 + (10000 - 3333) + 20);
    TEST_END();

    TEST_BEGIN("sgpu-preempt-mid-copy-chunk");
    uint64_t src = rig_alloc(&r, 0, 4 * 65536), dst = rig_alloc(&r, 0, 4 * 65536);
    uint8_t *a = malloc(4 * 65536), *b = malloc(4 * 65536);
    for (unsigned i = 0; i < 4 * 65536; i++)
        a[i] = (uint8_t)(i ^ (i >> 9));
    rig_write(&r, 0, src, a, 4 * 65536);
    r.now = 100000;
    rig_emit(&r, 0, w, rig_cmd_copy(w, src, dst, 4 * 65536));
    rig_submit(&r);
    rig_run_until(&r, 100000 + 20 + 4096 + 100);        /* inside chunk 1 */
    CHECK(rig_preempt(&r, 10));
    CHECK_EQ_U64(ctx32(&r, 0, 0x68), 2);                 /* chunk 1 finished first */
    CHECK_EQ_U64(rig_r64(&r, P, SGPU_P_PREEMPT_NS), 4096 - 100 + 16);
    CHECK_EQ_U64(rig_resume(&r, 0), SGPU_PRES_OK);
    rig_run(&r, 100);
    rig_read(&r, 0, dst, b, 4 * 65536);
    CHECK(memcmp(a, b, 4 * 65536) == 0);
    free(a);
    free(b);
    TEST_END();

    TEST_BEGIN("sgpu-preempt-idle-and-errors");
    CHECK(rig_preempt(&r, 2));                            /* idle: at once */
    CHECK_EQ_U64(ctx32(&r, 0, 0x14), 0);
    /* Preempting a preempted engine is a state error. */
    rig_w32(&r, P, SGPU_P_PCMD, SGPU_PCMD_PREEMPT);
    rig_doorbell(&r);
    CHECK_EQ_U64(rig_r32(&r, P, SGPU_P_PCMD_RESULT), SGPU_PRES_BAD_STATE);
    CHECK(rig_r32(&r, P, SGPU_P_PIRQ_RAWSTAT) & SGPU_PIRQ_PCMD_ERR);
    /* A corrupted image is refused and the engine stays preempted. */
    uint8_t *img = hw_mem_ptr(&r.pm.mem, r.dom[0].ctx_pa, 256);
    img[0x24] ^= 4;
    CHECK_EQ_U64(rig_resume(&r, 0), SGPU_PRES_BAD_CTX_IMAGE);
    CHECK_EQ_U64(rig_r32(&r, P, SGPU_P_ENGINE_STATE), SGPU_ENGINE_PREEMPTED);
    img[0x24] ^= 4;
    CHECK_EQ_U64(rig_resume(&r, 0), SGPU_PRES_OK);
    /* A save area outside RAM or misaligned is refused up front. */
    rig_w64(&r, P, SGPU_P_CTX_ADDR, 0x1000);
    rig_w32(&r, P, SGPU_P_PCMD, SGPU_PCMD_PREEMPT);
    rig_doorbell(&r);
    CHECK_EQ_U64(rig_r32(&r, P, SGPU_P_PCMD_RESULT), SGPU_PRES_BAD_CTX_ADDR);
    rig_w64(&r, P, SGPU_P_CTX_ADDR, r.dom[0].ctx_pa + 8);
    rig_w32(&r, P, SGPU_P_PCMD, SGPU_PCMD_PREEMPT);
    rig_doorbell(&r);
    CHECK_EQ_U64(rig_r32(&r, P, SGPU_P_PCMD_RESULT), SGPU_PRES_BAD_CTX_ADDR);
    rig_w32(&r, P, SGPU_P_PCMD, 99);
    rig_doorbell(&r);
    CHECK_EQ_U64(rig_r32(&r, P, SGPU_P_PCMD_RESULT), SGPU_PRES_UNKNOWN_CMD);
    CHECK_EQ_U64(rig_r32(&r, P, SGPU_P_ENGINE_STATE), SGPU_ENGINE_IDLE);
    /* Resume while running is refused. */
    rig_w64(&r, P, SGPU_P_CTX_ADDR, r.dom[0].ctx_pa);
    rig_emit(&r, 0, w, rig_cmd_busy(w, 1000000, false));
    rig_submit(&r);
    rig_w32(&r, P, SGPU_P_PCMD, SGPU_PCMD_RESUME);
    rig_doorbell(&r);
    CHECK_EQ_U64(rig_r32(&r, P, SGPU_P_PCMD_RESULT), SGPU_PRES_BAD_STATE);
    TEST_END();

    TEST_BEGIN("sgpu-s2-change-deferred-while-running");
    uint64_t root0 = r.dom[0].s2_root;
    rig_w64(&r, P, SGPU_P_S2_ROOT, r.dom[1].s2_root);
    rig_doorbell(&r);
    CHECK_EQ_U64(rig_r32(&r, P, SGPU_P_ENGINE_STATE), SGPU_ENGINE_RUNNING);
    rig_w64(&r, P, SGPU_P_S2_ROOT, root0);
    rig_doorbell(&r);
    rig_run(&r, 100);
    CHECK_EQ_U64(rig_r32(&r, F, SGPU_F_FAULT_STATUS), 0);
    CHECK_EQ_U64(rig_r32(&r, P, SGPU_P_ENGINE_STATE), SGPU_ENGINE_IDLE);
    TEST_END();
    rig_free(&r);
}

static void test_hang(void)
{
    struct rig r;
    rig_init(&r, SGPU_EXEC_BUILTIN, false);
    rig_start_dom(&r, 0);
    uint32_t w[16];
    TEST_BEGIN("sgpu-hang-watchdog-and-reset");
    rig_w64(&r, P, SGPU_P_WATCHDOG_NS, 100000);
    r.now = 1000;
    unsigned irq1 = r.irqs[1];
    rig_emit(&r, 0, w, rig_cmd_busy(w, UINT64_MAX, true));   /* never finishes */
    rig_submit(&r);
    /* A preemption cannot get past a non-preemptible unit that has
     * started (at the very instant of its start it is still a boundary). */
    r.now += 500;
    rig_w64(&r, P, SGPU_P_CTX_ADDR, r.dom[0].ctx_pa);
    rig_w32(&r, P, SGPU_P_PCMD, SGPU_PCMD_PREEMPT);
    rig_doorbell(&r);
    CHECK_EQ_U64(rig_r32(&r, P, SGPU_P_ENGINE_STATE), SGPU_ENGINE_PREEMPTING);
    rig_run(&r, 100);
    CHECK_EQ_U64(r.now, 1000 + 100000);
    CHECK_EQ_U64(rig_r32(&r, P, SGPU_P_ENGINE_STATE), SGPU_ENGINE_HUNG);
    CHECK(rig_r32(&r, P, SGPU_P_PIRQ_RAWSTAT) & SGPU_PIRQ_HUNG);
    CHECK(r.irqs[1] > irq1);
    CHECK_EQ_U64(rig_r32(&r, F, SGPU_F_FAULT_STATUS), SGPU_FAULT_VALID | SGPU_FAULT_HANG);
    CHECK_EQ_U64(rig_r32(&r, P, SGPU_P_PCMD_RESULT), SGPU_PRES_BAD_STATE);
    /* The hung context can still be saved (its job failed), then reset. */
    CHECK(rig_preempt(&r, 10));
    CHECK_EQ_U64(ctx32(&r, 0, 0x10), SGPU_ENGINE_HUNG);
    rig_w32(&r, P, SGPU_P_PCMD, SGPU_PCMD_RESET);
    rig_doorbell(&r);
    CHECK_EQ_U64(rig_r32(&r, P, SGPU_P_ENGINE_STATE), SGPU_ENGINE_IDLE);
    rig_start_dom(&r, 0);
    rig_emit(&r, 0, w, rig_cmd_fence(w, 9, false));
    rig_submit(&r);
    rig_run(&r, 100);
    CHECK_EQ_U64(rig_r64(&r, F, SGPU_F_FENCE), 9);
    TEST_END();

    TEST_BEGIN("sgpu-hang-without-watchdog-and-stall");
    rig_w64(&r, P, SGPU_P_WATCHDOG_NS, 0);
    rig_doorbell(&r);
    rig_emit(&r, 0, w, rig_cmd_busy(w, UINT64_MAX, true));
    rig_submit(&r);
    r.now += 500;
    CHECK(!rig_preempt(&r, 50));   /* left to the hypervisor's watchdog */
    CHECK_EQ_U64(rig_r32(&r, P, SGPU_P_ENGINE_STATE), SGPU_ENGINE_PREEMPTING);
    rig_w32(&r, P, SGPU_P_PCMD, SGPU_PCMD_RESET);
    rig_doorbell(&r);
    rig_start_dom(&r, 0);
    /* DEBUG_STALL wedges the engine mid-command; the watchdog sees it. */
    rig_w64(&r, P, SGPU_P_WATCHDOG_NS, 5000);
    rig_doorbell(&r);
    uint64_t t0 = r.now;
    rig_emit(&r, 0, w, rig_cmd_busy(w, 3000, true));
    rig_submit(&r);
    rig_w32(&r, P, SGPU_P_DEBUG_STALL, 1);
    rig_doorbell(&r);
    rig_run(&r, 100);
    CHECK_EQ_U64(rig_r32(&r, P, SGPU_P_ENGINE_STATE), SGPU_ENGINE_HUNG);
    CHECK_EQ_U64(r.now, t0 + 5000);
    rig_w32(&r, P, SGPU_P_PCMD, SGPU_PCMD_RESET);
    rig_doorbell(&r);
    CHECK_EQ_U64(rig_r32(&r, P, SGPU_P_DEBUG_STALL), 0);
    CHECK_EQ_U64(rig_r32(&r, P, SGPU_P_ENGINE_STATE), SGPU_ENGINE_IDLE);
    TEST_END();
    rig_free(&r);
}

static unsigned model_irqs;
static void model_irq(void *ctx, unsigned v)
{
    (void)ctx;
    model_irqs += v + 1;
}

static void test_model_ops(void)
{
    uint8_t *ram = calloc(1, 1 << 20);
    uint8_t *regs = calloc(SGPU_NUM_PAGES, HW_PAGE_SIZE);
    struct hw_model_env env = { .mem = { ram, 0x40000000, 1 << 20 }, .regs = regs,
                                .raise_irq = model_irq, .options = "executor=builtin" };
    char err[256] = "";
    TEST_BEGIN("sgpu-model-ops-interface");
    CHECK(!strcmp(hw_sgpu_model_ops.name, "sgpu"));
    CHECK_EQ_U64(hw_sgpu_model_ops.n_pages, 2);
    CHECK_EQ_U64(hw_sgpu_model_ops.n_vectors, 2);
    struct hw_model_env bad = env;
    bad.options = "executor=gpu9000";
    CHECK(hw_sgpu_model_ops.create(&bad, err, sizeof(err)) == NULL);
    CHECK(strstr(err, "executor=gpu9000") != NULL);
    void *m = hw_sgpu_model_ops.create(&env, err, sizeof(err));
    CHECK(m != NULL);
    if (m) {
        CHECK_EQ_U64(hw_reg_load32(regs, SGPU_F_ID), SGPU_ID_VALUE);
        /* Stages off: device VA = machine PA. A ring at RAM base with one
         * FENCE+IRQ, written straight into the shared pages. */
        uint32_t cmd[3] = { SGPU_CMD_HDR(SGPU_OP_FENCE, SGPU_FENCE_FLAG_IRQ, 3), 42, 0 };
        memcpy(ram, cmd, sizeof(cmd));
        hw_reg_store64(regs, SGPU_F_RING_BASE, 0x40000000);
        hw_reg_store32(regs, SGPU_F_RING_SIZE, 4096);
        hw_reg_store32(regs, SGPU_F_IRQ_MASK, SGPU_IRQ_FENCE);
        hw_reg_store32(regs, SGPU_F_CONTROL, SGPU_CONTROL_RING_ENABLE);
        hw_reg_store32(regs, SGPU_F_RING_TAIL, 12);
        hw_sgpu_model_ops.doorbell(m, 100);
        CHECK_EQ_U64(hw_sgpu_model_ops.advance(m, 1000), HW_MODEL_IDLE);
        CHECK_EQ_U64(hw_reg_load64(regs, SGPU_F_FENCE), 42);
        CHECK_EQ_U64(model_irqs, 1);
        hw_sgpu_model_ops.reset(m, 2000);
        CHECK_EQ_U64(hw_reg_load64(regs, SGPU_F_FENCE), 0);
        CHECK_EQ_U64(hw_reg_load32(regs, SGPU_F_RING_SIZE), 0);
        hw_sgpu_model_ops.destroy(m);
    }
    TEST_END();
    free(ram);
    free(regs);
}

static char fallback_log[512];
static void fallback_logger(void *ctx, const char *msg)
{
    (void)ctx;
    snprintf(fallback_log, sizeof(fallback_log), "%s", msg);
}

/* Run with OCL_ICD_VENDORS pointing at an empty place: asking for OpenCL
 * must say why it is unavailable and fall back to the built-in executor. */
static int test_opencl_fallback(void)
{
    uint8_t *ram = calloc(1, 1 << 16);
    struct sgpu_config cfg = { .mem = { ram, 0x40000000, 1 << 16 }, .executor = SGPU_EXEC_OPENCL,
                               .log = fallback_logger };
    char err[256];
    struct sgpu *g = sgpu_create(&cfg, err, sizeof(err));
    TEST_BEGIN("sgpu-opencl-missing-falls-back-with-message");
    CHECK(g != NULL);
    if (g) {
        CHECK(sgpu_executor(g) == SGPU_EXEC_BUILTIN);
        uint64_t v = 1;
        sgpu_reg_read(g, SGPU_PAGE_PRIV, SGPU_P_EXECUTOR, 4, &v);
        CHECK_EQ_U64(v, SGPU_EXEC_BUILTIN);
        sgpu_reg_read(g, SGPU_PAGE_FUNC, SGPU_F_CAPS, 4, &v);
        CHECK(!(v & SGPU_CAPS_OPENCL));
    }
    printf("  model said: %s\n", fallback_log);
    CHECK(strstr(fallback_log, "OpenCL executor unavailable") != NULL);
    CHECK(strstr(fallback_log, "built-in") != NULL);
    TEST_END();
    sgpu_destroy(g);
    free(ram);
    return CHECK_EXIT_CODE();
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--opencl-fallback"))
        return test_opencl_fallback();
    test_reset_values();
    test_irq_and_fence();
    test_copy_fill();
    test_timing();
    test_determinism();
    test_preempt_busy_copy();
    test_hang();
    test_model_ops();
    return CHECK_EXIT_CODE();
}
