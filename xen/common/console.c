/* Console: the hypervisor's and the guests' lines, each written whole under
 * one lock so that lines from different pCPUs never interleave. */
#include <xen/console.h>
#include <xen/lib.h>
#include <xen/spinlock.h>
#include <xen/arch.h>

static spinlock_t console_lock = SPINLOCK_INIT;

static void console_write_raw(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            pl011_putc('\r');
        pl011_putc(s[i]);
    }
}

static void console_line(const char *prefix, const char *s, size_t n)
{
    uint64_t flags = spin_lock_irqsave(&console_lock);
    console_write_raw(prefix, strlen(prefix));
    console_write_raw(s, n);
    if (n == 0 || s[n - 1] != '\n')
        console_write_raw("\n", 1);
    spin_unlock_irqrestore(&console_lock, flags);
}

void console_raw_line(const char *line, size_t len)
{
    console_line("", line, len);
}

void printk(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof(buf))
        n = sizeof(buf) - 1;
    console_line("(hv) ", buf, (size_t)n);
}

void console_guest_line(unsigned domid, const char *line, size_t len)
{
    char prefix[16];
    snprintf(prefix, sizeof(prefix), "(d%u) ", domid);
    console_line(prefix, line, len);
}

void panic(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    irq_disable();
    console_line("(hv) PANIC: ", buf, strlen(buf));
    arch_machine_off();
}
