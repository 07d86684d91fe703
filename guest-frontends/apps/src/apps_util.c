/* Small helpers shared by the workloads. */
#include <stdarg.h>

#include "apps_util.h"
#include "sgpu/fmt.h"

void apps_util_print(struct sgpu_dev *d, const char *fmt, ...)
{
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    sgpu_fmt_vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    const struct sgpu_env *env = sgpu_dev_env(d);
    env->ops->log(env->ctx, line);
}

void *apps_util_alloc(struct sgpu_dev *d, uint64_t bytes)
{
    const struct sgpu_env *env = sgpu_dev_env(d);
    uint64_t ipa;
    bytes = (bytes + 4095) & ~4095ull;
    void *p = env->ops->alloc(env->ctx, (size_t)bytes, &ipa);
    if (!p)
        apps_util_print(d, "apps: out of guest memory (wanted %llu bytes)", (unsigned long long)bytes);
    return p;
}

uint32_t apps_util_rand(uint32_t *s)
{
    uint32_t x = *s ? *s : 0x9e3779b9u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *s = x;
    return x;
}

float apps_util_rand_float(uint32_t *s)
{
    return (float)((int32_t)(apps_util_rand(s) % 2048u) - 1024) / 256.0f;
}

void apps_util_sort(uint64_t *v, uint32_t n)
{
    for (uint32_t gap = n / 2; gap; gap /= 2) {
        for (uint32_t i = gap; i < n; i++) {
            uint64_t t = v[i];
            uint32_t j = i;
            for (; j >= gap && v[j - gap] > t; j -= gap)
                v[j] = v[j - gap];
            v[j] = t;
        }
    }
}

void apps_util_copy(void *dst, const void *src, uint64_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    for (uint64_t i = 0; i < n; i++)
        d[i] = s[i];
}
