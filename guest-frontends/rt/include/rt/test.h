/* A tiny test framework for guests.
 *
 *   int main(void *dtb) {
 *       test_begin("name");          // "guest name start domain=<id> boot=<n>"
 *       T_CHECK(x == 1);
 *       T_CHECK_EQ(read(), 0xF0);
 *       return test_end();           // "RESULT name PASS" | "... FAIL <n> checks"
 *   }
 *
 * A failed check prints its line number (and values); test_end returns the
 * number of failed checks, which main returns as the domain's exit code.
 * Checks may run on any vCPU. */
#ifndef RT_TEST_H
#define RT_TEST_H
#include <stdbool.h>
#include <stdint.h>

#define T_CHECK(cond) test_check(!!(cond), __LINE__, #cond)
#define T_CHECK_EQ(actual, expected) \
    test_check_eq((uint64_t)(actual), (uint64_t)(expected), __LINE__, #actual, #expected)

/* Asks the hypervisor who we are (domain 0, boot 0 when it cannot say) and
 * prints the first line every test guest prints. */
void test_begin(const char *name);
/* Prints the RESULT line; returns the number of failed checks. */
int test_end(void);

bool test_check(bool ok, int line, const char *expr);
bool test_check_eq(uint64_t actual, uint64_t expected, int line, const char *a, const char *e);
/* Records a failure described by the caller (who printed the details). */
void test_fail(int line, const char *what);
uint32_t test_failures(void);

/* From DOMAIN_ID at test_begin: 0 when unknown (no hypervisor). */
uint64_t test_domain_id(void);
uint64_t test_boot_count(void);

#endif
