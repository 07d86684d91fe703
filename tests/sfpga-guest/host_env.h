/* The slot driver's environment on the in-process SFPGA model: machine RAM
 * is a host buffer, stage 2 is off (bare hardware: IPA = machine PA), the
 * register window is one slot's function page (0x0000) and privileged page
 * (0x1000), every store is followed by a doorbell, time is virtual and
 * advanced by the env while the driver waits for an interrupt. */
#ifndef SFPGA_GUEST_HOST_ENV_H
#define SFPGA_GUEST_HOST_ENV_H
#include <stdbool.h>
#include <stdint.h>

#include "hw/sfpga.h"
#include "sgpu/env.h"

#define HOST_ENV_RAM_BASE 0x40000000ull

struct host_env {
    struct host_env *owner;  /* NULL: owns the device; else a view of owner's */
    bool pend[SFPGA_MAX_SLOTS]; /* owner: interrupt pending per slot */
    struct sfpga *dev;
    uint8_t *ram;
    uint64_t ram_size;
    unsigned nslots, slot;
    uint64_t now;
    uint64_t heap_next;
    bool drop_irqs;          /* test knob: interrupts never reach the driver */
    uint64_t irqs_func, irqs_priv;
    uint64_t log_lines;
    char last_log[256];
    bool echo;               /* print log lines (SFPGA_GUEST_VERBOSE=1) */
};

/* 0, or -1 with the reason printed. */
int host_env_init(struct host_env *h, uint64_t ram_size, unsigned nslots, unsigned slot);
void host_env_fini(struct host_env *h);
void host_env_bind(struct host_env *h, struct sgpu_env *env);
/* A second env on another slot of owner's device (same RAM, clock and
 * allocator), for several slot drivers side by side. */
void host_env_init_view(struct host_env *v, struct host_env *owner, unsigned slot);
#endif
