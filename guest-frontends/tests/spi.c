/* spi: interrupts the hypervisor raises for a virtual device reach the guest
 * through the virtual distributor, with the GIC's rules:
 *  1. one SPI per trigger, 20 times, each handled before the next;
 *  2. while the SPI is disabled, a trigger stays pending and is delivered as
 *     soon as the guest enables it;
 *  3. a burst of 64 triggers of an edge interrupt is delivered at least once
 *     and never more often than raised;
 *  4. the device's own count agrees with what was raised. */
#include "rt/rt.h"
#include "rt/test.h"

#define SPI_INTID        34
#define IRQ_TRIGGER      (RT_TEST_MMIO_BASE + 0x1000)
#define IRQ_COUNT        (RT_TEST_MMIO_BASE + 0x1008)
#define WAIT_US          200000

static volatile uint32_t spi_seen;

static void spi_handler(uint32_t intid, void *arg)
{
    (void)arg;
    if (intid == SPI_INTID)
        spi_seen++;
}

static bool spi_wait_for(uint32_t count, uint64_t us)
{
    uint64_t end = rt_ticks() + timer_us_to_ticks(us);
    while (spi_seen < count) {
        if (rt_ticks() > end)
            return false;
        cpu_relax();
    }
    return true;
}

int main(void *dtb)
{
    (void)dtb;
    test_begin("spi");
    if (!T_CHECK(gic_init() == 0))
        return test_end();
    irq_register(SPI_INTID, spi_handler, NULL);
    gic_set_edge(SPI_INTID, true);
    gic_enable_irq(SPI_INTID);
    irq_enable();

    for (uint32_t i = 1; i <= 20; i++) {
        mmio_write32(IRQ_TRIGGER, 1);
        if (!T_CHECK(spi_wait_for(i, WAIT_US)))
            break;
    }
    T_CHECK_EQ(spi_seen, 20);

    gic_disable_irq(SPI_INTID);
    mmio_write32(IRQ_TRIGGER, 1);
    timer_delay_us(20000);
    T_CHECK_EQ(spi_seen, 20);               /* disabled: held pending */
    gic_enable_irq(SPI_INTID);
    T_CHECK(spi_wait_for(21, WAIT_US));     /* delivered once enabled */

    mmio_write32(IRQ_TRIGGER, 64);
    T_CHECK(spi_wait_for(22, WAIT_US));
    timer_delay_us(20000);
    T_CHECK(spi_seen >= 22 && spi_seen <= 21 + 64);
    T_CHECK_EQ(mmio_read64(IRQ_COUNT), 20 + 1 + 64);
    printf("spi: %u interrupts handled for %lu raised\n", spi_seen, mmio_read64(IRQ_COUNT));
    return test_end();
}
