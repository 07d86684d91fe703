/* A small freestanding formatter for the driver's and the workloads' log
 * lines (the library may not use a C library). Conversions: %d %i %u %x %X
 * %c %s %%, length modifiers l and ll (and z), flags '0' and '-', a field
 * width; no precision and no floating point (print fixed point instead). */
#ifndef SGPU_FMT_H
#define SGPU_FMT_H
#include <stdarg.h>
#include <stddef.h>

/* vsnprintf semantics: at most size bytes including the NUL; returns the
 * length the whole output would have had. */
int sgpu_fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int sgpu_fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#endif
