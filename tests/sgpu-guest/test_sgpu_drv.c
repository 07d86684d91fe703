/* The SGPU guest library on the in-process model ("bare hardware"):
 * probing and bad parameters, page tables, ring wrap-around and
 * back-pressure, faults through the library's error path and recovery by
 * reset, timeouts, and the log formatter. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "host_env.h"
#include "sgpu/fmt.h"
#include "sgpu/sgpu_drv.h"

#define RAM_BYTES (32ull << 20)

static struct sgpu_dev *open_dev(struct host_env *h, const struct sgpu_params *p)
{
    int err = 0;
    if (host_env_init(h, RAM_BYTES, SGPU_EXEC_BUILTIN))
        return NULL;
    struct sgpu_dev *d = sgpu_dev_open(&h->env, p, &err);
    if (!d)
        printf("  sgpu_dev_open: %s\n", sgpu_err_str(err));
    return d;
}

/* saxpy on 1000 floats, checked exactly (small integers: no rounding). */
static bool saxpy_works(struct sgpu_dev *d)
{
    struct sgpu_buf x, y;
    if (sgpu_buf_alloc(d, 4000, 0, &x) || sgpu_buf_alloc(d, 4000, 0, &y))
        return false;
    float *fx = x.cpu, *fy = y.cpu;
    for (int i = 0; i < 1000; i++) {
        fx[i] = (float)i;
        fy[i] = 1.0f;
    }
    if (sgpu_kernel_saxpy(d, x.va, y.va, 1000, 2.0f) || sgpu_fence_finish(d, 0))
        return false;
    for (int i = 0; i < 1000; i++)
        if (fy[i] != 2.0f * (float)i + 1.0f)
            return false;
    return true;
}

static void test_probe(void)
{
    struct host_env h;
    TEST_BEGIN("sgpu-guest-probe");
    struct sgpu_dev *d = open_dev(&h, NULL);
    CHECK(d != NULL);
    if (d) {
        const struct sgpu_info *i = sgpu_dev_info(d);
        CHECK_EQ_U64(i->id, SGPU_ID_VALUE);
        CHECK_EQ_U64(i->version, SGPU_VERSION_VALUE);
        CHECK_EQ_U64(i->kernels, 0x3e);
        CHECK_EQ_U64(i->max_kernel, 5);
        CHECK_EQ_U64(i->tlb_entries, 16);
        CHECK(host_env_log_has(&h, "sgpu: SGPU 1.0, kernels 0x3e"));
        CHECK(saxpy_works(d));
        /* The ring, its MMU and the interrupt mask are really programmed. */
        CHECK_EQ_U64(sgpu_dev_read32(d, SGPU_F_RING_SIZE), 65536);
        CHECK_EQ_U64(sgpu_dev_read32(d, SGPU_F_MMU_CONTROL), 1);
        CHECK(h.irqs >= 1);
    }
    host_env_free(&h);

    /* Bad parameters and a missing device, each named in the log. */
    int err = 0;
    struct sgpu_params p = { .ring_bytes = 3000 };
    CHECK(host_env_init(&h, RAM_BYTES, SGPU_EXEC_BUILTIN) == 0);
    CHECK(sgpu_dev_open(&h.env, &p, &err) == NULL);
    CHECK_EQ_U64(err, (uint64_t)SGPU_ERR_INVAL);
    CHECK(host_env_log_has(&h, "ring_bytes 3000 is not a power of two"));
    p = (struct sgpu_params){ .ring_bytes = 2u << 20 };
    CHECK(sgpu_dev_open(&h.env, &p, &err) == NULL && err == SGPU_ERR_INVAL);
    p = (struct sgpu_params){ .va_base = 0x1234 };
    CHECK(sgpu_dev_open(&h.env, &p, &err) == NULL && err == SGPU_ERR_INVAL);
    CHECK(host_env_log_has(&h, "va_base 0x1234"));
    h.fail_id = true;
    CHECK(sgpu_dev_open(&h.env, NULL, &err) == NULL);
    CHECK_EQ_U64(err, (uint64_t)SGPU_ERR_NODEV);
    CHECK(host_env_log_has(&h, "no SGPU here (ID 0x00000000"));
    struct sgpu_env broken = { .ops = NULL };
    CHECK(sgpu_dev_open(&broken, NULL, &err) == NULL && err == SGPU_ERR_INVAL);
    host_env_free(&h);

    /* Out of guest memory: a RAM too small for the ring. */
    CHECK(host_env_init(&h, 64 * 1024, SGPU_EXEC_BUILTIN) == 0);
    CHECK(sgpu_dev_open(&h.env, NULL, &err) == NULL);
    CHECK_EQ_U64(err, (uint64_t)SGPU_ERR_NOMEM);
    CHECK(host_env_log_has(&h, "out of guest memory"));
    host_env_free(&h);
    TEST_END();
}

static void test_bad_args(void)
{
    struct host_env h;
    TEST_BEGIN("sgpu-guest-bad-arguments");
    struct sgpu_dev *d = open_dev(&h, NULL);
    CHECK(d != NULL);
    if (d) {
        uint32_t g0[3] = { 0, 1, 1 }, g1[3] = { 1, 1, 1 }, wg[3] = { 64, 32, 1 }, wgok[3] = { 1, 1, 1 };
        uint8_t args[24] = { 0 };
        struct sgpu_buf b;
        CHECK(sgpu_cmd_dispatch(d, 1, g0, wgok, args, 24) == SGPU_ERR_INVAL);
        CHECK(host_env_log_has(&h, "grid 0x1x1"));
        CHECK(sgpu_cmd_dispatch(d, 1, g1, wg, args, 24) == SGPU_ERR_INVAL);
        CHECK(host_env_log_has(&h, "2048 items per work-group"));
        CHECK(sgpu_cmd_dispatch(d, 7, g1, wgok, args, 24) == SGPU_ERR_INVAL);
        CHECK(host_env_log_has(&h, "kernel 7 not available"));
        CHECK(sgpu_cmd_copy(d, 0, 0, (256ull << 20) + 1) == SGPU_ERR_INVAL);
        CHECK(sgpu_cmd_timestamp(d, 0x1004) == SGPU_ERR_INVAL);
        CHECK(sgpu_fence_wait(d, 99, 0) == SGPU_ERR_INVAL);
        CHECK(host_env_log_has(&h, "fence 99 was never emitted"));
        CHECK(sgpu_buf_alloc(d, 0, 0, &b) == SGPU_ERR_INVAL);
        CHECK(sgpu_mmu_map(d, 0x1000, 0x40000000, 0x800, 0) == SGPU_ERR_INVAL);
        CHECK(sgpu_mmu_map(d, 1ull << 39, 0x40000000, 0x1000, 0) == SGPU_ERR_INVAL);
        CHECK(sgpu_buf_alloc(d, 4096, 0, &b) == SGPU_OK);
        CHECK(sgpu_mmu_map(d, b.va, b.ipa, 4096, 0) == SGPU_ERR_INVAL);
        CHECK(host_env_log_has(&h, "is already mapped"));
        struct sgpu_triangle t = { { 0, 0, 1 << 21, 0, 0, 16 }, { 0, 0, 0 } };
        CHECK(sgpu_kernel_raster(d, b.va, 16, 16, 60, &t) == SGPU_ERR_INVAL);
        CHECK(sgpu_kernel_raster(d, b.va, 16, 16, 64, &t) == SGPU_ERR_INVAL);
        CHECK(host_env_log_has(&h, "outside +-2^20"));
        /* Nothing of that reached the device: it still works. */
        CHECK(saxpy_works(d));
    }
    host_env_free(&h);
    TEST_END();
}

/* Thousands of commands of odd lengths through a 4 KiB ring: commands
 * straddle the end, the ring wraps many times, and every fence retires in
 * order with its value also written to memory. */
static void test_ring_wrap(void)
{
    struct host_env h;
    struct sgpu_params p = { .ring_bytes = 4096 };
    TEST_BEGIN("sgpu-guest-ring-wrap");
    struct sgpu_dev *d = open_dev(&h, &p);
    CHECK(d != NULL);
    if (d) {
        struct sgpu_buf m;
        uint32_t s = 7;
        uint64_t seq = 0, waited = 0;
        int r = sgpu_buf_alloc(d, 4096, 0, &m);
        for (int i = 0; i < 6000 && !r; i++) {
            s = s * 1103515245u + 12345u;
            switch ((s >> 16) % 4) {
            case 0: r = sgpu_cmd_nop(d, 1 + (s >> 20) % 13); break;
            case 1: r = sgpu_cmd_fill(d, m.va + 64, 64, s); break;
            case 2: r = sgpu_cmd_fence(d, m.va, &seq); break;
            default: r = sgpu_cmd_timestamp(d, m.va + 8); break;
            }
            if (!r && i % 500 == 499) {
                r = sgpu_cmd_submit(d);
                if (!r && seq > waited) {
                    r = sgpu_fence_wait(d, seq, 0);
                    waited = seq;
                }
            }
        }
        CHECK_EQ_U64(r, 0);
        CHECK(sgpu_fence_finish(d, 0) == SGPU_OK);
        CHECK(sgpu_cmd_ring_wraps(d) >= 10);
        CHECK_EQ_U64(sgpu_dev_read32(d, SGPU_F_RING_HEAD), sgpu_dev_read32(d, SGPU_F_RING_TAIL));
        CHECK_EQ_U64(*(volatile uint64_t *)m.cpu, seq);
        CHECK_EQ_U64(sgpu_fence_retired(d), seq + 1);
        CHECK_EQ_U64(sgpu_cmd_ring_free(d), 4092);
        printf("  ring: %llu wraps, %llu fences\n", (unsigned long long)sgpu_cmd_ring_wraps(d),
               (unsigned long long)seq + 1);
    }
    host_env_free(&h);
    TEST_END();
}

/* More BUSY work than the ring holds, queued without waiting: the library
 * blocks until the device makes room, and everything runs. */
static void test_back_pressure(void)
{
    struct host_env h;
    struct sgpu_params p = { .ring_bytes = 4096, .timeout_ns = 5000000 };
    TEST_BEGIN("sgpu-guest-back-pressure");
    struct sgpu_dev *d = open_dev(&h, &p);
    CHECK(d != NULL);
    if (d) {
        uint64_t t0 = h.now;
        int r = 0;
        for (int i = 0; i < 1000 && !r; i++)        /* 12 KB of commands, 10 ms of work */
            r = sgpu_cmd_busy(d, 10000, false);
        CHECK_EQ_U64(r, 0);
        CHECK(sgpu_fence_finish(d, 0) == SGPU_OK);
        CHECK(h.now - t0 >= 10000000);
        CHECK(sgpu_cmd_ring_wraps(d) >= 2);

        /* A command that never ends: the ring fills and stays full, and the
         * library gives up after its timeout with a log line. */
        r = sgpu_cmd_busy(d, UINT64_MAX, false);
        t0 = h.now;
        for (int i = 0; i < 1000 && !r; i++)
            r = sgpu_cmd_busy(d, 10, false);
        CHECK_EQ_U64(r, (uint64_t)SGPU_ERR_TIMEOUT);
        CHECK(h.now - t0 >= 5000000 && h.now - t0 < 6000000);
        CHECK(host_env_log_has(&h, "ring full: the device made no room"));
        CHECK(sgpu_dev_reset(d) == SGPU_OK);
        CHECK(saxpy_works(d));
    }
    host_env_free(&h);
    TEST_END();
}

/* A malformed command and bad buffers fault the function; the library
 * returns SGPU_ERR_FAULT with the device's code and a log line, and a reset
 * brings the device back. */
static void test_faults(void)
{
    struct host_env h;
    TEST_BEGIN("sgpu-guest-faults");
    struct sgpu_dev *d = open_dev(&h, NULL);
    CHECK(d != NULL);
    if (d) {
        uint64_t seq;
        CHECK(sgpu_cmd_nop(d, 3) == SGPU_OK);
        uint32_t bad[2] = { SGPU_CMD_HDR(0x3f, 0, 2), 0 };
        CHECK(sgpu_cmd_raw(d, bad, 2) == SGPU_OK);
        CHECK(sgpu_cmd_fence(d, 0, &seq) == SGPU_OK);
        CHECK(sgpu_cmd_submit(d) == SGPU_OK);
        CHECK_EQ_U64(sgpu_fence_wait(d, seq, 0), (uint64_t)SGPU_ERR_FAULT);
        const struct sgpu_fault *f = sgpu_dev_fault(d);
        CHECK_EQ_U64(f->code, SGPU_FAULT_BAD_OPCODE);
        CHECK_EQ_U64(f->head, 12);
        CHECK(host_env_log_has(&h, "device fault BAD_OPCODE (0x10) at ring offset 0xc"));
        /* Faulted: later work is refused until reset. */
        CHECK_EQ_U64(sgpu_cmd_nop(d, 1), (uint64_t)SGPU_ERR_FAULT);
        CHECK_EQ_U64(sgpu_dev_poll(d), (uint64_t)SGPU_ERR_FAULT);
        CHECK(sgpu_dev_reset(d) == SGPU_OK);
        CHECK_EQ_U64(sgpu_dev_fault(d)->code, 0);
        CHECK(saxpy_works(d));

        /* A buffer VA that was unmapped: stage-1 translation fault on it. */
        struct sgpu_buf x, y, ro;
        CHECK(sgpu_buf_alloc(d, 8192, 0, &x) == SGPU_OK);
        CHECK(sgpu_buf_alloc(d, 8192, 0, &y) == SGPU_OK);
        CHECK(sgpu_mmu_unmap(d, y.va + 4096, 4096) == SGPU_OK);
        CHECK(sgpu_kernel_saxpy(d, x.va, y.va, 2048, 1.0f) == SGPU_OK);
        CHECK_EQ_U64(sgpu_fence_finish(d, 0), (uint64_t)SGPU_ERR_FAULT);
        f = sgpu_dev_fault(d);
        CHECK_EQ_U64(f->code, SGPU_FAULT_S1_TRANSLATION);
        CHECK_EQ_U64(f->addr & ~0xfffull, y.va + 4096);
        CHECK_EQ_U64(f->level, 3);
        CHECK(host_env_log_has(&h, "device fault S1_TRANSLATION (0x01)"));
        CHECK(sgpu_dev_reset(d) == SGPU_OK);

        /* Writing a read-only buffer: permission fault, a write, and the
         * buffer untouched (a faulting command writes nothing). */
        CHECK(sgpu_buf_alloc(d, 4096, SGPU_BUF_READONLY, &ro) == SGPU_OK);
        CHECK(sgpu_cmd_fill(d, ro.va, 4096, 0xdeadbeef) == SGPU_OK);
        CHECK_EQ_U64(sgpu_fence_finish(d, 0), (uint64_t)SGPU_ERR_FAULT);
        f = sgpu_dev_fault(d);
        CHECK_EQ_U64(f->code, SGPU_FAULT_S1_PERMISSION);
        CHECK(f->write);
        CHECK_EQ_U64(*(uint32_t *)ro.cpu, 0);
        CHECK(sgpu_dev_reset(d) == SGPU_OK);

        /* A VA never mapped (a hand-written dispatch argument). */
        CHECK(sgpu_cmd_copy(d, 0x7000000000ull, x.va, 64) == SGPU_OK);
        CHECK_EQ_U64(sgpu_fence_finish(d, 0), (uint64_t)SGPU_ERR_FAULT);
        CHECK_EQ_U64(sgpu_dev_fault(d)->code, SGPU_FAULT_S1_TRANSLATION);
        CHECK_EQ_U64(sgpu_dev_fault(d)->addr, 0x7000000000ull);
        CHECK(sgpu_dev_reset(d) == SGPU_OK);
        CHECK(saxpy_works(d));
    }
    host_env_free(&h);
    TEST_END();
}

/* Thousands of dispatches through a small argument arena (128 blocks a
 * half) and a ring that holds ten times as many dispatches: each block
 * must stay intact until its DISPATCH ran. Three y buffers get
 * different, exactly representable sums of a, so a block reused too early
 * (wrong buffer or wrong a) changes a result. */
static void test_args_arena(void)
{
    struct host_env h;
    struct sgpu_params p = { .ring_bytes = 65536, .args_bytes = 8192 };
    TEST_BEGIN("sgpu-guest-args-arena");
    struct sgpu_dev *d = open_dev(&h, &p);
    CHECK(d != NULL);
    if (d) {
        struct sgpu_buf x, y[3];
        int r = sgpu_buf_alloc(d, 4096, SGPU_BUF_READONLY, &x);
        for (int b = 0; b < 3 && !r; b++)
            r = sgpu_buf_alloc(d, 4096, 0, &y[b]);
        CHECK_EQ_U64(r, 0);
        float *fx = x.cpu, want[3] = { 0, 0, 0 };
        for (int i = 0; i < 1024; i++)
            fx[i] = (float)(i % 7);
        for (int k = 0; k < 3000 && !r; k++) {
            float a = (float)(1 + k % 5);
            want[k % 3] += a;
            r = sgpu_kernel_saxpy(d, x.va, y[k % 3].va, 1024, a);
            if (!r && k % 250 == 0)
                r = sgpu_cmd_submit(d);
        }
        CHECK_EQ_U64(r, 0);
        CHECK(sgpu_fence_finish(d, 0) == SGPU_OK);
        int bad = 0;
        for (int b = 0; b < 3; b++) {
            const float *fy = y[b].cpu;
            for (int i = 0; i < 1024; i++)
                bad += fy[i] != want[b] * (float)(i % 7);
        }
        CHECK_EQ_U64(bad, 0);
        CHECK(sgpu_cmd_ring_wraps(d) >= 2);
    }
    host_env_free(&h);
    TEST_END();
}

static void test_timeout(void)
{
    struct host_env h;
    TEST_BEGIN("sgpu-guest-timeout");
    struct sgpu_dev *d = open_dev(&h, NULL);
    CHECK(d != NULL);
    if (d) {
        uint64_t seq;
        CHECK(sgpu_cmd_busy(d, 50000000, false) == SGPU_OK);
        CHECK(sgpu_cmd_fence(d, 0, &seq) == SGPU_OK);
        CHECK(sgpu_cmd_submit(d) == SGPU_OK);
        uint64_t t0 = h.now;
        CHECK_EQ_U64(sgpu_fence_wait(d, seq, 1000000), (uint64_t)SGPU_ERR_TIMEOUT);
        CHECK(h.now - t0 >= 1000000 && h.now - t0 < 1100000);
        CHECK(host_env_log_has(&h, "fence 1 not retired after 1000000 ns"));
        /* Reset drops the job: the next work finishes at once, not after
         * the 49 ms left of the BUSY. */
        CHECK(sgpu_dev_reset(d) == SGPU_OK);
        t0 = h.now;
        CHECK(saxpy_works(d));
        CHECK(h.now - t0 < 1000000);
        /* Waiting long enough without a reset succeeds. */
        CHECK(sgpu_cmd_busy(d, 3000000, false) == SGPU_OK);
        CHECK(sgpu_cmd_fence(d, 0, &seq) == SGPU_OK);
        CHECK(sgpu_fence_wait(d, seq, 1000000) == SGPU_ERR_TIMEOUT);
        CHECK(sgpu_fence_wait(d, seq, 5000000) == SGPU_OK);
    }
    host_env_free(&h);
    TEST_END();
}

static int fmt_check(const char *fmt, ...)
{
    char a[128], b[128];
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    int na = sgpu_fmt_vsnprintf(a, sizeof(a), fmt, ap);
    int nb = vsnprintf(b, sizeof(b), fmt, aq);
    va_end(aq);
    va_end(ap);
    if (na != nb || strcmp(a, b)) {
        printf("  fmt \"%s\": \"%s\" (%d), libc \"%s\" (%d)\n", fmt, a, na, b, nb);
        return 1;
    }
    return 0;
}

static void test_fmt(void)
{
    TEST_BEGIN("sgpu-guest-fmt");
    CHECK(!fmt_check("%d %i %u", -42, 7, 4000000000u));
    CHECK(!fmt_check("%x %X %08x %-6u|", 0xbeefu, 0xbeefu, 0x12u, 5u));
    CHECK(!fmt_check("%llu %lld %llx", 18446744073709551615ull, -9223372036854775807ll - 1, 0xfedcba9876543210ull));
    CHECK(!fmt_check("%s|%10s|%-5s|%c%%", "abc", "right", "l", 'z'));
    CHECK(!fmt_check("%zu %lu", (size_t)12345, 99ul));
    char small[8];
    CHECK(sgpu_fmt_snprintf(small, sizeof(small), "%s", "0123456789") == 10);
    CHECK(!strcmp(small, "0123456"));
    TEST_END();
}

int main(void)
{
    test_fmt();
    test_probe();
    test_bad_args();
    test_ring_wrap();
    test_back_pressure();
    test_args_arena();
    test_faults();
    test_timeout();
    return CHECK_EXIT_CODE();
}
