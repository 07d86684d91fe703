/* Per-coproc and per-vcoproc reports built from the statistics. */
#include "coproc/coproc.h"

/* Busy time including the part of the current run not yet accounted. */
static uint64_t report_busy(const struct vcoproc *v, coproc_time_t now)
{
    const struct coproc_slot *s = v->slot;
    uint64_t busy = v->stats.busy_ns;
    if (s && s->cur == v && s->accounting)
        busy += now - s->run_start;
    return busy;
}

unsigned coproc_report(struct coproc *c, struct coproc_report *r, struct coproc_report_vc *vcs,
                       unsigned max)
{
    platform_lock_acquire(c->lock);
    coproc_time_t now = platform_time_now();
    uint64_t total = 0, jain_x[256];
    unsigned n = 0, nj = 0;
    coproc_memset(r, 0, sizeof(*r));
    r->elapsed = now - c->stats.start;
    for (struct vcoproc *v = c->vcoprocs; v; v = v->next)
        total += report_busy(v, now);
    for (struct vcoproc *v = c->vcoprocs; v; v = v->next) {
        uint64_t busy = report_busy(v, now);
        /* fairness is about those that wanted the device: weighted busy time
         * of every vcoproc that ran at least one job or is backlogged */
        if ((v->stats.jobs_done || v->has_work) && nj < 256)
            jain_x[nj++] = busy / v->cfg.sched.weight;
        if (n >= max) {
            n++;
            continue;
        }
        struct coproc_report_vc *o = &vcs[n++];
        coproc_memset(o, 0, sizeof(*o));
        o->id = v->id;
        o->name = v->cfg.name;
        o->state = v->state;
        o->weight = v->cfg.sched.weight;
        o->priority = v->cfg.sched.priority;
        o->busy_ns = busy;
        o->share_ppm = coproc_stats_ppm(busy, total);
        o->busy_ppm = coproc_stats_ppm(busy, r->elapsed);
        o->switches = v->stats.switches_in;
        o->sw_p50 = coproc_hist_percentile(&v->stats.switch_in_lat, 500000);
        o->sw_p99 = coproc_hist_percentile(&v->stats.switch_in_lat, 990000);
        o->sw_max = v->stats.switch_in_lat.max;
        o->qd_p50 = coproc_hist_percentile(&v->stats.queue_delay, 500000);
        o->qd_p99 = coproc_hist_percentile(&v->stats.queue_delay, 990000);
        o->qd_max = v->stats.queue_delay.max;
        o->qd_mean = v->stats.queue_delay.count
                         ? v->stats.queue_delay.sum / v->stats.queue_delay.count : 0;
        o->jobs = v->stats.jobs_done;
        o->deadline_jobs = v->stats.deadline_jobs;
        o->misses = v->stats.deadline_misses;
        o->lat_p50 = coproc_hist_percentile(&v->stats.job_latency, 500000);
        o->lat_p99 = coproc_hist_percentile(&v->stats.job_latency, 990000);
        o->lat_max = v->stats.job_latency.max;
        o->irqs_held = v->stats.irqs_held;
        o->faults = v->stats.faults;
    }
    uint64_t capacity = r->elapsed * c->nr_slots;
    r->nr = n;
    r->switches = c->stats.switches;
    r->sw_p50 = coproc_hist_percentile(&c->stats.switch_lat, 500000);
    r->sw_p99 = coproc_hist_percentile(&c->stats.switch_lat, 990000);
    r->sw_max = c->stats.switch_lat.max;
    r->busy_ppm = coproc_stats_ppm(total, capacity);
    r->switch_ppm = coproc_stats_ppm(c->stats.switch_ns, capacity);
    r->jain_ppm = coproc_stats_jain_ppm(jain_x, nj);
    platform_lock_release(c->lock);
    return n;
}

void coproc_stats_reset(struct coproc *c)
{
    platform_lock_acquire(c->lock);
    coproc_time_t now = platform_time_now();
    coproc_memset(&c->stats, 0, sizeof(c->stats));
    c->stats.start = now;
    for (struct vcoproc *v = c->vcoprocs; v; v = v->next) {
        coproc_memset(&v->stats, 0, sizeof(v->stats));
        if (v->slot && v->slot->accounting)
            v->slot->run_start = now;
    }
    platform_lock_release(c->lock);
}
