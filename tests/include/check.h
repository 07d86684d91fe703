/* Minimal host unit-test helpers: each CHECK prints nothing when it holds and
 * a FAIL line naming the test, file, line and expression when it does not;
 * TEST_END prints the PASS/FAIL line tests/run.sh counts. */
#ifndef TESTS_CHECK_H
#define TESTS_CHECK_H
#include <stdio.h>

static int check_failures_in_test;
static int check_total_failed;

#define TEST_BEGIN(name) do { check_failures_in_test = 0; const char *check_test_name_ = (name)
#define CHECK(expr) do { if (!(expr)) { check_failures_in_test++; \
        printf("  %s:%d: check failed: %s\n", __FILE__, __LINE__, #expr); } } while (0)
#define CHECK_EQ_U64(a, b) do { unsigned long long ca_ = (a), cb_ = (b); if (ca_ != cb_) { \
        check_failures_in_test++; printf("  %s:%d: %s == %s failed: 0x%llx != 0x%llx\n", \
        __FILE__, __LINE__, #a, #b, ca_, cb_); } } while (0)
#define TEST_END() if (check_failures_in_test) { check_total_failed++; \
        printf("FAIL %s: %d check(s) failed\n", check_test_name_, check_failures_in_test); } \
    else printf("PASS %s\n", check_test_name_); } while (0)
#define CHECK_EXIT_CODE() (check_total_failed ? 1 : 0)
#endif
