/* A small vsnprintf: %d %i %u %x %X %p %s %c %%, with l/ll/z length, width
 * and zero padding. Enough for the hypervisor's logs; no floating point. */
#include <xen/lib.h>

struct outbuf {
    char *buf;
    size_t size;
    size_t len;
};

static void out_char(struct outbuf *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void out_number(struct outbuf *o, uint64_t v, unsigned base, bool neg,
                       int width, bool zero, bool upper)
{
    char tmp[24];
    int n = 0;
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    int pad = width - n - (neg ? 1 : 0);
    if (neg && zero)
        out_char(o, '-');
    while (pad-- > 0)
        out_char(o, zero ? '0' : ' ');
    if (neg && !zero)
        out_char(o, '-');
    while (n)
        out_char(o, tmp[--n]);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct outbuf o = { buf, size, 0 };
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            out_char(&o, *fmt);
            continue;
        }
        fmt++;
        bool zero = false;
        int width = 0, lng = 0;
        if (*fmt == '0') {
            zero = true;
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l' || *fmt == 'z') {
            lng++;
            fmt++;
        }
        switch (*fmt) {
        case 'd':
        case 'i': {
            int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
            out_number(&o, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0, width, zero, false);
            break;
        }
        case 'u':
            out_number(&o, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, false, width, zero, false);
            break;
        case 'x':
        case 'X':
            out_number(&o, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, false, width, zero, *fmt == 'X');
            break;
        case 'p':
            out_char(&o, '0');
            out_char(&o, 'x');
            out_number(&o, (uintptr_t)va_arg(ap, void *), 16, false, width, zero, false);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            int len = (int)strlen(s);
            for (int pad = width - len; pad > 0; pad--)
                out_char(&o, ' ');
            while (*s)
                out_char(&o, *s++);
            break;
        }
        case 'c':
            out_char(&o, (char)va_arg(ap, int));
            break;
        case '%':
            out_char(&o, '%');
            break;
        default:
            out_char(&o, '%');
            out_char(&o, *fmt);
            if (!*fmt)
                fmt--;
            break;
        }
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
