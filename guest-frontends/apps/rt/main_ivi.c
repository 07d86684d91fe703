/* sgpu-ivi: the infotainment guest, saturating compute. bootargs:
 * batches=, duration_ms=, m=, n=, k=, per_batch=, and start_ms= (wait until
 * the system counter reads that many ms, so several guests that boot at
 * different times load the device over the same window). Passes when the
 * batches ran and the sampled results match the CPU reference. */
#include "apps/workloads.h"
#include "guest_main.h"
#include "rt/rt.h"
#include "rt/test.h"

int main(void *dtb)
{
    struct guest_env e;
    struct sgpu_dev *d = guest_main_open("sgpu-ivi", dtb, &e);
    if (!T_CHECK(d != NULL))
        return test_end();
    struct ivi_params p;
    struct ivi_result r;
    ivi_defaults(&p);
    p.batches = (uint32_t)guest_main_arg(&e, "batches", p.batches);
    p.duration_ns = guest_main_arg(&e, "duration_ms", p.duration_ns / 1000000) * 1000000;
    p.m = (uint32_t)guest_main_arg(&e, "m", p.m);
    p.n = (uint32_t)guest_main_arg(&e, "n", p.n);
    p.k = (uint32_t)guest_main_arg(&e, "k", p.k);
    p.per_batch = (uint32_t)guest_main_arg(&e, "per_batch", p.per_batch);
    uint64_t start_ms = guest_main_arg(&e, "start_ms", 0);
    if (start_ms)
        e.env.ops->sleep_until(e.env.ctx, start_ms * 1000000ull);
    T_CHECK_EQ(ivi_run(d, &p, &r), 0);
    T_CHECK(r.batches > 0);
    T_CHECK_EQ(r.bad, 0);
    return test_end();
}
