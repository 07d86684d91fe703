/* Start-up shared by the SGPU guests. */
#include "guest_main.h"

#include "rt/rt.h"
#include "rt/test.h"

/* Checks the environment's clock, waits and allocator without a device,
 * so they can be proven on plain QEMU (bootargs envtest=1). */
static void guest_main_env_selftest(struct guest_env *e)
{
    const struct sgpu_env_ops *o = e->env.ops;
    void *c = e->env.ctx;
    uint64_t t0 = o->now_ns(c);
    o->sleep_until(c, t0 + 2000000);
    uint64_t t1 = o->now_ns(c);
    bool fired = o->wait_irq(c, t1 + 1000000);
    uint64_t t2 = o->now_ns(c);
    printf("sgpu-env: self-test: sleep 2 ms took %llu us, wait_irq 1 ms took %llu us (fired %d)\n",
           (unsigned long long)(t1 - t0) / 1000, (unsigned long long)(t2 - t1) / 1000, fired);
    T_CHECK(t1 >= t0 + 2000000 && t1 < t0 + 200000000);
    T_CHECK(!fired);
    T_CHECK(t2 >= t1 + 1000000 && t2 < t1 + 200000000);
    uint64_t ipa[3];
    uint8_t *p[3];
    for (int i = 0; i < 3; i++) {
        p[i] = o->alloc(c, 5000, &ipa[i]);
        T_CHECK(p[i] != NULL && (uintptr_t)p[i] == ipa[i] && ipa[i] % 4096 == 0);
        for (int j = 0; p[i] && j < 8192; j++)
            if (p[i][j]) {
                T_CHECK(!"allocated memory is zeroed");
                break;
            }
        if (p[i])
            p[i][8191] = 0xaa;
    }
    T_CHECK(ipa[1] >= ipa[0] + 8192 && ipa[2] >= ipa[1] + 8192);
    T_CHECK(o->alloc(c, (size_t)1 << 40, &ipa[0]) == NULL);
    char line[48];
    snprintf(line, sizeof(line), "sgpu-env: self-test log line");
    o->log(c, line);
}

struct sgpu_dev *guest_main_open(const char *name, void *dtb, struct guest_env *e)
{
    int err = 0;
    test_begin(name);
    if (guest_env_init(e, dtb))
        return NULL;
    if (guest_main_arg(e, "envtest", 0))
        guest_main_env_selftest(e);
    if (guest_env_probe(e))
        return NULL;
    struct sgpu_dev *d = sgpu_dev_open(&e->env, NULL, &err);
    if (!d)
        printf("%s: cannot open the SGPU: %s\n", name, sgpu_err_str(err));
    return d;
}

uint64_t guest_main_arg(const struct guest_env *e, const char *key, uint64_t def)
{
    uint64_t v;
    const char *args = guest_env_args(e);
    if (guest_dt_arg(args, key, &v))
        return v;
    /* Present but not a number: say so rather than silently use def. */
    for (const char *p = args; *p; p++) {
        const char *k = key, *q = p;
        while (*k && *q == *k) {
            k++;
            q++;
        }
        if (!*k && *q == '=' && (p == args || p[-1] == ' '))
            printf("bootargs: %s has a bad value; using %llu\n", key, (unsigned long long)def);
    }
    return def;
}
