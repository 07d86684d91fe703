/* The physical console. */
#ifndef XEN_CONSOLE_H
#define XEN_CONSOLE_H
#include <xen/types.h>

void pl011_set_base(paddr_t base);
void pl011_putc(char c);
#endif
