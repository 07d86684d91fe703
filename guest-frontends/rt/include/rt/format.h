/* printf-style formatting, with no I/O and no platform dependency (also
 * built for the host, where it is unit-tested against the C library).
 * Conversions: d i u x X o p s c %, flags - 0 + space #, width and
 * precision (digits or *), length modifiers hh h l ll z j t. */
#ifndef RT_FORMAT_H
#define RT_FORMAT_H
#include <stdarg.h>
#include <stddef.h>

typedef void (*format_put_fn)(void *ctx, char c);

/* Calls put for each output character; returns how many there were. */
int format_output(format_put_fn put, void *ctx, const char *fmt, va_list ap);

/* C99 vsnprintf semantics: writes at most size bytes including the NUL and
 * returns the length the whole output would have had. */
int format_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif
