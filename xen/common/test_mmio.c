/* The test MMIO device (docs/guest-abi.md): a 4 KiB register file reached
 * only through traps, to check the MMIO decoder end to end. */
#include <xen/domain.h>
#include <xen/lib.h>

static bool test_mmio_read(struct vcpu *v, uint64_t off, unsigned size, uint64_t *val, void *priv)
{
    struct domain *d = priv;
    (void)v;
    *val = 0;
    memcpy(val, &d->test_mmio[off], size);   /* little-endian host and guest */
    return true;
}

static bool test_mmio_write(struct vcpu *v, uint64_t off, unsigned size, uint64_t val, void *priv)
{
    struct domain *d = priv;
    (void)v;
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
    mmio_register(d, GUEST_TESTMMIO_BASE, GUEST_TESTMMIO_SIZE, &test_mmio_ops, d, "test-mmio");
}
