/* The guest register frame saved on every trap (layout fixed by vectors.S). */
#ifndef ARM64_REGS_H
#define ARM64_REGS_H
#include <xen/types.h>

struct cpu_regs {
    uint64_t x[31];
    uint64_t elr;
    uint64_t spsr;
    uint64_t pad;   /* keeps the frame 16-byte aligned */
};

_Static_assert(sizeof(struct cpu_regs) == 34 * 8, "frame layout is shared with vectors.S");

/* Register 31 in a trapped load/store names XZR. */
static inline uint64_t regs_get(const struct cpu_regs *r, unsigned n) { return n == 31 ? 0 : r->x[n]; }
static inline void regs_set(struct cpu_regs *r, unsigned n, uint64_t v) { if (n != 31) r->x[n] = v; }
#endif
