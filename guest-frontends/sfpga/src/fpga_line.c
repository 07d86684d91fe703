/* Output lines built without libc: text, decimal and hex numbers, key=value. */
#include "fpga_priv.h"

void fpga_line_init(struct fpga_line *l)
{
    l->n = 0;
    l->buf[0] = 0;
}

static void line_putc(struct fpga_line *l, char c)
{
    if (l->n + 1 < sizeof l->buf) { /* silently cut: a log line, never memory */
        l->buf[l->n++] = c;
        l->buf[l->n] = 0;
    }
}

void fpga_line_str(struct fpga_line *l, const char *s)
{
    while (s && *s)
        line_putc(l, *s++);
}

void fpga_line_u64(struct fpga_line *l, uint64_t v)
{
    char d[21];
    int i = 0;
    do {
        d[i++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (i)
        line_putc(l, d[--i]);
}

void fpga_line_hex(struct fpga_line *l, uint64_t v)
{
    static const char hex[] = "0123456789abcdef";
    int shift = 60;
    fpga_line_str(l, "0x");
    while (shift > 0 && !((v >> shift) & 0xf))
        shift -= 4;
    for (; shift >= 0; shift -= 4)
        line_putc(l, hex[(v >> shift) & 0xf]);
}

void fpga_line_kv(struct fpga_line *l, const char *key, uint64_t v)
{
    line_putc(l, ' ');
    fpga_line_str(l, key);
    line_putc(l, '=');
    fpga_line_u64(l, v);
}

void fpga_line_kvs(struct fpga_line *l, const char *key, const char *v)
{
    line_putc(l, ' ');
    fpga_line_str(l, key);
    line_putc(l, '=');
    fpga_line_str(l, v);
}

void fpga_line_emit(struct fpga_line *l, const struct sgpu_env *env)
{
    if (env && env->ops && env->ops->log)
        env->ops->log(env->ctx, l->buf);
}
