/* The test MMIO device (docs/guest-abi.md): a 4 KiB register file reached
 * only through traps, to check the MMIO decoder end to end, and a control
 * page whose IRQ_TRIGGER register makes the hypervisor raise an SPI. */
#include <xen/arch.h>
#include <xen/domain.h>
#include <xen/lib.h>

#define TEST_MMIO_FILE_SIZE   0x1000
#define TEST_MMIO_IRQ_TRIGGER 0x1000   /* write n: raise the SPI n times (1..64) */
#define TEST_MMIO_IRQ_COUNT   0x1008   /* read: SPIs raised so far */

static bool test_mmio_read(struct vcpu *v, uint64_t off, unsigned size, uint64_t *val, void *priv)
{
    struct domain *d = priv;
    (void)v;
    *val = 0;
    if (off >= TEST_MMIO_FILE_SIZE) {
        if (off == TEST_MMIO_IRQ_COUNT)
            *val = d->test_mmio_irqs;
        return true;
    }
    memcpy(val, &d->test_mmio[off], size);   /* little-endian host and guest */
    return true;
}

static bool test_mmio_write(struct vcpu *v, uint64_t off, unsigned size, uint64_t val, void *priv)
{
    struct domain *d = priv;
    (void)v;
    if (off >= TEST_MMIO_FILE_SIZE) {
        if (off != TEST_MMIO_IRQ_TRIGGER || val == 0 || val > 64) {
            printk("d%u: test-mmio: write of 0x%lx to offset 0x%lx ignored", d->id, val, off);
            return true;
        }
        for (uint64_t i = 0; i < val; i++) {
            d->test_mmio_irqs++;
            arch_domain_inject_spi(d, GUEST_TESTMMIO_SPI);
        }
        return true;
    }
    memcpy(&d->test_mmio[off], &val, size);
    return true;
}

static const struct mmio_ops test_mmio_ops = { test_mmio_read, test_mmio_write };

void test_mmio_reset(struct domain *d)
{
    for (unsigned i = 0; i < sizeof(d->test_mmio); i++)
        d->test_mmio[i] = (uint8_t)(0xf0 ^ (i & 0xff));
}

void test_mmio_init(struct domain *d)
{
    test_mmio_reset(d);
    d->test_mmio_irqs = 0;
    mmio_register(d, GUEST_TESTMMIO_BASE, GUEST_TESTMMIO_SIZE, &test_mmio_ops, d, "test-mmio");
}
