/* PL011 UART at RT_UART_BASE: polled output only, no locking (console.h
 * serialises whole lines between vCPUs). */
#ifndef RT_UART_H
#define RT_UART_H
#include <stddef.h>

void uart_putc(char c);
void uart_write(const char *s, size_t n);

#endif
