/* The formatter of sgpu/fmt.h: just enough printf for log lines. */
#include "sgpu/fmt.h"

#include <stdbool.h>
#include <stdint.h>

struct fmt_out {
    char *buf;
    size_t size;
    size_t len;
};

static void fmt_put(struct fmt_out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void fmt_pad(struct fmt_out *o, char c, int n)
{
    while (n-- > 0)
        fmt_put(o, c);
}

static void fmt_number(struct fmt_out *o, uint64_t v, bool neg, unsigned base, bool upper,
                       int width, bool zero, bool left)
{
    char tmp[24];
    int n = 0;
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    int len = n + (neg ? 1 : 0);
    if (!left && !zero)
        fmt_pad(o, ' ', width - len);
    if (neg)
        fmt_put(o, '-');
    if (!left && zero)
        fmt_pad(o, '0', width - len);
    while (n)
        fmt_put(o, tmp[--n]);
    if (left)
        fmt_pad(o, ' ', width - len);
}

int sgpu_fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct fmt_out o = { buf, size, 0 };

    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            fmt_put(&o, *p);
            continue;
        }
        bool zero = false, left = false;
        int width = 0, lng = 0;
        for (p++; *p == '0' || *p == '-'; p++) {
            if (*p == '0')
                zero = true;
            else
                left = true;
        }
        for (; *p >= '0' && *p <= '9'; p++)
            width = width * 10 + (*p - '0');
        for (; *p == 'l' || *p == 'z'; p++)
            lng = *p == 'z' ? 2 : lng + 1;
        switch (*p) {
        case 'd':
        case 'i': {
            int64_t v = lng >= 2 ? va_arg(ap, long long) : lng == 1 ? va_arg(ap, long) : va_arg(ap, int);
            uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            fmt_number(&o, mag, v < 0, 10, false, width, zero, left);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            uint64_t v = lng >= 2 ? va_arg(ap, unsigned long long)
                       : lng == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
            fmt_number(&o, v, false, *p == 'u' ? 10 : 16, *p == 'X', width, zero, left);
            break;
        }
        case 'c':
            fmt_put(&o, (char)va_arg(ap, int));
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            int n = 0;
            if (!s)
                s = "(null)";
            while (s[n])
                n++;
            if (!left)
                fmt_pad(&o, ' ', width - n);
            for (int i = 0; i < n; i++)
                fmt_put(&o, s[i]);
            if (left)
                fmt_pad(&o, ' ', width - n);
            break;
        }
        case '%':
            fmt_put(&o, '%');
            break;
        case '\0':
            p--;            /* a lone '%' at the end: stop at the NUL */
            break;
        default:            /* unknown conversion: show it, do not guess */
            fmt_put(&o, '%');
            fmt_put(&o, *p);
            break;
        }
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int sgpu_fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = sgpu_fmt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
