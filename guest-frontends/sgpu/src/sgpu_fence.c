/* Fences: waiting, interrupt-driven, for a sequence number to retire.
 * The wait acknowledges the device's interrupts before it looks at FENCE,
 * and the environment latches an interrupt that fires between that look and
 * the next wait_irq, so no wake-up is lost. */
#include "sgpu_priv.h"

uint64_t sgpu_fence_retired(const struct sgpu_dev *d)
{
    return d->fence_retired;
}

int sgpu_fence_wait(struct sgpu_dev *d, uint64_t seq, uint64_t timeout_ns)
{
    if (!d)
        return SGPU_ERR_INVAL;
    if (seq > d->fence_seq) {
        sgpu_dev_log(d, "fence_wait: fence %llu was never emitted (last %llu)", (unsigned long long)seq,
                     (unsigned long long)d->fence_seq);
        return SGPU_ERR_INVAL;
    }
    if (seq <= d->fence_retired)
        return SGPU_OK;
    int r = sgpu_cmd_submit(d);
    if (r)
        return r;
    if (!timeout_ns)
        timeout_ns = d->p.timeout_ns;
    uint64_t start = sgpu_dev_now(d);
    uint64_t deadline = start + timeout_ns < start ? UINT64_MAX : start + timeout_ns;
    for (;;) {
        int fr = sgpu_dev_poll(d);
        uint64_t v = sgpu_dev_read64(d, SGPU_F_FENCE);
        if (v > d->fence_retired && v <= d->fence_seq)
            d->fence_retired = v;
        if (d->fence_retired >= seq)
            return SGPU_OK;
        if (fr)
            return fr;
        if (sgpu_dev_now(d) >= deadline) {
            sgpu_dev_log(d, "fence_wait: fence %llu not retired after %llu ns (retired %llu, head 0x%x, tail 0x%x)",
                         (unsigned long long)seq, (unsigned long long)timeout_ns,
                         (unsigned long long)d->fence_retired, sgpu_dev_rd32(d, SGPU_F_RING_HEAD), d->submitted);
            return SGPU_ERR_TIMEOUT;
        }
        /* Wait for the interrupt, but look again now and then: a wake-up lost
         * on its way (the device or the interrupt path is not ours to trust
         * blindly) then costs a recheck period, not the whole timeout. */
        uint64_t now = sgpu_dev_now(d);
        uint64_t until = deadline - now > SGPU_FENCE_RECHECK_NS ? now + SGPU_FENCE_RECHECK_NS
                                                                : deadline;
        d->env.ops->wait_irq(d->env.ctx, until);
    }
}

int sgpu_fence_finish(struct sgpu_dev *d, uint64_t timeout_ns)
{
    uint64_t seq;
    if (!d)
        return SGPU_ERR_INVAL;
    int r = sgpu_cmd_fence_internal(d, &seq);
    if (!r)
        r = sgpu_cmd_submit(d);
    if (!r)
        r = sgpu_fence_wait(d, seq, timeout_ns);
    return r;
}
