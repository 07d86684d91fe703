/* The guest console: where printf and puts go. Output is the PL011 by
 * default; console_use_hypercall(true) sends it through the CONSOLE_WRITE
 * hypercall instead, one line per call, falling back to the UART for good
 * if the hypervisor refuses it. One lock, taken with IRQs masked, makes
 * every printf/puts call atomic with respect to other vCPUs. */
#ifndef RT_CONSOLE_H
#define RT_CONSOLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void console_use_hypercall(bool on);

/* Takes the console for one message; returns the IRQ flags to give back. */
uint64_t console_lock(void);
void console_unlock(uint64_t flags);

/* Takes the console for a dying vCPU: never deadlocks on a lock this vCPU
 * already holds (an exception inside printf), and gives up waiting for
 * another vCPU after a while, so a crash report is always printed. */
uint64_t console_lock_panic(void);

/* Writes bytes; the caller holds the console. */
void console_write_locked(const char *s, size_t n);

#endif
