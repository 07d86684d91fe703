/* Privileged offsets through the guest window (mode=priv, bootargs
 * start_ms=). First, inside the 4 KiB window: reserved offsets, accesses
 * of the wrong size or crossing the last register, and read-only
 * registers; each must be ignored (the hypervisor logs it) and the
 * function must keep working: its registers unchanged, a verified job.
 * Then the privileged page itself, 0x1000 on (PCMD, stage 2, watchdog,
 * save area): the window does not reach it, so each store must end in a
 * data abort or the domain's stop, never reach the device; the other
 * guests' work, checked by them, shows the device was not reset. */
#include "sgt.h"

#include "hw/sgpu_regs.h"
#include "rt/rt.h"
#include "rt/test.h"

#define PRIV_TIMEOUT_NS 1000000000ull

static volatile uint32_t priv_aborts;

static bool priv_abort_hook(struct exception_frame *f)
{
    if (ESR_EC(f->esr) != ESR_EC_DABT_CUR)
        return false;
    priv_aborts++;
    f->elr += 4;
    return true;
}

int sgt_priv_run(struct sgt *t, void *dtb)
{
    if (!sgt_open(t, dtb, NULL))
        return test_end();
    uintptr_t base = t->e.base;
    T_CHECK(sgt_job_fill(t, 0x11110001u, PRIV_TIMEOUT_NS));
    uint64_t ring_base = sgt_rd64(t, SGPU_F_RING_BASE), root = sgt_rd64(t, SGPU_F_MMU_ROOT);
    uint32_t size = sgt_rd32(t, SGPU_F_RING_SIZE), mask = sgt_rd32(t, SGPU_F_IRQ_MASK);
    uint32_t id = sgt_rd32(t, SGPU_F_ID);

    /* Inside the window. Stores are single instructions, so each reaches
     * the hypervisor as one trapped access of the size written. */
    static const uint32_t reserved[] = { SGPU_F_END, 0x7c, 0x80, 0x400, 0x7fc, 0xffc };
    static const uint32_t readonly[] = { SGPU_F_ID, SGPU_F_RING_HEAD, SGPU_F_IRQ_STATUS,
                                         SGPU_F_FENCE, SGPU_F_FAULT_STATUS, SGPU_F_STATUS,
                                         SGPU_F_TIME };
    uint32_t writes = 0, nonzero_reads = 0;
    for (unsigned i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
        mmio_write32(base + reserved[i], SGPU_PCMD_RESET);
        nonzero_reads += mmio_read32(base + reserved[i]) != 0;
        writes++;
    }
    for (unsigned i = 0; i < sizeof(readonly) / sizeof(readonly[0]); i++) {
        mmio_write32(base + readonly[i], 0xffffffffu);
        writes++;
    }
    /* wrong sizes: a byte clearing CONTROL (would stop the ring), a
     * halfword of RESET, 8 bytes over the read-only FAULT_IPA */
    mmio_write8(base + SGPU_F_CONTROL, 0);
    mmio_write16(base + SGPU_F_RESET, 1);
    mmio_write64(base + SGPU_F_FAULT_IPA, ~0ull);
    writes += 3;
    bool same = sgt_rd64(t, SGPU_F_RING_BASE) == ring_base && sgt_rd64(t, SGPU_F_MMU_ROOT) == root &&
                sgt_rd32(t, SGPU_F_RING_SIZE) == size && sgt_rd32(t, SGPU_F_IRQ_MASK) == mask &&
                sgt_rd32(t, SGPU_F_ID) == id && sgt_rd32(t, SGPU_F_CONTROL) == 1;
    bool job = sgt_job_fill(t, 0x11110002u, PRIV_TIMEOUT_NS);
    printf("PRIV window writes=%u nonzero_reserved_reads=%u registers_kept=%d job=%s\n", writes,
           nonzero_reads, same, job ? "ok" : "FAIL");
    T_CHECK_EQ(nonzero_reads, 0);
    T_CHECK(same);
    T_CHECK(job);

    /* The privileged page, while the others are busy on the device. */
    sgt_sleep_until(t, sgt_now(t) + sgt_arg(t, "start_ms", 500) * 1000000);
    static const struct { uint32_t off; uint32_t val; } priv[] = {
        { 0x1000 + SGPU_P_PCMD, SGPU_PCMD_RESET },
        { 0x1000 + SGPU_P_S2_CONTROL, 0 },
        { 0x1000 + SGPU_P_S2_ROOT, 0 },
        { 0x1000 + SGPU_P_WATCHDOG_NS, 0 },
        { 0x1000 + SGPU_P_DEBUG_STALL, 1 },
    };
    const unsigned np = sizeof(priv) / sizeof(priv[0]);
    printf("PRIV privileged page: %u stores from 0x%llx on\n", np,
           (unsigned long long)(base + 0x1000));
    exceptions_set_sync_hook(priv_abort_hook);
    for (unsigned i = 0; i < np; i++)
        mmio_write32(base + priv[i].off, priv[i].val);
    exceptions_set_sync_hook(NULL);
    /* only reached when the hypervisor answers with aborts */
    job = sgt_job_fill(t, 0x11110003u, PRIV_TIMEOUT_NS);
    printf("PRIV privileged writes=%u aborted=%u job=%s\n", np, priv_aborts, job ? "ok" : "FAIL");
    T_CHECK_EQ(priv_aborts, np);
    T_CHECK(job);
    return test_end();
}
