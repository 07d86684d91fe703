/* Polled output on the board's PL011: the hypervisor's console. */
#include <xen/console.h>

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTFR_TXFF (1u << 5)

static volatile uint32_t *pl011_base = (volatile uint32_t *)0x09000000UL;

void pl011_set_base(paddr_t base)
{
    pl011_base = pa_to_ptr(base);
}

void pl011_putc(char c)
{
    while (pl011_base[UARTFR / 4] & UARTFR_TXFF)
        ;
    pl011_base[UARTDR / 4] = (uint8_t)c;
}
