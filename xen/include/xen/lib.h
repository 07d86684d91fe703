/* Library functions of the hypervisor: strings, formatting, logging, checks. */
#ifndef XEN_LIB_H
#define XEN_LIB_H
#include <stdarg.h>
#include <xen/types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Hypervisor log line, prefixed "(hv) ". */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A line without prefix (machine-readable trace lines). */
void console_raw_line(const char *line, size_t len);
/* A guest's console line, prefixed "(d<id>) ". */
void console_guest_line(unsigned domid, const char *line, size_t len);

/* Stops the machine after printing why: for broken invariants and for
 * configurations the hypervisor cannot run. */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
#define BUG_ON(cond) do { if (cond) panic("BUG at %s:%d: %s", __FILE__, __LINE__, #cond); } while (0)

#endif
