/* SGPU kernels: every built-in kernel on both executors against the host
 * references, the two executors against each other (bit-exact), and a
 * preemption at every work-group boundary (and in the middle of every
 * work-group) of each kernel's DISPATCH, with another domain's context run
 * in between, giving bit-for-bit the unpreempted result. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "kcase.h"

static const char *ex_name(enum sgpu_executor_kind ex)
{
    return ex == SGPU_EXEC_OPENCL ? "opencl" : "builtin";
}

static uint8_t *read_out(struct rig *r, const struct kcase *k)
{
    uint8_t *p = malloc(k->out_len + 1);
    rig_read(r, 0, k->out_va, p, k->out_len);
    return p;
}

/* Runs each kernel once; keeps the outputs for the cross-executor test. */
static void test_kernels(enum sgpu_executor_kind ex, bool scramble, uint8_t **outs)
{
    struct rig r;
    rig_init(&r, ex, scramble);
    char name[96];
    snprintf(name, sizeof(name), "sgpu-opencl-executor-active");
    if (ex == SGPU_EXEC_OPENCL && !scramble) {
        TEST_BEGIN(name);
        CHECK(sgpu_executor(r.g) == SGPU_EXEC_OPENCL);
        CHECK(rig_r32(&r, SGPU_PAGE_PRIV, SGPU_P_EXECUTOR) == SGPU_EXEC_OPENCL);
        CHECK(rig_r32(&r, SGPU_PAGE_FUNC, SGPU_F_CAPS) & SGPU_CAPS_OPENCL);
        TEST_END();
    }
    rig_start_dom(&r, 0);
    for (int i = 0; i < KCASE_COUNT; i++) {
        struct kcase k;
        kcase_setup(&k, i, 1, &r, 0, 100 + (uint32_t)i);
        kcase_emit(&k, &r, 0);
        uint32_t w[4];
        rig_emit(&r, 0, w, rig_cmd_fence(w, 0x1000 + (uint64_t)i, false));
        rig_submit(&r);
        rig_run(&r, 1000000);
        snprintf(name, sizeof(name), "sgpu-kernel-%s-%s%s", k.name, ex_name(ex), scramble ? "-scattered" : "");
        double worst;
        TEST_BEGIN(name);
        CHECK_EQ_U64(rig_r32(&r, SGPU_PAGE_FUNC, SGPU_F_FAULT_STATUS), 0);
        CHECK_EQ_U64(rig_r64(&r, SGPU_PAGE_FUNC, SGPU_F_FENCE), 0x1000 + (uint64_t)i);
        unsigned bad = kcase_check(&k, &r, 0, &worst);
        CHECK_EQ_U64(bad, 0);
        /* The kernel must have written something: an output equal to its
         * initial bytes would pass any comparison. */
        uint8_t *now_out = read_out(&r, &k), *before = malloc(k.out_len + 1);
        rig_read(&r, 0, k.keep_va, before, k.out_len);
        uint64_t changed = 0;
        for (uint64_t j = 0; j < k.out_len; j++)
            changed += now_out[j] != before[j];
        CHECK(changed > k.out_len / 8);
        free(now_out);
        free(before);
        printf("  %s: %llu output bytes, %u mismatches, worst relative error %.2e (tolerance 1e-4)\n",
               k.name, (unsigned long long)k.out_len, bad, worst);
        TEST_END();
        if (outs)
            outs[i] = read_out(&r, &k);
    }
    rig_free(&r);
}

static void test_cross_executor(uint8_t **a, uint8_t **b)
{
    struct rig r;
    rig_init(&r, SGPU_EXEC_BUILTIN, false);
    for (int i = 0; i < KCASE_COUNT; i++) {
        struct kcase k;
        kcase_setup(&k, i, 1, &r, 0, 100 + (uint32_t)i);
        char name[64];
        snprintf(name, sizeof(name), "sgpu-kernel-%s-builtin-equals-opencl", k.name);
        TEST_BEGIN(name);
        CHECK(memcmp(a[i], b[i], k.out_len) == 0);
        TEST_END();
    }
    rig_free(&r);
}

static uint32_t ctx_word(struct rig *r, int d, unsigned off)
{
    uint32_t v;
    memcpy(&v, hw_mem_ptr(&r->pm.mem, r->dom[d].ctx_pa + off, 4), 4);
    return v;
}

/* Preempts kernel `which` at every boundary and mid work-group. */
static void test_preempt_every_boundary(enum sgpu_executor_kind ex, int which)
{
    struct rig r;
    rig_init(&r, ex, which % 2 == 1);
    rig_start_dom(&r, 0);
    struct kcase k;
    kcase_setup(&k, which, 1, &r, 0, 7);
    uint64_t ts_va = rig_alloc(&r, 0, 8), fill_va = rig_alloc(&r, 1, 8192);
    uint32_t w[16];
    /* Reference run, timed by a TIMESTAMP to learn the work-group cost. */
    r.now = 1000;
    uint64_t t0 = r.now;
    kcase_emit(&k, &r, 0);
    rig_emit(&r, 0, w, rig_cmd_timestamp(w, ts_va));
    rig_submit(&r);
    rig_run(&r, 1000000);
    uint64_t t_end;
    rig_read(&r, 0, ts_va, &t_end, 8);
    uint64_t total = (uint64_t)k.grid[0] * k.grid[1] * k.grid[2];
    uint64_t span = t_end - t0 - 2 * 20;   /* two commands' fetch cost */
    uint64_t cost = span / total;
    uint8_t *golden = read_out(&r, &k);
    double worst;
    unsigned golden_bad = kcase_check(&k, &r, 0, &worst);

    char name[96];
    snprintf(name, sizeof(name), "sgpu-preempt-every-wg-%s-%s", k.name, ex_name(ex));
    unsigned wrong_progress = 0, wrong_out = 0, not_preempted = 0, other_bad = 0, runs = 0;
    TEST_BEGIN(name);
    CHECK(span % total == 0 && cost > 0);
    CHECK_EQ_U64(golden_bad, 0);   /* the result every preempted run must equal */
    for (uint64_t kb = 0; kb <= total; kb++) {
        for (int mid = 0; mid <= (kb < total); mid++) {
            runs++;
            rig_start_dom(&r, 0);
            kcase_reset_data(&k, &r, 0, 7);
            r.now += 1000000;
            uint64_t s = r.now;
            kcase_emit(&k, &r, 0);
            rig_submit(&r);
            uint64_t t = kb == 0 ? s : s + 20 + kb * cost;
            if (mid)
                t += cost / 2;
            rig_run_until(&r, t);
            if (!rig_preempt(&r, 100)) {
                not_preempted++;
                continue;
            }
            uint64_t expect = kb + (uint64_t)mid;
            uint32_t valid = ctx_word(&r, 0, 0x14);
            uint32_t prog = ctx_word(&r, 0, 0x68);
            if (expect < total ? (valid != 1 || prog != expect) : valid != 0)
                wrong_progress++;
            /* Another domain uses the engine meanwhile. */
            rig_start_dom(&r, 1);
            rig_emit(&r, 1, w, rig_cmd_fill(w, fill_va, 8192, 0xa5a5a5a5u));
            rig_submit(&r);
            rig_run(&r, 1000);
            uint8_t fb[8192];
            rig_read(&r, 1, fill_va, fb, sizeof(fb));
            for (unsigned i = 0; i < sizeof(fb); i++)
                if (fb[i] != 0xa5) {
                    other_bad++;
                    break;
                }
            if (rig_resume(&r, 0) != SGPU_PRES_OK) {
                not_preempted++;
                continue;
            }
            rig_run(&r, 1000000);
            uint8_t *out = read_out(&r, &k);
            if (memcmp(out, golden, k.out_len) || rig_r32(&r, SGPU_PAGE_FUNC, SGPU_F_FAULT_STATUS))
                wrong_out++;
            free(out);
        }
    }
    printf("  %s: %u preemptions over %llu work-groups (cost %llu ns each): %u not preempted, "
           "%u wrong progress, %u results differing, %u other-domain errors\n", k.name, runs,
           (unsigned long long)total, (unsigned long long)cost, not_preempted, wrong_progress,
           wrong_out, other_bad);
    CHECK_EQ_U64(not_preempted, 0);
    CHECK_EQ_U64(wrong_progress, 0);
    CHECK_EQ_U64(wrong_out, 0);
    CHECK_EQ_U64(other_bad, 0);
    TEST_END();
    free(golden);
    rig_free(&r);
}

int main(int argc, char **argv)
{
    bool quick = argc > 1 && !strcmp(argv[1], "--quick");
    uint8_t *b[KCASE_COUNT], *o[KCASE_COUNT];
    test_kernels(SGPU_EXEC_BUILTIN, false, b);
    test_kernels(SGPU_EXEC_BUILTIN, true, NULL);
    test_kernels(SGPU_EXEC_OPENCL, false, o);
    test_kernels(SGPU_EXEC_OPENCL, true, NULL);
    test_cross_executor(b, o);
    for (int i = 0; i < KCASE_COUNT; i++) {
        free(b[i]);
        free(o[i]);
        test_preempt_every_boundary(SGPU_EXEC_BUILTIN, i);
        if (!quick)
            test_preempt_every_boundary(SGPU_EXEC_OPENCL, i);
    }
    return CHECK_EXIT_CODE();
}
