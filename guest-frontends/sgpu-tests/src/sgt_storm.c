/* IRQ storm (mode=storm, bootargs duration_ms=, burst=): the device is
 * made to interrupt as often as it can: bursts of FENCE-with-IRQ commands
 * (20 ns each on the device) with the IDLE interrupt on too, an interrupt
 * handler that acknowledges at the device at once (every acknowledge is a
 * trapped store), and between bursts a loop hammering IRQ_MASK and
 * IRQ_CLEAR. It checks nothing of its own but that the device still
 * retires its fences; the victims judge the damage. */
#include "sgt.h"

#include "hw/sgpu_regs.h"
#include "rt/rt.h"
#include "rt/test.h"

struct storm {
    struct sgt *t;
    volatile uint64_t irqs;
};

static struct storm storm_state;

/* Acknowledge at the device at once and leave the line enabled: as many
 * interrupts as the hypervisor will deliver. */
static void storm_irq(uint32_t intid, void *arg)
{
    struct storm *s = arg;
    (void)intid;
    sgt_irq_ack(s->t);
    s->irqs++;
    s->t->e.irq = true;
}

int sgt_storm_run(struct sgt *t, void *dtb)
{
    if (!sgt_open(t, dtb, NULL))
        return test_end();
    struct storm *s = &storm_state;
    s->t = t;
    irq_register(t->e.intid, storm_irq, s);
    gic_enable_irq(t->e.intid);
    sgt_wr32(t, SGPU_F_IRQ_MASK, SGPU_IRQ_ALL);
    uint64_t duration = sgt_arg(t, "duration_ms", 3000) * 1000000;
    uint32_t burst = (uint32_t)sgt_arg(t, "burst", 64);
    /* hammer=0 burst=0 leaves a guest that only spins on its vCPU: the
     * control run telling the storm's cost from the CPU it takes */
    uint32_t hammer_per = (uint32_t)sgt_arg(t, "hammer", 16);
    uint64_t fences = 0, hammer = 0, value = 0;
    uint64_t t0 = sgt_now(t), end = t0 + duration;
    while (sgt_now(t) < end) {
        /* room for a burst (12 bytes a fence), else hammer until the
         * device has drained some */
        if (burst && sgpu_cmd_ring_free(t->d) >= burst * 12 + 64) {
            for (uint32_t i = 0; i < burst; i++) {
                if (sgt_cmd_fence_value(t, ++value, true))
                    break;
                fences++;
            }
            if (sgpu_cmd_submit(t->d))
                break;
        }
        for (uint32_t k = 0; k < hammer_per; k++) {
            sgt_wr32(t, SGPU_F_IRQ_MASK, SGPU_IRQ_ALL);
            sgt_wr32(t, SGPU_F_IRQ_CLEAR, SGPU_IRQ_ALL);
            hammer += 2;
        }
    }
    /* the device still works for it: the last fence retires */
    irq_register(t->e.intid, storm_irq, s);
    int e = value ? sgt_wait_fence_value(t, value, 2000000000ull) : SGPU_OK;
    uint64_t el = sgt_now(t) - t0;
    printf("STORM irqs=%llu fences=%llu hammer_writes=%llu elapsed_ms=%llu irq_per_s=%llu last_fence=%s\n",
           (unsigned long long)s->irqs, (unsigned long long)fences, (unsigned long long)hammer,
           (unsigned long long)el / 1000000, (unsigned long long)(s->irqs * 1000000000ull / el),
           sgpu_err_str(e));
    if (e == SGPU_ERR_FAULT)
        printf("STORM fault status 0x%x at ring offset 0x%x addr 0x%llx; head 0x%x tail 0x%x\n",
               sgt_rd32(t, SGPU_F_FAULT_STATUS), sgt_rd32(t, SGPU_F_FAULT_HEAD),
               (unsigned long long)sgt_rd64(t, SGPU_F_FAULT_ADDR), sgt_rd32(t, SGPU_F_RING_HEAD),
               sgt_rd32(t, SGPU_F_RING_TAIL));
    T_CHECK(fences > 0 || !burst);
    T_CHECK_EQ(e, SGPU_OK);
    return test_end();
}
