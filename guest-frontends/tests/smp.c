/* smp: vCPU 0 starts vCPU 1 with PSCI CPU_ON; the two bounce SMP_PINGS SGIs
 * back and forth (0 -> 1 -> 0 ...), both print lines at the same time (the
 * console must keep each line whole), then vCPU 1 turns itself off and
 * vCPU 0 checks with AFFINITY_INFO that it is off. */
#include "rt/rt.h"
#include "rt/test.h"

#define SMP_PINGS        1000
#define SMP_SGI          1
#define SMP_LINES        50         /* printed by each vCPU concurrently */
#define SMP_NO_SUCH_CPU  0xFF       /* an MPIDR no domain here has */
#define SMP_TICK_US      5000       /* wake-up tick while a vCPU idles */

static volatile uint32_t smp_pings;          /* SGIs received, both vCPUs */
static volatile uint32_t smp_received[2];
static volatile uint32_t smp_misrouted;      /* an SGI on the wrong vCPU */
static volatile uint32_t smp_cpu1_ready;
static volatile uint32_t smp_print_go;
static volatile uint32_t smp_cpu1_printed;

/* SGI number n (1-based) is sent by vCPU 0 when n is odd, by vCPU 1 when n
 * is even; only one is ever in flight, so the receiver is known. */
static void smp_on_sgi(uint32_t intid, void *arg)
{
    uint32_t me = smp_cpu_id();
    uint32_t n = __atomic_add_fetch(&smp_pings, 1, __ATOMIC_SEQ_CST);

    (void)intid;
    (void)arg;
    if (me > 1 || me != (n & 1)) {
        smp_misrouted++;
        return;
    }
    smp_received[me]++;
    if (n < SMP_PINGS)
        gic_send_sgi(1 - me, SMP_SGI);
}

static void smp_print_lines(uint32_t cpu)
{
    for (uint32_t i = 0; i < SMP_LINES; i++)
        printf("smp-line cpu=%u seq=%02u ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\n", cpu, i);
}

/* Spins: for short waits where both vCPUs must be running at once. */
static bool smp_wait(volatile uint32_t *flag, uint32_t value, uint64_t timeout_us)
{
    uint64_t end = rt_ticks() + timer_us_to_ticks(timeout_us);

    while (*flag != value) {
        if (rt_ticks() > end)
            return false;
        cpu_relax();
    }
    return true;
}

/* Sleeps in WFI between checks: a vCPU waiting for interrupts leaves its
 * (host or physical) CPU to the vCPU that has work, which keeps the
 * ping-pong fast on a loaded machine. The periodic tick bounds each sleep,
 * so a wake-up lost between the check and the WFI costs one tick. */
static bool smp_wait_idle(volatile uint32_t *count, uint32_t at_least, uint64_t timeout_us)
{
    uint64_t end = rt_ticks() + timer_us_to_ticks(timeout_us);

    while (*count < at_least) {
        if (rt_ticks() > end)
            return false;
        wfi();
    }
    return true;
}

static void smp_cpu1_main(void *arg)
{
    (void)arg;
    if (gic_init_cpu() != 0)
        return;             /* vCPU 0 times out waiting and reports it */
    gic_enable_irq(SMP_SGI);
    timer_periodic_start(timer_us_to_ticks(SMP_TICK_US), NULL, NULL);
    irq_enable();
    smp_cpu1_ready = 1;
    /* SGI SMP_PINGS - 1 is the last this vCPU receives; from there spin, so
     * that both vCPUs print at the same time. */
    smp_wait_idle(&smp_pings, SMP_PINGS - 1, 30000000);
    smp_wait(&smp_print_go, 1, 10000000);
    smp_print_lines(1);
    smp_cpu1_printed = 1;
    timer_periodic_stop();
    irq_disable();
    /* Returning turns this vCPU off (PSCI CPU_OFF). */
}

static bool smp_wait_off(uint32_t cpu, uint64_t timeout_us)
{
    uint64_t end = rt_ticks() + timer_us_to_ticks(timeout_us);

    while (psci_affinity_info(cpu) != PSCI_AFFINITY_OFF) {
        if (rt_ticks() > end)
            return false;
        timer_delay_us(100);
    }
    return true;
}

int main(void *dtb)
{
    (void)dtb;
    test_begin("smp");
    if (!T_CHECK(gic_init() == 0))
        return test_end();
    irq_register(SMP_SGI, smp_on_sgi, NULL);
    gic_enable_irq(SMP_SGI);
    timer_periodic_start(timer_us_to_ticks(SMP_TICK_US), NULL, NULL);
    irq_enable();

    T_CHECK_EQ(psci_affinity_info(1), PSCI_AFFINITY_OFF);
    if (!T_CHECK_EQ(smp_start_cpu(1, smp_cpu1_main, NULL), PSCI_SUCCESS))
        return test_end();
    if (!T_CHECK(smp_wait(&smp_cpu1_ready, 1, 5000000)))
        return test_end();
    T_CHECK_EQ(psci_affinity_info(1), PSCI_AFFINITY_ON);
    /* Entry at the runtime's secondary entry, harmless if it wrongly starts. */
    int32_t again = psci_cpu_on(1, (uintptr_t)rt_secondary_entry, 1);
    T_CHECK(again == PSCI_ALREADY_ON || again == PSCI_ON_PENDING);
    T_CHECK_EQ(psci_cpu_on(SMP_NO_SUCH_CPU, (uintptr_t)rt_secondary_entry, 0),
               PSCI_INVALID_PARAMETERS);

    uint64_t start = rt_ticks();
    gic_send_sgi(1, SMP_SGI);
    bool done = smp_wait_idle(&smp_pings, SMP_PINGS, 20000000);
    uint64_t took = rt_ticks() - start;
    printf("smp: %u SGIs in %lu us (%lu ticks per SGI)\n", smp_pings, timer_ticks_to_us(took),
           smp_pings ? took / smp_pings : 0);
    T_CHECK(done);
    T_CHECK_EQ(smp_pings, SMP_PINGS);
    T_CHECK_EQ(smp_received[0], SMP_PINGS / 2);
    T_CHECK_EQ(smp_received[1], SMP_PINGS / 2);
    T_CHECK_EQ(smp_misrouted, 0);

    smp_print_go = 1;
    smp_print_lines(0);
    T_CHECK(smp_wait(&smp_cpu1_printed, 1, 10000000));

    T_CHECK(smp_wait_off(1, 2000000));
    T_CHECK_EQ(psci_affinity_info(1), PSCI_AFFINITY_OFF);
    timer_periodic_stop();
    T_CHECK_EQ(irq_unhandled_count(), 0);
    return test_end();
}
