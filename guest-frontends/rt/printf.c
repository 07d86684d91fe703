/* printf, puts and friends on top of format.c and the console. */
#include "rt/console.h"
#include "rt/format.h"
#include "rt/stdio.h"
#include "rt/string.h"

static void printf_put_console(void *ctx, char c)
{
    (void)ctx;
    console_write_locked(&c, 1);
}

int vprintf(const char *fmt, va_list ap)
{
    uint64_t flags = console_lock();
    int n = format_output(printf_put_console, NULL, fmt, ap);

    console_unlock(flags);
    return n;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    return format_vsnprintf(buf, size, fmt, ap);
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = format_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int puts(const char *s)
{
    uint64_t flags = console_lock();
    size_t n = strlen(s);

    console_write_locked(s, n);
    console_write_locked("\n", 1);
    console_unlock(flags);
    return (int)n + 1;
}
