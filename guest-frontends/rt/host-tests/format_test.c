/* Host unit test of rt/format.c: every case is formatted by both the
 * runtime's formatter and the C library, and must come out identical,
 * including the return value and truncation. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include "rt/format.h"
#include "check.h"

/* The cases probe exactly what these warnings are about (ignored flags,
 * truncation), on purpose. */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-truncation"

static int format_test_rt(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = format_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

/* Compares one case; prints both outputs when they differ. */
#define SAME(size, ...) do { \
        char a_[128], b_[128]; \
        memset(a_, 'X', sizeof a_); memset(b_, 'X', sizeof b_); \
        int na_ = format_test_rt(a_, (size), __VA_ARGS__); \
        int nb_ = snprintf(b_, (size), __VA_ARGS__); \
        if (na_ != nb_ || memcmp(a_, b_, sizeof a_) != 0) { \
            check_failures_in_test++; \
            printf("  %s:%d: format %s: rt \"%.*s\" (%d), libc \"%.*s\" (%d)\n", __FILE__, \
                   __LINE__, #__VA_ARGS__, (int)(size) ? (int)(size) - 1 : 0, a_, na_, \
                   (int)(size) ? (int)(size) - 1 : 0, b_, nb_); \
        } } while (0)

int main(void)
{
    TEST_BEGIN("rt-format-integers");
    SAME(128, "%d %d %d %d", 0, 1, -1, 2147483647);
    SAME(128, "%d", (int)-2147483647 - 1);
    SAME(128, "%i %u %u", -42, 42u, 4294967295u);
    SAME(128, "%ld %lu %lld %llu", -1234567890123L, 1234567890123UL, (long long)INT64_MIN,
         (unsigned long long)UINT64_MAX);
    SAME(128, "%x %X %lx %llx", 0xdeadbeefu, 0xdeadbeefu, 0x123456789abcdefUL,
         0xfedcba9876543210ULL);
    SAME(128, "%o %#o %#o %#x %#X %#x", 8u, 8u, 0u, 255u, 255u, 0u);
    SAME(128, "%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
    SAME(128, "%zu %zd %jd %td", (size_t)12345, (ssize_t)-5, (intmax_t)-6, (ptrdiff_t)7);
    TEST_END();

    TEST_BEGIN("rt-format-width-padding");
    SAME(128, "[%5d] [%-5d] [%05d] [%5u] [%08x] [%-8x]", 42, 42, 42, 7u, 0xbeefu, 0xbeefu);
    SAME(128, "[%05d] [%+d] [% d] [%+05d] [% 5d]", -42, 42, 42, 42, -42);
    SAME(128, "[%.3d] [%8.3d] [%-8.3d] [%08.3d] [%.0d] [%5.0d]", 7, -7, 7, 7, 0, 0);
    SAME(128, "[%*d] [%-*d] [%*d] [%.*d]", 6, 1, 6, 2, -6, 3, 4, 5);
    SAME(128, "[%016lx] [%#010x] [%#-10x] [%2d]", 0xabcUL, 0x1fu, 0x1fu, 12345);
    TEST_END();

    TEST_BEGIN("rt-format-strings-chars");
    SAME(128, "[%s] [%10s] [%-10s] [%.2s] [%5.1s]", "abc", "abc", "abc", "abc", "abc");
    SAME(128, "[%c%c%c] [%3c] [%-3c]", 'a', 'b', 'c', 'x', 'y');
    SAME(128, "100%% [%%] [%s]", "");
    SAME(128, "[%*s] [%.*s]", -4, "ab", 1, "xyz");
    TEST_END();

    TEST_BEGIN("rt-format-pointers");
    SAME(128, "%p %p", (void *)0x40200000UL, (void *)0xffff000012345678UL);
    SAME(128, "[%20p] [%-20p]", (void *)0x1234UL, (void *)0x1234UL);
    TEST_END();

    TEST_BEGIN("rt-format-truncation");
    SAME(1, "%s", "hello");
    SAME(5, "%s world", "hello");
    SAME(6, "%d", 123456789);
    SAME(2, "%x", 0xabcu);
    char buf[4] = { 'Z', 'Z', 'Z', 'Z' };
    int n = format_test_rt(buf, 0, "abc");
    CHECK(n == 3);
    CHECK(buf[0] == 'Z');       /* size 0: nothing written, not even NUL */
    TEST_END();
    return CHECK_EXIT_CODE();
}
