/* Stage-2 isolation. mode=s2attack builds stage-1 mappings whose leaves,
 * tables and blocks point at IPAs outside its RAM (just past it, below it,
 * and where other domains' machine RAM lies, which an engine with stage 2
 * off would reach) and runs FILLs and COPYs through them: each must fault
 * S2_TRANSLATION at that IPA and write nothing. mode=victim keeps a
 * pattern in the top 64 KiB of its RAM (not device-mapped) and runs
 * verified jobs meanwhile; at the end the pattern must be intact. */
#include "sgt.h"

#include "hw/sgpu_regs.h"
#include "rt/rt.h"
#include "rt/test.h"

#define S2_TIMEOUT_NS   1000000000ull
#define S2_PATTERN_SIZE 0x10000u
#define S2_LEAF_VA      0x6000000000ull   /* L1 slot 384: leaves made by the library */
#define S2_L1_TABLE     448u              /* L1 slots the attack writes by hand */
#define S2_L1_BLOCK     449u
#define S1_DESC_TABLE   3ull
#define S1_DESC_BLOCK   1ull
#define S1_AF           (1ull << 10)

static uint32_t victim_word(uint32_t i)
{
    return 0x600d0000u + i * 0x9e37u;
}

int sgt_s2_victim(struct sgt *t, void *dtb)
{
    if (!sgt_env(t, dtb))
        return test_end();
    /* the pattern lives above the heap, so the library never uses it */
    uint64_t pat_ipa = t->ram_end - S2_PATTERN_SIZE;
    if (t->e.heap_end > pat_ipa)
        t->e.heap_end = pat_ipa;
    volatile uint32_t *pat = (volatile uint32_t *)(uintptr_t)pat_ipa;
    for (uint32_t i = 0; i < S2_PATTERN_SIZE / 4; i++)
        pat[i] = victim_word(i);
    int err = 0;
    t->d = sgpu_dev_open(&t->e.env, NULL, &err);
    if (!T_CHECK(t->d != NULL))
        return test_end();
    uint64_t duration = sgt_arg(t, "duration_ms", 3000) * 1000000;
    printf("VICTIM pattern at IPA 0x%llx (%u bytes), running jobs for %llu ms\n",
           (unsigned long long)pat_ipa, S2_PATTERN_SIZE, (unsigned long long)duration / 1000000);
    uint32_t jobs = 0, bad = 0;
    uint64_t end = sgt_now(t) + duration;
    while (sgt_now(t) < end) {
        if (sgt_job_fill(t, 0x51000000u | jobs, S2_TIMEOUT_NS)) {
            jobs++;
        } else {
            bad++;
            printf("VICTIM job %u failed\n", jobs + bad);
            sgpu_dev_reset(t->d);
        }
    }
    uint32_t changed = 0;
    for (uint32_t i = 0; i < S2_PATTERN_SIZE / 4; i++)
        changed += pat[i] != victim_word(i);
    printf("VICTIM jobs=%u bad=%u pattern_changed=%u\n", jobs, bad, changed);
    T_CHECK(jobs > 0);
    T_CHECK_EQ(bad, 0);
    T_CHECK_EQ(changed, 0);
    return test_end();
}

/* Runs op (FILL into va, or COPY from va into own) and checks that it
 * faulted S2_TRANSLATION at ipa and left own untouched; then resets. */
static bool s2_try(struct sgt *t, const char *how, uint64_t va, uint64_t ipa, bool fill,
                   const struct sgpu_buf *own)
{
    volatile uint32_t *w = own->cpu;
    for (unsigned i = 0; i < 1024; i++)
        w[i] = 0x0a0a0000u + i;
    int e = fill ? sgpu_cmd_fill(t->d, va, 4096, 0xdeadbeefu)
                 : sgpu_cmd_copy(t->d, va, own->va, 4096);
    if (!e)
        e = sgpu_fence_finish(t->d, S2_TIMEOUT_NS);
    const struct sgpu_fault *f = sgpu_dev_fault(t->d);
    unsigned changed = 0;
    for (unsigned i = 0; i < 1024; i++)
        changed += w[i] != 0x0a0a0000u + i;
    bool ok = e == SGPU_ERR_FAULT && f->code == SGPU_FAULT_S2_TRANSLATION && f->ipa == ipa &&
              !changed;
    printf("ATTACK s2 how=%s %s target_ipa=0x%llx result=%s fault=%s ipa=0x%llx own_changed=%u %s\n",
           how, fill ? "fill" : "copy-from", (unsigned long long)ipa, sgpu_err_str(e),
           sgpu_err_fault_name(f->code), (unsigned long long)f->ipa, changed,
           ok ? "blocked" : "NOT-BLOCKED");
    sgpu_dev_reset(t->d);
    return ok;
}

int sgt_s2_attack(struct sgt *t, void *dtb)
{
    struct sgpu_params p = { .timeout_ns = S2_TIMEOUT_NS };
    if (!sgt_open(t, dtb, &p))
        return test_end();
    uint64_t victim_pa = sgt_arg(t, "victim_pa", 0x63ff0000);
    uint64_t high = sgt_arg(t, "high", 0x7ff00000);
    sgt_sleep_until(t, sgt_now(t) + sgt_arg(t, "start_ms", 300) * 1000000);
    const uint64_t targets[] = {
        t->ram_end,                  /* the first page past its RAM */
        t->ram_end + (16u << 20),    /* further on */
        t->ram_base - 4096,          /* the page below it */
        victim_pa,                   /* the victim's pattern as a machine address */
        high,                        /* high in machine RAM */
    };
    const unsigned nt = sizeof(targets) / sizeof(targets[0]);
    struct sgpu_buf own;
    if (!T_CHECK(sgpu_buf_alloc(t->d, 4096, 0, &own) == 0))
        return test_end();
    unsigned attacks = 0, blocked = 0;
    for (unsigned i = 0; i < nt; i++) {
        uint64_t va = S2_LEAF_VA + (uint64_t)i * 0x200000;
        if (!T_CHECK(sgpu_mmu_map(t->d, va, targets[i], 4096, 0) == 0))
            continue;
        attacks += 2;
        blocked += s2_try(t, "leaf", va, targets[i], true, &own);
        blocked += s2_try(t, "leaf", va, targets[i], false, &own);
        sgpu_mmu_unmap(t->d, va, 4096);
    }
    /* By hand in the library's level-1 table (the MMU is off: IPA = CPU
     * address): a table descriptor whose level-2 table is the victim's
     * page, and a 1 GiB block over IPA 0x4000_0000.. that covers the
     * other domains' machine addresses. */
    uint64_t root = sgt_rd64(t, SGPU_F_MMU_ROOT);
    T_CHECK(root >= t->ram_base && root < t->ram_end && !(root & 0xfff));
    volatile uint64_t *l1 = (volatile uint64_t *)(uintptr_t)root;
    l1[S2_L1_TABLE] = (victim_pa & ~0xfffull) | S1_DESC_TABLE;
    l1[S2_L1_BLOCK] = 0x40000000ull | S1_AF | S1_DESC_BLOCK;
    sgt_wr32(t, SGPU_F_MMU_INVALIDATE, 1);
    uint64_t tva = (uint64_t)S2_L1_TABLE << 30;
    uint64_t bva = ((uint64_t)S2_L1_BLOCK << 30) + (victim_pa - 0x40000000ull);
    attacks += 3;
    blocked += s2_try(t, "l2-table", tva, victim_pa & ~0xfffull, true, &own);
    blocked += s2_try(t, "block", bva, victim_pa, true, &own);
    blocked += s2_try(t, "block", bva, victim_pa, false, &own);
    l1[S2_L1_TABLE] = 0;
    l1[S2_L1_BLOCK] = 0;
    sgt_wr32(t, SGPU_F_MMU_INVALIDATE, 1);
    /* its own work runs again after the faults */
    bool recovered = sgt_job_fill(t, 0x600dcafeu, S2_TIMEOUT_NS);
    printf("S2ATTACK attacks=%u blocked=%u recovered=%d\n", attacks, blocked, recovered);
    T_CHECK_EQ(blocked, attacks);
    T_CHECK(recovered);
    return test_end();
}
