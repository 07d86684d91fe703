/* bench: average cost, in counter ticks x1000, of a trapped 4-byte read of
 * the test MMIO device and of a VERSION hypercall, over BENCH_ITERATIONS
 * each; one machine-readable BENCH line. */
#include "rt/rt.h"
#include "rt/test.h"

#define BENCH_ITERATIONS 100000u

int main(void *dtb)
{
    volatile uint32_t sink = 0;

    (void)dtb;
    test_begin("bench");

    uint64_t t0 = rt_ticks();
    for (uint32_t i = 0; i < BENCH_ITERATIONS; i++)
        sink += mmio_read32(RT_TEST_MMIO_BASE);
    uint64_t t1 = rt_ticks();
    for (uint32_t i = 0; i < BENCH_ITERATIONS; i++)
        sink += (uint32_t)hypercall_version();
    uint64_t t2 = rt_ticks();

    uint64_t mmio_x1000 = (t1 - t0) * 1000 / BENCH_ITERATIONS;
    uint64_t hvc_x1000 = (t2 - t1) * 1000 / BENCH_ITERATIONS;
    printf("BENCH mmio_read_ticks=%lu hvc_ticks=%lu iterations=%u\n", mmio_x1000, hvc_x1000,
           BENCH_ITERATIONS);
    printf("bench: counter %lu Hz: mmio read %lu ns, hvc %lu ns\n", timer_freq(),
           timer_ticks_to_us(mmio_x1000), timer_ticks_to_us(hvc_x1000));
    T_CHECK(t1 > t0 && t2 > t1);
    (void)sink;
    return test_end();
}
