/* What Debian's libfdt.a expects from a C library beyond strings: strtoul
 * and the stack protector (it was built with -fstack-protector-strong). */
#include <xen/lib.h>

unsigned long strtoul(const char *s, char **end, int base);
void __stack_chk_fail(void);

uintptr_t __stack_chk_guard = 0x5e1f9c0ffee0d15aUL;

void __stack_chk_fail(void)
{
    panic("stack smashing detected");
}

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

unsigned long strtoul(const char *s, char **end, int base)
{
    while (*s == ' ' || *s == '\t')
        s++;
    if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s += 2;
        base = 16;
    } else if (base == 0) {
        base = s[0] == '0' ? 8 : 10;
    }
    unsigned long v = 0;
    int dv;
    while ((dv = digit_value(*s)) < base) {
        v = v * (unsigned long)base + (unsigned long)dv;
        s++;
    }
    if (end)
        *end = (char *)s;
    return v;
}
