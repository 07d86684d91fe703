/* Histograms, ratios and Jain's index in integer arithmetic. */
#include "coproc/stats.h"

/* Bucket of a value: values below COPROC_HIST_SUB get their own bucket; above,
 * the bucket is (power of two, top 3 bits below the leading one). */
static unsigned hist_bucket(uint64_t v)
{
    if (v < COPROC_HIST_SUB)
        return (unsigned)v;
    unsigned msb = 63u - (unsigned)__builtin_clzll(v);
    unsigned sub = (unsigned)((v >> (msb - 3)) & (COPROC_HIST_SUB - 1));
    return (msb - 2) * COPROC_HIST_SUB + sub;
}

/* Largest value that falls into bucket b. */
static uint64_t hist_bucket_top(unsigned b)
{
    if (b < COPROC_HIST_SUB)
        return b;
    unsigned msb = b / COPROC_HIST_SUB + 2;
    uint64_t sub = b % COPROC_HIST_SUB;
    uint64_t lo = (1ull << msb) | (sub << (msb - 3));
    return lo + (1ull << (msb - 3)) - 1;
}

void coproc_hist_add(struct coproc_hist *h, uint64_t value)
{
    h->bucket[hist_bucket(value)]++;
    h->count++;
    h->sum += value;
    if (value > h->max)
        h->max = value;
}

uint64_t coproc_hist_percentile(const struct coproc_hist *h, uint32_t ppm)
{
    if (!h->count)
        return 0;
    /* rank of the wanted sample, 1-based, rounded up */
    uint64_t rank = (h->count * ppm + 999999) / 1000000;
    if (rank == 0)
        rank = 1;
    uint64_t seen = 0;
    for (unsigned b = 0; b < COPROC_HIST_BUCKETS; b++) {
        seen += h->bucket[b];
        if (seen >= rank) {
            uint64_t top = hist_bucket_top(b);
            return top < h->max ? top : h->max;
        }
    }
    return h->max;
}

uint32_t coproc_stats_ppm(uint64_t part, uint64_t whole)
{
    if (!whole)
        return 0;
    /* keep part * 1e6 inside 64 bits */
    while (part > UINT64_MAX / 1000000u) {
        part >>= 1;
        whole >>= 1;
    }
    if (!whole)
        return 0;
    return (uint32_t)(part * 1000000u / whole);
}

uint32_t coproc_stats_jain_ppm(const uint64_t *x, unsigned n)
{
    if (!n)
        return 0;
    uint64_t max = 0;
    for (unsigned i = 0; i < n; i++)
        if (x[i] > max)
            max = x[i];
    if (!max)
        return 1000000;
    /* scale so every x fits in 20 bits: then sum x^2 < n * 2^40 and
     * (sum x)^2 < n^2 * 2^40, safe for n up to 2^11 */
    unsigned shift = 0;
    while ((max >> shift) >= (1u << 20))
        shift++;
    uint64_t sum = 0, sq = 0;
    for (unsigned i = 0; i < n; i++) {
        uint64_t v = x[i] >> shift;
        sum += v;
        sq += v * v;
    }
    if (!sq)
        return 1000000;
    /* J = sum^2 / (n sq), computed as ppm with a division in two steps to
     * stay within 64 bits: sum^2 < 2^62 for n <= 2^11 */
    uint64_t num = sum * sum;
    uint64_t den = (uint64_t)n * sq;
    return coproc_stats_ppm(num, den);
}
