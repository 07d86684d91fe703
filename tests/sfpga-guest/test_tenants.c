/* Every tenant workload on the model: correct results (checked by the
 * workload itself against the guest references), a well-formed TENANT
 * line, a deliberately corrupted result detected, the mix, and a slot whose
 * bitstream the host fixed (no load page). */
#include <stdio.h>
#include <string.h>

#include "apps-fpga/tenant.h"
#include "check.h"
#include "host_env.h"
#include "sfpga_guest_tests.h"

#define RAM (96ull << 20)

static const char *const names[] = { "sha256", "aes", "crc32c", "fir", "matmul" };
/* Half the model's speed (docs/hw/sfpga.md 4) in MB/s: a workload slower
 * than this waited for something other than the device (e.g. an interrupt
 * that never came). matmul counts its input bytes, not its MACs. */
static const uint64_t min_mb_per_s[] = { 250, 500, 2000, 500, 50 };

static int rig_open(struct host_env *h, struct fpga_slot *s, unsigned flags)
{
    struct sgpu_env env;
    if (host_env_init(h, RAM, 4, 2))
        return -1;
    host_env_bind(h, &env);
    return fpga_slot_open(s, &env, flags);
}

static bool line_ok(const char *line, const char *name, int ok)
{
    char want[64];
    snprintf(want, sizeof want, "TENANT %s ", name);
    char okw[16];
    snprintf(okw, sizeof okw, " ok=%d ", ok);
    return strncmp(line, want, strlen(want)) == 0 && strstr(line, okw) &&
           strstr(line, " mb_per_s=") && strstr(line, " load_ns=") && strstr(line, " err=");
}

static void test_each(void)
{
    TEST_BEGIN("sfpga-guest-tenants-verify");
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
        struct host_env h;
        struct fpga_slot s;
        CHECK(rig_open(&h, &s, 0) == 0);
        struct tenant_params p = { .bytes = 1u << 20, .rounds = 2, .dim = 200, .seed = i };
        struct tenant_result r;
        tenant_fn fn = tenant_find(names[i]);
        CHECK(fn != NULL);
        if (!fn)
            continue;
        int rc = fn(&s, &p, &r);
        if (rc || !r.ok)
            printf("  %s: rc %d: %s\n", names[i], rc, h.last_log);
        CHECK(rc == 0 && r.ok);
        CHECK(r.jobs > 0 && r.bytes > 0 && r.ns > 0 && r.loads == 1);
        CHECK(r.bytes * 1000 / r.ns >= min_mb_per_s[i]);
        CHECK(h.irqs_func >= r.jobs); /* every job ended on its interrupt */
        CHECK(line_ok(h.last_log, names[i], 1));
        printf("  %s\n", h.last_log);
        host_env_fini(&h);
    }
    TEST_END();
}

static void test_corrupt(void)
{
    TEST_BEGIN("sfpga-guest-tenants-detect-corruption");
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
        struct host_env h;
        struct fpga_slot s;
        CHECK(rig_open(&h, &s, 0) == 0);
        struct tenant_params p = { .bytes = 64u << 10, .dim = 40, .corrupt = true };
        struct tenant_result r;
        CHECK(tenant_find(names[i])(&s, &p, &r) != 0);
        CHECK(!r.ok && r.err == 0); /* a mismatch, not a library error */
        CHECK(line_ok(h.last_log, names[i], 0));
        host_env_fini(&h);
    }
    TEST_END();
}

static void test_mix(void)
{
    TEST_BEGIN("sfpga-guest-tenant-mix");
    struct host_env h;
    struct fpga_slot s;
    CHECK(rig_open(&h, &s, 0) == 0);
    struct tenant_params p = { .bytes = 200000, .chunk = 4096 * 3 + 1, .dim = 64 };
    struct tenant_result r;
    CHECK(tenant_mix(&s, &p, &r) == 0);
    CHECK(r.ok && r.loads == 5 && r.rounds == 5);
    CHECK(line_ok(h.last_log, "mix", 1));
    CHECK(tenant_find("nope") == NULL);
    host_env_fini(&h);
    TEST_END();
}

static void test_fixed_bitstream(void)
{
    TEST_BEGIN("sfpga-guest-fixed-bitstream-slot");
    struct host_env h;
    struct fpga_slot s;
    CHECK(rig_open(&h, &s, 0) == 0);
    CHECK(fpga_load_accel(&s, SFPGA_ACCEL_CRC32C, 3, 4096) == 0);
    /* the same slot seen through a function-page-only window */
    struct sgpu_env env;
    host_env_bind(&h, &env);
    struct fpga_slot f;
    CHECK(fpga_slot_open(&f, &env, FPGA_OPEN_NO_LOAD_PAGE) == 0);
    CHECK(f.accel_id == SFPGA_ACCEL_CRC32C && f.accel_version == 3);
    struct tenant_params p = { .bytes = 100000 };
    struct tenant_result r;
    CHECK(tenant_crc32c(&f, &p, &r) == 0 && r.ok && r.loads == 0);
    CHECK(tenant_sha256(&f, &p, &r) == FPGA_E_ACCEL);
    CHECK(fpga_unload(&f) == FPGA_E_NOLOAD);
    host_env_fini(&h);
    TEST_END();
}

static void test_env_main(void)
{
    TEST_BEGIN("sfpga-guest-tenant-env-entry");
    struct host_env h;
    struct sgpu_env env;
    CHECK(host_env_init(&h, RAM, 4, 1) == 0);
    host_env_bind(&h, &env);
    static struct tenant_env_job j = { .workload = "fir", .repeat = 3,
                                       .params = { .bytes = 20000, .rounds = 2 } };
    tenant_env_main(&env, &j);
    CHECK(j.open_err == 0 && j.runs == 3 && j.failed == 0 && j.last.ok);
    CHECK(j.slot.loads == 1 && j.slot.accel_id == SFPGA_ACCEL_FIR);
    static struct tenant_env_job bad = { .workload = "fpu" };
    tenant_env_main(&env, &bad);
    CHECK(bad.open_err == FPGA_E_ARG && bad.runs == 0 && strstr(h.last_log, "fpu"));
    host_env_fini(&h);
    TEST_END();
}

void sfpga_guest_test_tenants(void)
{
    test_env_main();
    test_each();
    test_corrupt();
    test_mix();
    test_fixed_bitstream();
}
