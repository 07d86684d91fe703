/* The few C-library memory and string functions the compiler may call on
 * its own (struct copies, zeroing) plus strlen/strcmp. */
#ifndef RT_STRING_H
#define RT_STRING_H
#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

#endif
