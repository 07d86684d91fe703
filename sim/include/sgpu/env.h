/* Fallback copy for the simulator while guest-frontends/sgpu/include/sgpu/
 * env.h (the original, which takes precedence on the include path) is absent.
 * The environment the SGPU guest driver runs in (bare metal under rt, a
 * simulated guest in sim/, a host test on the in-process model). The driver
 * (guest-frontends/sgpu/) calls only these; each environment implements them.
 * Freestanding C. */
#ifndef SGPU_ENV_H
#define SGPU_ENV_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sgpu_env_ops {
    /* The SGPU function page (docs/hw/sgpu.md), by byte offset; width 32/64. */
    uint32_t (*read32)(void *ctx, uint32_t off);
    uint64_t (*read64)(void *ctx, uint32_t off);
    void (*write32)(void *ctx, uint32_t off, uint32_t val);
    void (*write64)(void *ctx, uint32_t off, uint64_t val);
    /* Guest memory: size bytes, 4 KiB aligned, contiguous in guest-physical
     * (IPA) space, zeroed. Returns the CPU pointer and sets *ipa; NULL when
     * out of memory. Freed all at once when the environment ends. */
    void *(*alloc)(void *ctx, size_t size, uint64_t *ipa);
    /* Blocks until the device's interrupt has fired since the last call, or
     * until absolute time deadline_ns; returns false on timeout. */
    bool (*wait_irq)(void *ctx, uint64_t deadline_ns);
    uint64_t (*now_ns)(void *ctx);
    /* Sleeps until absolute time t_ns (periodic workloads). */
    void (*sleep_until)(void *ctx, uint64_t t_ns);
    /* One line of output, no trailing newline needed. */
    void (*log)(void *ctx, const char *line);
};

struct sgpu_env {
    const struct sgpu_env_ops *ops;
    void *ctx;
};
#endif
