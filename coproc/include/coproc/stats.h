/* Statistics kept per vcoproc and per coproc. Integer arithmetic only (the
 * hypervisor build has no floating point): ratios are parts per million. */
#ifndef COPROC_STATS_H
#define COPROC_STATS_H
#include "coproc/types.h"

/* Log-linear latency histogram: 8 sub-buckets per power of two, so a
 * percentile read back is within 12.5% of the true value (max is exact). */
#define COPROC_HIST_SUB 8
#define COPROC_HIST_BUCKETS (64 * COPROC_HIST_SUB)
struct coproc_hist {
    uint32_t bucket[COPROC_HIST_BUCKETS];
    uint64_t count, sum, max;
};
void coproc_hist_add(struct coproc_hist *h, uint64_t value);
/* The value below which `ppm` parts per million of the samples lie (an upper
 * bound of its bucket, capped at max); 0 when empty. */
uint64_t coproc_hist_percentile(const struct coproc_hist *h, uint32_t ppm);

struct vcoproc_stats {
    coproc_time_t busy_ns;        /* time running on a slot (drain included) */
    uint64_t switches_in, switches_out;
    struct coproc_hist switch_in_lat, switch_out_lat;
    struct coproc_hist queue_delay;   /* waiting -> running */
    uint64_t jobs_done, deadline_jobs, deadline_misses;
    struct coproc_hist job_latency;
    uint64_t irqs_injected, irqs_held, faults;
};

struct coproc_stats {
    coproc_time_t start;          /* when statistics were last reset */
    coproc_time_t switch_ns;      /* slot time spent switching (in + out) */
    uint64_t switches;
    struct coproc_hist switch_lat;    /* whole switch: out begin -> in done */
};

/* Jain's fairness index of x[0..n) in ppm: (sum x)^2 / (n * sum x^2).
 * Values are scaled down internally so the sums cannot overflow. */
uint32_t coproc_stats_jain_ppm(const uint64_t *x, unsigned n);
/* part / whole in ppm (0 when whole is 0). */
uint32_t coproc_stats_ppm(uint64_t part, uint64_t whole);
#endif
