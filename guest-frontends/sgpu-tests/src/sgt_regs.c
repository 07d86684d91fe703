/* Register isolation across switches (mode=regs, bootargs tag=1..15,
 * duration_ms=, busy_us=). The guest programs values no other guest uses
 * (ring at VA tag * 4 GiB of size 4 KiB << tag, page tables at a
 * tag-dependent IPA, an IRQ mask alternating between two tag-specific
 * values, FENCE values tag << 56 | job) and reads back every function
 * register, sweep after sweep while each job runs and once after it
 * retired: each must show its own value, never another vcoproc's. Jobs are FILL + BUSY + a raw FENCE, so
 * with a small slice the device switches inside every job. */
#include "sgt.h"

#include "hw/sgpu_regs.h"
#include "rt/rt.h"
#include "rt/test.h"

#define REGS_TIMEOUT_NS 2000000000ull
#define REGS_JOB_BYTES  48u      /* FILL 6 + BUSY 3 + FENCE 3 words */

struct regs_expect {
    uint64_t ring_base, mmu_root;
    uint32_t ring_size, mask;
    uint64_t fence_prev, fence_now;   /* FENCE may read either while a job runs */
    uint32_t tail_prev, tail_now;     /* RING_HEAD lies between them */
};

struct regs_stats {
    uint32_t checks, leaks;
};

static void regs_leak(struct regs_stats *s, const char *reg, uint64_t got, uint64_t want)
{
    s->leaks++;
    if (s->leaks <= 10)
        printf("REGS leak: %s reads 0x%llx, this guest's value is 0x%llx\n", reg,
               (unsigned long long)got, (unsigned long long)want);
}

/* Whether off lies on the ring path from a to b (inclusive). */
static bool regs_between(uint32_t a, uint32_t b, uint32_t off, uint32_t size)
{
    return ((off - a) & (size - 1)) <= ((b - a) & (size - 1));
}

/* Reads every function register and compares it with what this guest
 * programmed; done means the job has retired (head = tail, fence exact). */
static void regs_check(struct sgt *t, const struct regs_expect *x, bool done, struct regs_stats *s)
{
    uint64_t v;
    s->checks++;
    if ((v = sgt_rd64(t, SGPU_F_RING_BASE)) != x->ring_base)
        regs_leak(s, "RING_BASE", v, x->ring_base);
    if ((v = sgt_rd32(t, SGPU_F_RING_SIZE)) != x->ring_size)
        regs_leak(s, "RING_SIZE", v, x->ring_size);
    if ((v = sgt_rd64(t, SGPU_F_MMU_ROOT)) != x->mmu_root)
        regs_leak(s, "MMU_ROOT", v, x->mmu_root);
    if ((v = sgt_rd32(t, SGPU_F_MMU_CONTROL)) != 1)
        regs_leak(s, "MMU_CONTROL", v, 1);
    if ((v = sgt_rd32(t, SGPU_F_CONTROL)) != 1)
        regs_leak(s, "CONTROL", v, 1);
    if ((v = sgt_rd32(t, SGPU_F_IRQ_MASK)) != x->mask)
        regs_leak(s, "IRQ_MASK", v, x->mask);
    if ((v = sgt_rd32(t, SGPU_F_RING_TAIL)) != x->tail_now)
        regs_leak(s, "RING_TAIL", v, x->tail_now);
    if ((v = sgt_rd32(t, SGPU_F_FAULT_STATUS)) != 0)
        regs_leak(s, "FAULT_STATUS", v, 0);
    if ((v = sgt_rd32(t, SGPU_F_IRQ_STATUS)) & ~x->mask)
        regs_leak(s, "IRQ_STATUS (bits outside the mask)", v, x->mask);
    v = sgt_rd64(t, SGPU_F_FENCE);
    if (done ? v != x->fence_now : (v != x->fence_now && v != x->fence_prev))
        regs_leak(s, "FENCE", v, x->fence_now);
    v = sgt_rd32(t, SGPU_F_RING_HEAD);
    if (done ? v != x->tail_now : !regs_between(x->tail_prev, x->tail_now, (uint32_t)v, x->ring_size))
        regs_leak(s, "RING_HEAD", v, x->tail_now);
}

int sgt_regs_run(struct sgt *t, void *dtb)
{
    if (!sgt_env(t, dtb))
        return test_end();
    uint32_t tag = (uint32_t)sgt_arg(t, "tag", 1);
    if (!T_CHECK(tag >= 1 && tag <= 15))
        return test_end();
    struct sgpu_params p = {
        .ring_bytes = 4096u << (tag % 8), .timeout_ns = REGS_TIMEOUT_NS,
        .va_base = (uint64_t)tag << 32,
    };
    /* tag-dependent padding: the library's page tables land elsewhere */
    uint64_t pad;
    if (!T_CHECK(t->e.env.ops->alloc(t->e.env.ctx, tag * 0x11000u, &pad) != NULL))
        return test_end();
    int err = 0;
    t->d = sgpu_dev_open(&t->e.env, &p, &err);
    if (!T_CHECK(t->d != NULL))
        return test_end();
    uint64_t duration = sgt_arg(t, "duration_ms", 2000) * 1000000;
    uint64_t busy = sgt_arg(t, "busy_us", 300) * 1000;
    /* two masks of this tag only: FENCE is always on (waits need it) */
    const uint32_t masks[2] = {
        tag & 1 ? SGPU_IRQ_FENCE | SGPU_IRQ_FAULT | SGPU_IRQ_IDLE : SGPU_IRQ_FENCE | SGPU_IRQ_FAULT,
        tag & 1 ? SGPU_IRQ_FENCE | SGPU_IRQ_IDLE : SGPU_IRQ_FENCE,
    };
    struct sgpu_buf b;
    if (!T_CHECK(sgpu_buf_alloc(t->d, 4096, 0, &b) == 0))
        return test_end();
    struct regs_expect x = {
        .ring_base = p.va_base, .ring_size = p.ring_bytes,
        .mmu_root = sgt_rd64(t, SGPU_F_MMU_ROOT),
    };
    T_CHECK(x.mmu_root >= t->ram_base && x.mmu_root < t->ram_end);
    printf("REGS tag=%u ring VA 0x%llx size 0x%x, MMU root 0x%llx, masks 0x%x/0x%x\n", tag,
           (unsigned long long)x.ring_base, x.ring_size, (unsigned long long)x.mmu_root,
           masks[0], masks[1]);
    struct regs_stats s = { 0 };
    uint32_t jobs = 0, bad = 0;
    uint64_t end = sgt_now(t) + duration;
    while (sgt_now(t) < end && !bad) {
        x.mask = masks[jobs & 1];
        sgt_wr32(t, SGPU_F_IRQ_MASK, x.mask);
        uint32_t pat = tag << 24 | (jobs & 0xffffff);
        uint64_t fence = (uint64_t)tag << 56 | (jobs + 1);
        int e = sgpu_cmd_fill(t->d, b.va, 4096, pat);
        if (!e)
            e = sgpu_cmd_busy(t->d, busy, false);
        if (!e)
            e = sgt_cmd_fence_value(t, fence, true);
        if (!e)
            e = sgpu_cmd_submit(t->d);
        x.tail_prev = x.tail_now;
        x.tail_now = (x.tail_now + REGS_JOB_BYTES) & (x.ring_size - 1);
        x.fence_prev = x.fence_now;
        x.fence_now = fence;
        /* sweep after sweep while the job runs (the other guest's job runs
         * meanwhile, and the device switches under the reads) */
        uint64_t until = sgt_now(t) + REGS_TIMEOUT_NS;
        while (!e && sgt_rd64(t, SGPU_F_FENCE) != fence && sgt_now(t) < until &&
               !(sgt_rd32(t, SGPU_F_STATUS) & SGPU_STATUS_FAULTED))
            regs_check(t, &x, false, &s);
        if (!e)
            e = sgt_wait_fence_value(t, fence, REGS_TIMEOUT_NS);
        if (e) {
            bad++;
            printf("REGS job %u: %s\n", jobs, sgpu_err_str(e));
            break;
        }
        regs_check(t, &x, true, &s);
        const volatile uint32_t *w = b.cpu;
        for (unsigned i = 0; i < 1024; i++)
            if (w[i] != pat) {
                bad++;
                printf("REGS job %u: buffer word %u reads 0x%x, not 0x%x\n", jobs, i, w[i], pat);
                break;
            }
        jobs++;
    }
    printf("REGS tag=%u jobs=%u bad=%u checks=%u leaks=%u\n", tag, jobs, bad, s.checks, s.leaks);
    T_CHECK(jobs > 0);
    T_CHECK_EQ(bad, 0);
    T_CHECK_EQ(s.leaks, 0);
    return test_end();
}
