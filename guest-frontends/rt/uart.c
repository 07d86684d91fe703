/* PL011 transmit, polled. No set-up: QEMU's PL011 and the hypervisor's
 * vPL011 both transmit out of reset, as firmware would have left it. */
#include "rt/config.h"
#include "rt/mmio.h"
#include "rt/uart.h"

#define UART_DR    0x00
#define UART_FR    0x18
#define UART_FR_TXFF (1u << 5)    /* transmit FIFO full: wait */

void uart_putc(char c)
{
    while (mmio_read32(RT_UART_BASE + UART_FR) & UART_FR_TXFF)
        ;
    mmio_write32(RT_UART_BASE + UART_DR, (uint8_t)c);
}

void uart_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        uart_putc(s[i]);
}
