/* The printf family and puts, named as in the C library (they are its
 * freestanding stand-ins). Each call is one atomic console message. */
#ifndef RT_STDIO_H
#define RT_STDIO_H
#include <stdarg.h>
#include <stddef.h>

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
/* Writes s and a newline. */
int puts(const char *s);

#endif
