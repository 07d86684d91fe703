/* sgpu-regbench: what a register access to the virtual SGPU costs. After one
 * job, so that its vcoproc is resident on the device, it times bootargs
 * iterations= (default 20000) of: a read of FENCE (trapped: the hypervisor's
 * vcoproc driver reads the device's register page for it), a write of
 * IRQ_MASK (trapped: the driver checks it, stores it and rings the model's
 * doorbell), and a load from the guest's own RAM (what a register page
 * mapped straight into the guest would cost). One REGBENCH line of counter
 * ticks x1000 per access. */
#include "apps/workloads.h"
#include "guest_main.h"
#include "hw/sgpu_regs.h"
#include "rt/rt.h"
#include "rt/test.h"

int main(void *dtb)
{
    struct guest_env e;
    struct sgpu_dev *d = guest_main_open("sgpu-regbench", dtb, &e);
    if (!T_CHECK(d != NULL))
        return test_end();
    uint32_t n = (uint32_t)guest_main_arg(&e, "iterations", 20000);
    if (!T_CHECK(n > 0))
        return test_end();
    T_CHECK_EQ(sgpu_fence_finish(d, 0), 0);   /* resident from here on */

    const struct sgpu_env_ops *o = e.env.ops;
    uint32_t mask = o->read32(e.env.ctx, SGPU_F_IRQ_MASK);
    static volatile uint32_t ram_word;
    volatile uint32_t sink = 0;
    uint64_t t0 = rt_ticks();
    for (uint32_t i = 0; i < n; i++)
        sink += o->read32(e.env.ctx, SGPU_F_FENCE);
    uint64_t t1 = rt_ticks();
    for (uint32_t i = 0; i < n; i++)
        o->write32(e.env.ctx, SGPU_F_IRQ_MASK, mask);
    uint64_t t2 = rt_ticks();
    for (uint32_t i = 0; i < n; i++)
        sink += ram_word;
    uint64_t t3 = rt_ticks();
    (void)sink;
    printf("REGBENCH read_ticks=%lu write_ticks=%lu ram_ticks=%lu iterations=%u\n",
           (t1 - t0) * 1000 / n, (t2 - t1) * 1000 / n, (t3 - t2) * 1000 / n, n);
    T_CHECK_EQ(o->read32(e.env.ctx, SGPU_F_IRQ_MASK), mask);
    return test_end();
}
