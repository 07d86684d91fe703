/* The console: one lock for all vCPUs, output to the UART or, on request,
 * line by line through the CONSOLE_WRITE hypercall. */
#include "rt/console.h"
#include "rt/hypercall.h"
#include "rt/irq.h"
#include "rt/spinlock.h"
#include "rt/uart.h"

#define CONSOLE_LINE_MAX 256
#define CONSOLE_PANIC_SPINS 10000000u

static spinlock_t console_spinlock = SPINLOCK_INIT;
static bool console_via_hypercall;
static char console_line[CONSOLE_LINE_MAX];
static size_t console_line_len;

void console_use_hypercall(bool on)
{
    uint64_t flags = console_lock();

    console_via_hypercall = on;
    console_unlock(flags);
}

uint64_t console_lock(void)
{
    uint64_t flags = irq_save();

    spinlock_lock(&console_spinlock);
    return flags;
}

uint64_t console_lock_panic(void)
{
    uint64_t flags = irq_save();

    if (spinlock_held_by_me(&console_spinlock))
        return flags;
    for (uint32_t i = 0; i < CONSOLE_PANIC_SPINS; i++)
        if (spinlock_trylock(&console_spinlock))
            return flags;
    return flags;    /* another vCPU is stuck holding it: print anyway */
}

static void console_flush_line(void)
{
    if (console_line_len == 0)
        return;
    if (console_via_hypercall &&
        hypercall_console_write(console_line, console_line_len) != (int64_t)console_line_len) {
        /* Refused (no hypervisor, or a bug): keep the text, use the UART. */
        console_via_hypercall = false;
    }
    if (!console_via_hypercall)
        uart_write(console_line, console_line_len);
    console_line_len = 0;
}

void console_unlock(uint64_t flags)
{
    console_flush_line();
    if (spinlock_held_by_me(&console_spinlock))
        spinlock_unlock(&console_spinlock);
    irq_restore(flags);
}

void console_write_locked(const char *s, size_t n)
{
    if (!console_via_hypercall) {
        uart_write(s, n);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        console_line[console_line_len++] = s[i];
        if (s[i] == '\n' || console_line_len == CONSOLE_LINE_MAX)
            console_flush_line();
    }
}
