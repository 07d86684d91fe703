/* Emulated PL011 per domain: transmit only. Output is collected per line
 * and written to the physical console with a "(d<N>) " prefix. */
#include <xen/arch.h>
#include <xen/domain.h>
#include <xen/lib.h>

#define UARTDR    0x000
#define UARTFR    0x018
#define UARTIBRD  0x024
#define UARTFBRD  0x028
#define UARTLCR_H 0x02c
#define UARTCR    0x030
#define UARTIFLS  0x034
#define UARTIMSC  0x038
#define UARTRIS   0x03c
#define UARTMIS   0x040
#define UARTICR   0x044
#define UARTDMACR 0x048

#define FR_RXFE (1u << 4)
#define FR_TXFE (1u << 7)
#define INT_TX  (1u << 5)

/* PrimeCell identification: PL011 r1p5 */
static const uint8_t vpl011_id[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

static void vpl011_flush(struct domain *d)
{
    struct vpl011 *u = &d->vpl011;
    console_guest_line(d->id, u->line, u->len);
    u->len = 0;
}

static void vpl011_update_irq(struct domain *d)
{
    /* The transmit FIFO is always empty, so TX is raised whenever unmasked. */
    if (d->vpl011.imsc & INT_TX)
        arch_domain_inject_spi(d, GUEST_PL011_SPI);
}

static bool vpl011_read(struct vcpu *v, uint64_t off, unsigned size, uint64_t *val, void *priv)
{
    struct domain *d = priv;
    struct vpl011 *u = &d->vpl011;
    (void)v;
    (void)size;
    switch (off) {
    case UARTDR:    *val = 0; break;
    case UARTFR:    *val = FR_TXFE | FR_RXFE; break;
    case UARTIBRD:  *val = u->ibrd; break;
    case UARTFBRD:  *val = u->fbrd; break;
    case UARTLCR_H: *val = u->lcr_h; break;
    case UARTCR:    *val = u->cr; break;
    case UARTIFLS:  *val = u->ifls; break;
    case UARTIMSC:  *val = u->imsc; break;
    case UARTRIS:   *val = INT_TX; break;
    case UARTMIS:   *val = INT_TX & u->imsc; break;
    default:
        if (off >= 0xfe0 && off < 0x1000)
            *val = vpl011_id[(off - 0xfe0) / 4];
        else
            *val = 0;
    }
    return true;
}

static bool vpl011_write(struct vcpu *v, uint64_t off, unsigned size, uint64_t val, void *priv)
{
    struct domain *d = priv;
    struct vpl011 *u = &d->vpl011;
    (void)v;
    (void)size;
    uint64_t flags = spin_lock_irqsave(&u->lock);
    switch (off) {
    case UARTDR: {
        char c = (char)val;
        if (c == '\n' || u->len == sizeof(u->line)) {
            vpl011_flush(d);
            if (c == '\n')
                break;
        }
        if (c != '\r')
            u->line[u->len++] = c;
        break;
    }
    case UARTIBRD:  u->ibrd = (uint32_t)val; break;
    case UARTFBRD:  u->fbrd = (uint32_t)val; break;
    case UARTLCR_H: u->lcr_h = (uint32_t)val; break;
    case UARTCR:    u->cr = (uint32_t)val; break;
    case UARTIFLS:  u->ifls = (uint32_t)val; break;
    case UARTIMSC:  u->imsc = (uint32_t)val; break;
    default: break;   /* ICR, DMACR, ...: nothing to clear or start */
    }
    spin_unlock_irqrestore(&u->lock, flags);
    if (off == UARTIMSC || off == UARTDR)
        vpl011_update_irq(d);
    return true;
}

static const struct mmio_ops vpl011_ops = { vpl011_read, vpl011_write };

void vpl011_reset(struct domain *d)
{
    struct vpl011 *u = &d->vpl011;
    if (u->len)
        vpl011_flush(d);
    u->cr = 0x300;   /* TXE | RXE, as after reset */
    u->imsc = u->ibrd = u->fbrd = u->lcr_h = 0;
    u->ifls = 0x12;
}

void vpl011_init(struct domain *d)
{
    d->vpl011.lock = (spinlock_t)SPINLOCK_INIT;
    vpl011_reset(d);
    mmio_register(d, GUEST_PL011_BASE, GUEST_PL011_SIZE, &vpl011_ops, d, "vpl011");
}
