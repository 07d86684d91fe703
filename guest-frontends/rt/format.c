/* printf-style formatting without I/O (see rt/format.h). Follows C99 for
 * the conversions it knows, so the host test can compare with libc. */
#include <stdbool.h>
#include <stdint.h>
#include "rt/format.h"

struct format_spec {
    bool left;          /* '-' */
    bool zero;          /* '0' */
    bool plus;          /* '+' */
    bool space;         /* ' ' */
    bool alt;           /* '#' */
    int width;
    int precision;      /* -1: none */
    int length;         /* 0 int, 1 long, 2 long long, -1 short, -2 char, 3 size/ptrdiff/intmax */
};

struct format_out {
    format_put_fn put;
    void *ctx;
    int count;
};

static void format_emit(struct format_out *out, char c)
{
    out->put(out->ctx, c);
    out->count++;
}

static void format_repeat(struct format_out *out, char c, int n)
{
    while (n-- > 0)
        format_emit(out, c);
}

/* Emits prefix (sign or 0x), zeros up to precision, digits, padded to width. */
static void format_field(struct format_out *out, const struct format_spec *sp,
                         const char *prefix, const char *digits, int ndigits)
{
    int nprefix = 0, zeros = 0, pad;

    while (prefix[nprefix])
        nprefix++;
    if (sp->precision > ndigits)
        zeros = sp->precision - ndigits;
    pad = sp->width - nprefix - zeros - ndigits;
    if (pad < 0)
        pad = 0;
    /* C99: '0' is ignored with '-' or with a precision on an integer. */
    if (sp->zero && !sp->left && sp->precision < 0) {
        zeros += pad;
        pad = 0;
    }
    if (!sp->left)
        format_repeat(out, ' ', pad);
    for (int i = 0; i < nprefix; i++)
        format_emit(out, prefix[i]);
    format_repeat(out, '0', zeros);
    for (int i = 0; i < ndigits; i++)
        format_emit(out, digits[i]);
    if (sp->left)
        format_repeat(out, ' ', pad);
}

static void format_integer(struct format_out *out, struct format_spec *sp, uint64_t v,
                           bool negative, bool is_signed, unsigned base, bool upper)
{
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24], digits[24], prefix[3] = { 0 };
    int n = 0;

    while (v) {
        tmp[n++] = set[v % base];
        v /= base;
    }
    /* "%.0d" of 0 prints no digit; otherwise 0 is one digit. */
    if (n == 0 && sp->precision != 0)
        tmp[n++] = '0';
    for (int i = 0; i < n; i++)
        digits[i] = tmp[n - 1 - i];
    if (is_signed && negative)
        prefix[0] = '-';
    else if (is_signed && sp->plus)
        prefix[0] = '+';
    else if (is_signed && sp->space)
        prefix[0] = ' ';
    else if (sp->alt && base == 16 && n > 0 && !(n == 1 && digits[0] == '0')) {
        prefix[0] = '0';
        prefix[1] = upper ? 'X' : 'x';
    } else if (sp->alt && base == 8 && (n == 0 || digits[0] != '0') && sp->precision <= n) {
        prefix[0] = '0';
    }
    format_field(out, sp, prefix, digits, n);
}

static void format_string(struct format_out *out, struct format_spec *sp, const char *s)
{
    int n = 0;

    if (!s)
        s = "(null)";
    while (s[n] && (sp->precision < 0 || n < sp->precision))
        n++;
    sp->zero = false;
    sp->precision = -1;
    format_field(out, sp, "", s, n);
}

static const char *format_parse(const char *f, struct format_spec *sp, va_list *ap)
{
    *sp = (struct format_spec){ .precision = -1 };
    for (;; f++) {
        if (*f == '-') sp->left = true;
        else if (*f == '0') sp->zero = true;
        else if (*f == '+') sp->plus = true;
        else if (*f == ' ') sp->space = true;
        else if (*f == '#') sp->alt = true;
        else break;
    }
    if (*f == '*') {
        sp->width = va_arg(*ap, int);
        if (sp->width < 0) {
            sp->left = true;
            sp->width = -sp->width;
        }
        f++;
    } else {
        while (*f >= '0' && *f <= '9')
            sp->width = sp->width * 10 + (*f++ - '0');
    }
    if (*f == '.') {
        f++;
        sp->precision = 0;
        if (*f == '*') {
            sp->precision = va_arg(*ap, int);
            if (sp->precision < 0)
                sp->precision = -1;
            f++;
        } else {
            while (*f >= '0' && *f <= '9')
                sp->precision = sp->precision * 10 + (*f++ - '0');
        }
    }
    if (f[0] == 'h' && f[1] == 'h') { sp->length = -2; f += 2; }
    else if (f[0] == 'h') { sp->length = -1; f++; }
    else if (f[0] == 'l' && f[1] == 'l') { sp->length = 2; f += 2; }
    else if (f[0] == 'l') { sp->length = 1; f++; }
    else if (f[0] == 'z' || f[0] == 'j' || f[0] == 't') { sp->length = 3; f++; }
    return f;
}

static int64_t format_arg_signed(const struct format_spec *sp, va_list *ap)
{
    switch (sp->length) {
    case -2: return (signed char)va_arg(*ap, int);
    case -1: return (short)va_arg(*ap, int);
    case 1: return va_arg(*ap, long);
    case 2: return va_arg(*ap, long long);
    case 3: return (int64_t)va_arg(*ap, intmax_t);
    default: return va_arg(*ap, int);
    }
}

static uint64_t format_arg_unsigned(const struct format_spec *sp, va_list *ap)
{
    switch (sp->length) {
    case -2: return (unsigned char)va_arg(*ap, unsigned int);
    case -1: return (unsigned short)va_arg(*ap, unsigned int);
    case 1: return va_arg(*ap, unsigned long);
    case 2: return va_arg(*ap, unsigned long long);
    case 3: return (uint64_t)va_arg(*ap, uintmax_t);
    default: return va_arg(*ap, unsigned int);
    }
}

int format_output(format_put_fn put, void *ctx, const char *fmt, va_list ap)
{
    struct format_out out = { put, ctx, 0 };
    struct format_spec sp;
    va_list aq;

    /* A copy we can pass by address: va_list is an array type on some ABIs. */
    va_copy(aq, ap);
    while (*fmt) {
        if (*fmt != '%') {
            format_emit(&out, *fmt++);
            continue;
        }
        fmt = format_parse(fmt + 1, &sp, &aq);
        switch (*fmt) {
        case 'd':
        case 'i': {
            int64_t v = format_arg_signed(&sp, &aq);
            uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            format_integer(&out, &sp, mag, v < 0, true, 10, false);
            break;
        }
        case 'u':
            format_integer(&out, &sp, format_arg_unsigned(&sp, &aq), false, false, 10, false);
            break;
        case 'x':
        case 'X':
            format_integer(&out, &sp, format_arg_unsigned(&sp, &aq), false, false, 16,
                           *fmt == 'X');
            break;
        case 'o':
            format_integer(&out, &sp, format_arg_unsigned(&sp, &aq), false, false, 8, false);
            break;
        case 'p': {
            void *p = va_arg(aq, void *);
            if (!p) {
                format_string(&out, &sp, "(nil)");
            } else {
                sp.alt = true;
                format_integer(&out, &sp, (uintptr_t)p, false, false, 16, false);
            }
            break;
        }
        case 's':
            format_string(&out, &sp, va_arg(aq, const char *));
            break;
        case 'c': {
            char c = (char)va_arg(aq, int);
            sp.zero = false;
            sp.precision = -1;
            format_field(&out, &sp, "", &c, 1);
            break;
        }
        case '%':
            format_emit(&out, '%');
            break;
        case '\0':
            /* A lone '%' at the end: print it rather than read past the end. */
            format_emit(&out, '%');
            fmt--;
            break;
        default:
            /* Unknown conversion: show it as written, so the mistake is visible. */
            format_emit(&out, '%');
            format_emit(&out, *fmt);
            break;
        }
        fmt++;
    }
    va_end(aq);
    return out.count;
}

struct format_buf {
    char *buf;
    size_t size;
    size_t len;
};

static void format_put_buf(void *ctx, char c)
{
    struct format_buf *b = ctx;

    if (b->len + 1 < b->size)
        b->buf[b->len] = c;
    b->len++;
}

int format_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct format_buf b = { buf, size, 0 };
    int n = format_output(format_put_buf, &b, fmt, ap);

    if (size > 0)
        buf[b.len < size ? b.len : size - 1] = '\0';
    return n;
}
