/* sgpu-cluster: the instrument-cluster guest. bootargs: frames=,
 * period_us=, deadline_us=, width=, height=, verify_every=,
 * log_late_us= (log where a slower frame's time went), wake_slack_us=
 * (a wake-up later than this after a release is counted as a late wake). Passes when
 * every frame ran and every verified frame matched its CPU rendering;
 * deadline misses are reported (CLUSTER line) for the system test to judge. */
#include "apps/workloads.h"
#include "guest_main.h"
#include "rt/rt.h"
#include "rt/test.h"

int main(void *dtb)
{
    struct guest_env e;
    struct sgpu_dev *d = guest_main_open("sgpu-cluster", dtb, &e);
    if (!T_CHECK(d != NULL))
        return test_end();
    struct cluster_params p;
    struct cluster_result r;
    cluster_defaults(&p);
    p.frames = (uint32_t)guest_main_arg(&e, "frames", p.frames);
    /* Only a given period replaces the default's exact 1/60 s. */
    uint64_t period_us = guest_main_arg(&e, "period_us", 0);
    if (period_us)
        p.period_ns = period_us * 1000;
    p.deadline_ns = guest_main_arg(&e, "deadline_us", 0) * 1000;
    p.width = (uint32_t)guest_main_arg(&e, "width", p.width);
    p.height = (uint32_t)guest_main_arg(&e, "height", p.height);
    p.verify_every = (uint32_t)guest_main_arg(&e, "verify_every", p.verify_every);
    p.log_late_ns = guest_main_arg(&e, "log_late_us", 0) * 1000;
    p.wake_slack_ns = guest_main_arg(&e, "wake_slack_us", p.wake_slack_ns / 1000) * 1000;
    T_CHECK_EQ(cluster_run(d, &p, &r), 0);
    T_CHECK_EQ(r.frames, p.frames);
    T_CHECK_EQ(r.bad_frames, 0);
    return test_end();
}
