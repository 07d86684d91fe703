/* Statistics unit tests: histogram percentiles within the documented 12.5%
 * bound, exact max, Jain's index on known inputs, ppm ratios. */
#include "check.h"
#include "coproc/stats.h"

static struct coproc_hist h;

static void test_hist(void)
{
    TEST_BEGIN("stats_histogram_percentiles");
    for (uint64_t i = 1; i <= 10000; i++)
        coproc_hist_add(&h, i * 1000);
    uint64_t p50 = coproc_hist_percentile(&h, 500000);
    uint64_t p99 = coproc_hist_percentile(&h, 990000);
    printf("  p50 %llu (true 5000000) p99 %llu (true 9900000)\n", (unsigned long long)p50,
           (unsigned long long)p99);
    CHECK(p50 >= 5000000 && p50 <= 5000000ull * 1125 / 1000);
    CHECK(p99 >= 9900000 && p99 <= 10000000);
    CHECK_EQ_U64(h.max, 10000000);
    CHECK_EQ_U64(h.count, 10000);
    CHECK_EQ_U64(coproc_hist_percentile(&h, 1000000), 10000000);
    struct coproc_hist e = { { 0 }, 0, 0, 0 };
    CHECK_EQ_U64(coproc_hist_percentile(&e, 500000), 0);
    struct coproc_hist small = { { 0 }, 0, 0, 0 };
    coproc_hist_add(&small, 3);
    coproc_hist_add(&small, 0);
    CHECK_EQ_U64(coproc_hist_percentile(&small, 500000), 0);
    CHECK_EQ_U64(coproc_hist_percentile(&small, 990000), 3);
    TEST_END();
}

static void test_jain(void)
{
    TEST_BEGIN("stats_jain_index");
    uint64_t eq[64], one[8] = { 1000000000ull, 0, 0, 0, 0, 0, 0, 0 };
    for (int i = 0; i < 64; i++)
        eq[i] = 15600000ull;
    CHECK(coproc_stats_jain_ppm(eq, 64) == 1000000);
    /* one of n takes everything: 1/n */
    CHECK(coproc_stats_jain_ppm(one, 8) == 125000);
    uint64_t two[2] = { 3000000000ull, 1000000000ull };
    /* (4)^2 / (2 * 10) = 0.8 */
    uint32_t j = coproc_stats_jain_ppm(two, 2);
    CHECK(j >= 799000 && j <= 801000);
    CHECK(coproc_stats_ppm(1, 3) == 333333);
    CHECK(coproc_stats_ppm(5, 0) == 0);
    CHECK(coproc_stats_ppm(UINT64_MAX / 2, UINT64_MAX) >= 499999);
    TEST_END();
}

int main(void)
{
    test_hist();
    test_jain();
    return CHECK_EXIT_CODE();
}
