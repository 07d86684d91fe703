/* The SGPU guest environment (sgpu/env.h) on the host, over the in-process
 * SGPU model: "bare hardware" — machine RAM is a buffer at PA 0x4000_0000,
 * stage 2 is off (IPA = PA), the function page is the model's page 0 and
 * every register store is followed by a doorbell, as a trapped write to a
 * virtual SGPU takes effect at once. Time is virtual: it moves only when
 * the driver waits or sleeps (and by mmio_cost_ns per register access), so
 * runs are exactly repeatable. */
#ifndef TESTS_SGPU_GUEST_HOST_ENV_H
#define TESTS_SGPU_GUEST_HOST_ENV_H
#include <stdbool.h>
#include <stdint.h>

#include "hw/sgpu.h"
#include "sgpu/env.h"

#define HOST_ENV_RAM_PA 0x40000000ull

struct host_env {
    struct sgpu *g;
    uint8_t *ram;
    uint64_t ram_size;
    uint64_t brk;               /* next free byte of RAM */
    uint64_t now;               /* virtual ns */
    uint64_t mmio_cost_ns;
    bool irq;                   /* the function interrupt fired since the last wait */
    uint64_t irqs, waits, reads, writes;
    bool fail_id;               /* test hook: ID reads return 0 (no SGPU there) */
    bool split64;               /* 64-bit accesses as two 32-bit ones (LO, HI), each
                                   store acted on at once, as a 32-bit trap path would */
    char *log;                  /* every line logged, driver's and model's */
    size_t log_len, log_cap;
    bool verbose;               /* also print every line */
    struct sgpu_env env;
};

int host_env_init(struct host_env *h, uint64_t ram_bytes, enum sgpu_executor_kind ex);
void host_env_free(struct host_env *h);
/* Whether a logged line contains s; host_env_log_clear forgets the lines. */
bool host_env_log_has(const struct host_env *h, const char *s);
void host_env_log_clear(struct host_env *h);
/* Runs the device until it is idle or limit_ns passes. */
void host_env_drain(struct host_env *h, uint64_t limit_ns);
#endif
