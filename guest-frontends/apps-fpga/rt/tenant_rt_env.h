/* The slot driver's environment on the bare-metal runtime: the slot's
 * register window at an IPA (MMU off, so IPA = address), its interrupt
 * through the rt GIC, guest memory from a bump allocator above the image,
 * time from the virtual counter. */
#ifndef APPS_FPGA_TENANT_RT_ENV_H
#define APPS_FPGA_TENANT_RT_ENV_H
#include <stdbool.h>
#include <stdint.h>

#include "sgpu/env.h"

struct tenant_rt_env {
    uintptr_t base;          /* function page (window offsets 0x0000..0x0FFF) */
    uintptr_t load_base;     /* load page (window offsets 0x1000..0x1FFF) */
    uint32_t intid;
    bool edge;
    volatile uint32_t irq_pending;
    uint64_t heap_next, heap_end;
    uint64_t freq;
};

/* Sets up the window (load page right after the function page; move it
 * with e->load_base afterwards, e.g. to a bare device's privileged page),
 * the interrupt (handler, trigger, enable), a 1 ms wake-up tick so every
 * wait is bounded, and the heap [heap_start, heap_end). Returns 0 or -1
 * (printed). */
int tenant_rt_env_init(struct tenant_rt_env *e, uintptr_t base, uint32_t intid, bool edge,
                       uint64_t heap_start, uint64_t heap_end);
void tenant_rt_env_bind(struct tenant_rt_env *e, struct sgpu_env *env);
/* The allocator's position, to release everything allocated since. */
uint64_t tenant_rt_env_mark(const struct tenant_rt_env *e);
void tenant_rt_env_release(struct tenant_rt_env *e, uint64_t mark);
#endif
