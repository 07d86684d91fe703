/* Jobs that never end, and the guest that must still get the device.
 * mode=forever: BUSY(UINT64_MAX), preemptible; the wait must time out
 *   (the job runs on, sliced), then a reset and a verified job.
 * mode=hang: BUSY that cannot be preempted, longer than the device
 *   watchdog (busy_ms=, 0 = forever): the guest must get FAULT with code
 *   HANG, then recover by reset and a verified job.
 * mode=latency: every period_us a small verified job; the time from its
 *   release to its completion is its latency. Passes when no job failed,
 *   at most max_over= rounds took longer than bound_us=, and the median
 *   is within max_p50_us= (a release that waits for the lower-priority
 *   guest's slice or budget shows in the median; a host hiccup only in a
 *   few rounds). */
#include "sgt.h"

#include "hw/sgpu_regs.h"
#include "rt/rt.h"
#include "rt/test.h"

#define FOREVER_JOB_TIMEOUT_NS 2000000000ull

/* Submits BUSY(ns) + FENCE and waits up to wait_ns: the library's answer. */
static int forever_submit_wait(struct sgt *t, uint64_t ns, bool nopreempt, uint64_t wait_ns)
{
    uint64_t seq = 0;
    int e = sgpu_cmd_busy(t->d, ns, nopreempt);
    if (!e)
        e = sgpu_cmd_fence(t->d, 0, &seq);
    if (!e)
        e = sgpu_cmd_submit(t->d);
    if (!e)
        e = sgpu_fence_wait(t->d, seq, wait_ns);
    return e;
}

int sgt_forever_run(struct sgt *t, void *dtb)
{
    if (!sgt_open(t, dtb, NULL))
        return test_end();
    uint64_t wait = sgt_arg(t, "wait_ms", 3000) * 1000000;
    uint64_t t0 = sgt_now(t);
    int e = forever_submit_wait(t, UINT64_MAX, false, wait);
    uint64_t waited = sgt_now(t) - t0;
    sgpu_dev_reset(t->d);
    bool recovered = sgt_job_fill(t, 0xf0e0e001u, FOREVER_JOB_TIMEOUT_NS);
    printf("FOREVER result=%s waited_ms=%llu recovered=%d\n", sgpu_err_str(e),
           (unsigned long long)waited / 1000000, recovered);
    T_CHECK_EQ(e, SGPU_ERR_TIMEOUT);
    T_CHECK(recovered);
    return test_end();
}

int sgt_forever_hang(struct sgt *t, void *dtb)
{
    if (!sgt_open(t, dtb, NULL))
        return test_end();
    T_CHECK(sgt_job_fill(t, 0x4a4a0001u, FOREVER_JOB_TIMEOUT_NS));
    sgt_sleep_until(t, sgt_now(t) + sgt_arg(t, "start_ms", 300) * 1000000);
    uint64_t busy_ms = sgt_arg(t, "busy_ms", 0);
    uint64_t wait = sgt_arg(t, "wait_ms", 3000) * 1000000;
    uint64_t t0 = sgt_now(t);
    int e = forever_submit_wait(t, busy_ms ? busy_ms * 1000000 : UINT64_MAX, true, wait);
    uint64_t waited = sgt_now(t) - t0;
    uint32_t code = sgpu_dev_fault(t->d)->code;
    int re = sgpu_dev_reset(t->d);
    bool recovered = !re && sgt_job_fill(t, 0x4a4a0002u, FOREVER_JOB_TIMEOUT_NS);
    printf("HANG result=%s fault=%s code=0x%x after_ms=%llu recovered=%d\n", sgpu_err_str(e),
           sgpu_err_fault_name(code), code, (unsigned long long)waited / 1000000, recovered);
    T_CHECK_EQ(e, SGPU_ERR_FAULT);
    T_CHECK_EQ(code, SGPU_FAULT_HANG);
    T_CHECK(recovered);
    return test_end();
}

static struct sgt_lat latency_samples;

int sgt_forever_latency(struct sgt *t, void *dtb)
{
    if (!sgt_open(t, dtb, NULL))
        return test_end();
    uint32_t rounds = (uint32_t)sgt_arg(t, "rounds", 100);
    uint64_t period = sgt_arg(t, "period_us", 10000) * 1000;
    uint64_t bound = sgt_arg(t, "bound_us", 20000) * 1000;
    uint32_t max_over = (uint32_t)sgt_arg(t, "max_over", 0);
    uint64_t max_p50 = sgt_arg(t, "max_p50_us", 5000) * 1000;
    struct sgt_lat *l = &latency_samples;
    uint32_t bad = 0, over = 0;
    uint64_t start = sgt_now(t) + sgt_arg(t, "start_ms", 300) * 1000000;
    for (uint32_t r = 0; r < rounds; r++) {
        uint64_t release = start + r * period;
        sgt_sleep_until(t, release);
        bool ok = sgt_job_fill(t, 0x1a700000u | r, FOREVER_JOB_TIMEOUT_NS);
        uint64_t lat = sgt_now(t) - release;
        if (!ok) {
            bad++;
            sgpu_dev_reset(t->d);
        }
        over += lat > bound;
        sgt_lat_add(l, lat);
    }
    uint64_t max = l->max, p50 = sgt_lat_pct(l, 50), p99 = sgt_lat_pct(l, 99);
    printf("LATENCY rounds=%u bad=%u p50_us=%llu p99_us=%llu max_us=%llu bound_us=%llu over=%u "
           "max_over=%u max_p50_us=%llu\n", rounds, bad, (unsigned long long)p50 / 1000,
           (unsigned long long)p99 / 1000, (unsigned long long)max / 1000,
           (unsigned long long)bound / 1000, over, max_over, (unsigned long long)max_p50 / 1000);
    T_CHECK_EQ(bad, 0);
    T_CHECK(over <= max_over);
    T_CHECK(p50 <= max_p50);
    return test_end();
}
