/* The model-side interface every device model (SGPU, SFPGA) offers to its
 * two hosts: the ivshmem transport process (hw/ivshmem) and the in-process
 * simulator (sim/). Both hosts drive the model the same way, so a register
 * sequence behaves identically in QEMU and in the simulator.
 *
 * Contract (see hw/README.md):
 * - The register file is `n_pages` pages of HW_PAGE_SIZE bytes that the HOST
 *   owns (the ivshmem BAR2 shared memory, or a buffer). Registers are
 *   little-endian 32-bit words; 64-bit registers are LO/HI word pairs.
 * - Drivers store into the pages at any time; stores take effect only when
 *   the host calls doorbell(). The model writes its status registers back
 *   into the pages before doorbell()/advance() return.
 * - Time is the host's: now_ns never decreases between calls. The model
 *   does the work whose modelled cost fits before now_ns; advance() returns
 *   the next time it wants to be called (HW_MODEL_IDLE: nothing to do until
 *   the next doorbell).
 * - Interrupts go out through raise_irq(ctx, vector), called from inside
 *   doorbell()/advance() only (never from another thread).
 * - A model never crashes on bad register values or bad memory contents:
 *   it reports a fault in its registers instead. */
#ifndef HW_MODEL_H
#define HW_MODEL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/mem.h"

#define HW_PAGE_SIZE 4096u
#define HW_MODEL_IDLE UINT64_MAX

typedef void (*hw_irq_fn)(void *ctx, unsigned vector);

struct hw_model_env {
    struct hw_mem mem;    /* machine RAM the model may DMA into */
    uint8_t *regs;        /* n_pages * HW_PAGE_SIZE bytes, host-owned */
    hw_irq_fn raise_irq;  /* may be NULL: interrupts are then only latched */
    void *irq_ctx;
    const char *options;  /* model-specific "key=value,..." or NULL */
    uint64_t now_ns;      /* time at creation */
    /* The host's clock, on the now_ns time base, for a model that runs at
     * the host's pace (the ivshmem process): when computing a unit of work
     * takes longer than its modelled cost, the device's time slips to the
     * clock instead of falling ever further behind it, so a doorbell (a
     * preemption request) is seen within one unit. NULL: modelled time only
     * (the simulator, which must stay deterministic). */
    uint64_t (*clock)(void *ctx);
    void *clock_ctx;
};

struct hw_model_ops {
    const char *name;     /* "sgpu", "sfpga": the transport's --model name */
    unsigned n_pages;     /* BAR2 pages the register file needs */
    unsigned n_vectors;   /* MSI-X vectors the model raises */
    /* Creates a model in power-on state; NULL with a message in err on bad
     * options or no memory. */
    void *(*create)(const struct hw_model_env *env, char *err, size_t errlen);
    void (*destroy)(void *model);
    /* Makes the register stores since the last call take effect. */
    void (*doorbell)(void *model, uint64_t now_ns);
    /* Runs the device up to now_ns; returns when to call again. */
    uint64_t (*advance)(void *model, uint64_t now_ns);
    /* Power-on reset (the client went away): all state and pages cleared. */
    void (*reset)(void *model, uint64_t now_ns);
};

/* Little-endian 32-bit register access to a page array shared with another
 * process: relaxed atomics so a torn or cached value is never seen. */
static inline uint32_t hw_reg_load32(const uint8_t *regs, uint32_t off)
{
    return __atomic_load_n((const uint32_t *)(const void *)(regs + off), __ATOMIC_RELAXED);
}

static inline void hw_reg_store32(uint8_t *regs, uint32_t off, uint32_t v)
{
    __atomic_store_n((uint32_t *)(void *)(regs + off), v, __ATOMIC_RELAXED);
}

/* Reads a trigger register (write-1-to-clear bits, a command) and leaves
 * 0, in one step: a store the other side makes between a separate load and
 * the clearing store would be erased unseen. */
static inline uint32_t hw_reg_take32(uint8_t *regs, uint32_t off)
{
    return __atomic_exchange_n((uint32_t *)(void *)(regs + off), 0u, __ATOMIC_RELAXED);
}

/* A 64-bit register at an 8-byte aligned address is loaded and stored in
 * one access, as a bus would: a driver that reads it with one 64-bit load
 * while the device updates it sees the old value or the new one, never the
 * new LO word beside the old HI word (a fence crossing 2^32 would seem to
 * have retired 2^32 fences ahead). Unaligned ones are two 32-bit accesses. */
static inline bool hw_reg_aligned64(const uint8_t *regs, uint32_t off)
{
    return ((uintptr_t)(regs + off) & 7u) == 0;
}

static inline uint64_t hw_reg_load64(const uint8_t *regs, uint32_t off)
{
    if (hw_reg_aligned64(regs, off))
        return __atomic_load_n((const uint64_t *)(const void *)(regs + off), __ATOMIC_RELAXED);
    return (uint64_t)hw_reg_load32(regs, off) | (uint64_t)hw_reg_load32(regs, off + 4) << 32;
}

static inline void hw_reg_store64(uint8_t *regs, uint32_t off, uint64_t v)
{
    if (hw_reg_aligned64(regs, off)) {
        __atomic_store_n((uint64_t *)(void *)(regs + off), v, __ATOMIC_RELAXED);
        return;
    }
    hw_reg_store32(regs, off, (uint32_t)v);
    hw_reg_store32(regs, off + 4, (uint32_t)(v >> 32));
}
#endif
