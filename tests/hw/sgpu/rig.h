/* Test rig for the SGPU model: a fake machine with up to RIG_DOMS domains,
 * each with its own stage-2 tables, stage-1 tables in its own memory, a
 * ring and a buffer heap at fixed device VAs; helpers to emit commands, ring
 * the doorbell and run the model on virtual time. */
#ifndef TESTS_SGPU_RIG_H
#define TESTS_SGPU_RIG_H
#include <stdbool.h>
#include <stdint.h>

#include "hw/sgpu.h"
#include "pt.h"

#define RIG_RAM_PA    0x40000000ull
#define RIG_DOM_BYTES (16ull << 20)
#define RIG_DOMS      2
#define RIG_IPA_BASE  0x40000000ull        /* every domain's RAM starts here */
#define RIG_VA_BASE   0x10000000ull        /* device VA of the ring */
#define RIG_RING_SIZE 65536u
#define RIG_VA_BYTES  (12ull << 20)        /* device VA window per domain */

struct rig_dom {
    uint64_t pa_base;       /* machine PA of the domain's IPA RIG_IPA_BASE */
    uint64_t s2_root;       /* machine PA */
    uint64_t s1_root;       /* IPA */
    uint64_t ctx_pa;        /* its context-save area (hypervisor memory) */
    uint32_t tail;
    uint64_t heap;          /* next free device VA */
};

struct rig {
    struct pt_machine pm;
    struct sgpu *g;
    uint64_t now;
    struct rig_dom dom[RIG_DOMS];
    int cur;                /* domain whose context is on the engine */
    unsigned irqs[2];
    bool quiet;
};

/* scramble: map device VA pages to IPA pages out of order so that buffers
 * are not contiguous in machine memory. */
void rig_init(struct rig *r, enum sgpu_executor_kind ex, bool scramble);
void rig_free(struct rig *r);

uint32_t rig_r32(struct rig *r, unsigned page, uint32_t off);
uint64_t rig_r64(struct rig *r, unsigned page, uint32_t off);
void rig_w32(struct rig *r, unsigned page, uint32_t off, uint32_t v);
void rig_w64(struct rig *r, unsigned page, uint32_t off, uint64_t v);
void rig_doorbell(struct rig *r);
/* Runs until the model is idle (or `limit` events); returns events run. */
unsigned rig_run(struct rig *r, unsigned limit);
/* Advances to exactly time t. */
void rig_run_until(struct rig *r, uint64_t t);

/* Programs the function of domain d onto the engine from scratch (engine
 * reset, stage 2, ring, MMU, masks) and makes it current. */
void rig_start_dom(struct rig *r, int d);
/* Emits n dwords of commands into domain d's ring (not yet submitted). */
void rig_emit(struct rig *r, int d, const uint32_t *w, unsigned n);
/* Writes RING_TAIL for the current domain and rings the doorbell. */
void rig_submit(struct rig *r);

/* A fresh device buffer of len bytes (VA, 4 KiB aligned) in domain d. */
uint64_t rig_alloc(struct rig *r, int d, uint64_t len);
/* Host access to domain d's device VAs (through the rig's own walk). */
void rig_write(struct rig *r, int d, uint64_t va, const void *src, uint64_t len);
void rig_read(struct rig *r, int d, uint64_t va, void *dst, uint64_t len);
uint64_t rig_va_to_pa(struct rig *r, int d, uint64_t va);

/* Command builders: return the dword count written into w. */
unsigned rig_cmd_fence(uint32_t *w, uint64_t value, bool irq);
unsigned rig_cmd_copy(uint32_t *w, uint64_t src, uint64_t dst, uint64_t len);
unsigned rig_cmd_fill(uint32_t *w, uint64_t dst, uint64_t len, uint32_t pattern);
unsigned rig_cmd_dispatch(uint32_t *w, uint32_t kernel, const uint32_t grid[3], const uint32_t wg[3],
                          uint64_t args, uint32_t args_len);
unsigned rig_cmd_busy(uint32_t *w, uint64_t ns, bool nopreempt);
unsigned rig_cmd_timestamp(uint32_t *w, uint64_t va);

/* Preempts the current domain (PCMD PREEMPT) and runs until the engine
 * reports PREEMPTED; returns false if it does not within `limit` events. */
bool rig_preempt(struct rig *r, unsigned limit);
/* Resumes domain d from its save area; returns the PCMD result. */
uint32_t rig_resume(struct rig *r, int d);
#endif
