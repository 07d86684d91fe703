/* The library's private state: one struct sgpu_dev per opened device. */
#ifndef SGPU_PRIV_H
#define SGPU_PRIV_H
#include "hw/sgpu_regs.h"
#include "sgpu/fmt.h"
#include "sgpu/sgpu_drv.h"

#define SGPU_PAGE 4096u
#define SGPU_VA_BITS 39
#define SGPU_POLL_NS 100000u        /* re-check interval while the ring is full */
#define SGPU_FENCE_RECHECK_NS 4000000u /* a fence wait looks again this often */

struct sgpu_mmu {
    uint64_t *l1;                   /* level-1 table (CPU view) */
    uint64_t l1_ipa;
    void **l2_cpu;                  /* per L1 slot: CPU pointer of its L2 table */
    void ***l3_cpu;                 /* per L1 slot: that L2 table's L3 CPU pointers */
};

struct sgpu_dev {
    struct sgpu_env env;
    struct sgpu_params p;
    struct sgpu_info info;
    struct sgpu_fault fault;
    bool faulted;                   /* sticky until reset: the function is FAULTED */

    struct sgpu_mmu mmu;
    uint64_t va_next;               /* next device VA handed out */

    uint32_t *ring;                 /* CPU view of the ring */
    uint64_t ring_va;
    uint32_t ring_size;
    uint32_t tail;                  /* where the next command goes (bytes) */
    uint32_t submitted;             /* last RING_TAIL written */
    uint32_t head;                  /* RING_HEAD as last read */
    uint64_t wraps;

    uint8_t *args;                  /* kernel argument arena, two halves */
    uint64_t args_va;
    uint32_t args_size;
    uint32_t args_pos;              /* offset in the current half */
    unsigned args_cur;              /* the half in use */
    uint64_t args_half_fence[2];    /* fence after the last use of each half */

    uint64_t fence_seq;             /* last sequence number emitted */
    uint64_t fence_retired;         /* last one seen retired */
};

uint32_t sgpu_dev_rd32(const struct sgpu_dev *d, uint32_t off);
void sgpu_dev_wr32(struct sgpu_dev *d, uint32_t off, uint32_t v);
void sgpu_dev_wr64(struct sgpu_dev *d, uint32_t off, uint64_t v);
/* Environment memory, 4 KiB granular; NULL (logged) when exhausted. */
void *sgpu_dev_alloc(struct sgpu_dev *d, uint64_t size, uint64_t *ipa);

int sgpu_mmu_init(struct sgpu_dev *d);
/* Emits a FENCE with IRQ and returns its number through seq (no submit). */
int sgpu_cmd_fence_internal(struct sgpu_dev *d, uint64_t *seq);
/* Copies an argument block into the arena; returns its device VA or 0. */
uint64_t sgpu_cmd_args_put(struct sgpu_dev *d, const void *args, uint32_t bytes);
void sgpu_cmd_ring_restart(struct sgpu_dev *d);

/* Freestanding helpers. */
static inline void sgpu_put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static inline void sgpu_put64(uint8_t *p, uint64_t v)
{
    sgpu_put32(p, (uint32_t)v);
    sgpu_put32(p + 4, (uint32_t)(v >> 32));
}

static inline uint32_t sgpu_fbits(float f)
{
    union { float f; uint32_t u; } c = { .f = f };
    return c.u;
}

static inline bool sgpu_is_pow2(uint64_t v)
{
    return v && !(v & (v - 1));
}
#endif
