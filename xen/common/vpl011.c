/* Emulated PL011 per domain: transmit only. Output is collected per line
 * and written to the physical console with a "(d<N>) " prefix.
 *
 * The transmit FIFO is modelled (32 entries, drained by a hypervisor timer
 * at about 4 Mbaud) so that a guest sees what real hardware shows: a FIFO
 * that fills (FR.TXFF), and a transmit interrupt when it drains to the
 * programmed level. Drivers that send interrupt-driven (Linux) depend on it. */
#include <xen/arch.h>
#include <xen/domain.h>
#include <xen/lib.h>
#include <xen/timer.h>

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

#define FR_BUSY (1u << 3)
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define FR_TXFE (1u << 7)
#define INT_TX  (1u << 5)

#define TX_FIFO_DEPTH      32
#define TX_NS_PER_CHAR     25000   /* 400 kbaud: far slower than a trapped write */

/* PrimeCell identification: PL011 r1p5 */
static const uint8_t vpl011_id[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

static void vpl011_flush(struct domain *d)
{
    struct vpl011 *u = &d->vpl011;
    console_guest_line(d->id, u->line, u->len);
    u->len = 0;
}

/* Called with the lock held after any change of ris or imsc: returns
 * whether the (level) interrupt line just went up, to be injected. */
static bool vpl011_line_rose(struct vpl011 *u)
{
    bool up = (u->ris & u->imsc) != 0;
    bool rose = up && !u->line_up;
    u->line_up = up;
    return rose;
}

/* FIFO entries at or below which TXRIS is raised (IFLS TXIFLSEL). */
static unsigned vpl011_tx_trigger(const struct vpl011 *u)
{
    static const unsigned eighths[8] = { 1, 2, 4, 6, 7, 4, 4, 4 };
    return TX_FIFO_DEPTH * eighths[u->ifls & 7] / 8;
}

/* Brings tx_level up to date; raises TXRIS when it drains to the trigger
 * level from above. Lock held. */
static void vpl011_tx_update(struct vpl011 *u)
{
    uint64_t now = arch_ticks(), per_char = ns_to_ticks(TX_NS_PER_CHAR);
    if (u->tx_level) {
        uint64_t drained = (now - u->tx_stamp) / per_char;
        if (drained >= u->tx_level) {
            u->tx_level = 0;
        } else {
            u->tx_level -= (unsigned)drained;
            u->tx_stamp += drained * per_char;
        }
    }
    if (u->tx_above && u->tx_level <= vpl011_tx_trigger(u)) {
        u->tx_above = false;
        u->ris |= INT_TX;
    }
}

/* Keeps a timer only while it can raise an unmasked TX interrupt. */
static void vpl011_tx_arm(struct vpl011 *u)
{
    if ((u->imsc & INT_TX) && u->tx_above) {
        uint64_t per_char = ns_to_ticks(TX_NS_PER_CHAR);
        timer_set(&u->drain, u->tx_stamp + (u->tx_level - vpl011_tx_trigger(u)) * per_char);
    } else {
        timer_cancel(&u->drain);
    }
}

static void vpl011_tx_push(struct vpl011 *u)
{
    vpl011_tx_update(u);
    if (u->tx_level == 0)
        u->tx_stamp = arch_ticks();
    if (u->tx_level < TX_FIFO_DEPTH)
        u->tx_level++;
    if (u->tx_level > vpl011_tx_trigger(u)) {
        u->tx_above = true;
        u->ris &= ~INT_TX;
    }
}

/* Ends an update made under the lock: re-arms the FIFO timer, unlocks, and
 * injects the interrupt if its line just rose. */
static void vpl011_unlock_update(struct domain *d, uint64_t flags)
{
    struct vpl011 *u = &d->vpl011;
    vpl011_tx_update(u);
    vpl011_tx_arm(u);
    bool rose = vpl011_line_rose(u);
    spin_unlock_irqrestore(&u->lock, flags);
    if (rose)
        arch_domain_inject_spi(d, GUEST_PL011_SPI);
}

static void vpl011_drain(void *arg)
{
    struct domain *d = arg;
    vpl011_unlock_update(d, spin_lock_irqsave(&d->vpl011.lock));
}

static bool vpl011_read(struct vcpu *v, uint64_t off, unsigned size, uint64_t *val, void *priv)
{
    struct domain *d = priv;
    struct vpl011 *u = &d->vpl011;
    (void)v;
    (void)size;
    uint64_t flags = spin_lock_irqsave(&u->lock);
    vpl011_tx_update(u);
    switch (off) {
    case UARTDR:    *val = 0; break;
    case UARTFR:
        *val = FR_RXFE | (u->tx_level ? FR_BUSY : FR_TXFE) |
               (u->tx_level >= TX_FIFO_DEPTH ? FR_TXFF : 0);
        break;
    case UARTIBRD:  *val = u->ibrd; break;
    case UARTFBRD:  *val = u->fbrd; break;
    case UARTLCR_H: *val = u->lcr_h; break;
    case UARTCR:    *val = u->cr; break;
    case UARTIFLS:  *val = u->ifls; break;
    case UARTIMSC:  *val = u->imsc; break;
    case UARTRIS:   *val = u->ris; break;
    case UARTMIS:   *val = u->ris & u->imsc; break;
    default:
        if (off >= 0xfe0 && off < 0x1000)
            *val = vpl011_id[(off - 0xfe0) / 4];
        else
            *val = 0;
    }
    vpl011_unlock_update(d, flags);
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
        vpl011_tx_push(u);
        break;
    }
    case UARTIBRD:  u->ibrd = (uint32_t)val; break;
    case UARTFBRD:  u->fbrd = (uint32_t)val; break;
    case UARTLCR_H: u->lcr_h = (uint32_t)val; break;
    case UARTCR:    u->cr = (uint32_t)val; break;
    case UARTIFLS:  u->ifls = (uint32_t)val; break;
    case UARTIMSC:  u->imsc = (uint32_t)val & 0x7ff; break;
    case UARTICR:   u->ris &= ~(uint32_t)val; break;
    default: break;   /* DMACR, ...: nothing to start */
    }
    vpl011_unlock_update(d, flags);
    return true;
}

static const struct mmio_ops vpl011_ops = { vpl011_read, vpl011_write };

void vpl011_reset(struct domain *d)
{
    struct vpl011 *u = &d->vpl011;
    if (u->len)
        vpl011_flush(d);
    timer_cancel(&u->drain);
    u->cr = 0x300;   /* TXE | RXE, as after reset */
    u->imsc = u->ibrd = u->fbrd = u->lcr_h = 0;
    u->ifls = 0x12;
    u->tx_level = 0;
    u->tx_above = false;
    u->ris = 0;
    u->line_up = false;
}

void vpl011_init(struct domain *d)
{
    d->vpl011.lock = (spinlock_t)SPINLOCK_INIT;
    timer_init(&d->vpl011.drain, vpl011_drain, d);
    vpl011_reset(d);
    mmio_register(d, GUEST_PL011_BASE, GUEST_PL011_SIZE, &vpl011_ops, d, "vpl011");
}
