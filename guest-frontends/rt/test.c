/* The guest test framework (rt/test.h). */
#include "rt/rt.h"
#include "rt/test.h"

static const char *test_name = "unnamed";
static uint32_t test_failed;
static uint64_t test_domain;
static uint64_t test_boot;

void test_begin(const char *name)
{
    uint64_t boot = 0;
    int64_t id = hypercall_domain_id(&boot);

    test_name = name;
    /* No hypervisor (plain QEMU): DOMAIN_ID is unsupported, say 0 for both. */
    test_domain = id > 0 ? (uint64_t)id : 0;
    test_boot = id > 0 ? boot : 0;
    printf("guest %s start domain=%lu boot=%lu\n", name, test_domain, test_boot);
}

int test_end(void)
{
    uint32_t n = __atomic_load_n(&test_failed, __ATOMIC_ACQUIRE);

    if (n == 0)
        printf("RESULT %s PASS\n", test_name);
    else
        printf("RESULT %s FAIL %u checks\n", test_name, n);
    return (int)n;
}

void test_fail(int line, const char *what)
{
    __atomic_fetch_add(&test_failed, 1, __ATOMIC_ACQ_REL);
    printf("CHECK FAILED %s:%d (vCPU %u): %s\n", test_name, line, smp_cpu_id(), what);
}

bool test_check(bool ok, int line, const char *expr)
{
    if (!ok)
        test_fail(line, expr);
    return ok;
}

bool test_check_eq(uint64_t actual, uint64_t expected, int line, const char *a, const char *e)
{
    if (actual == expected)
        return true;
    __atomic_fetch_add(&test_failed, 1, __ATOMIC_ACQ_REL);
    printf("CHECK FAILED %s:%d (vCPU %u): %s == %s: got 0x%lx, expected 0x%lx\n",
           test_name, line, smp_cpu_id(), a, e, actual, expected);
    return false;
}

uint32_t test_failures(void)
{
    return __atomic_load_n(&test_failed, __ATOMIC_ACQUIRE);
}

uint64_t test_domain_id(void)
{
    return test_domain;
}

uint64_t test_boot_count(void)
{
    return test_boot;
}
