/* Kernel test cases shared by the SGPU tests and benchmark: each sets up
 * inputs and an argument block in a rig domain, and checks the output
 * against an independent host reference. */
#ifndef TESTS_SGPU_KCASE_H
#define TESTS_SGPU_KCASE_H
#include "rig.h"

struct kcase {
    const char *name;
    uint32_t kernel;
    uint32_t grid[3], wg[3];
    uint64_t args_va;
    uint32_t args_len;
    uint64_t out_va, out_len;   /* the bytes the kernel writes */
    uint64_t work;              /* flops (or bytes for memory-bound kernels) */
    const char *unit;           /* "GFLOP/s" or "GB/s" */
    /* private */
    uint64_t in_va[3];
    uint64_t keep_va;           /* copy of the output's initial bytes */
    uint32_t p[8];
    float f[9];
    int32_t xy[6];
    uint32_t rgba[3];
};

/* Sets case `which` (0..KCASE_COUNT-1) up at `scale` (1 = test size) in
 * domain d; inputs come from seed. */
#define KCASE_COUNT 5
void kcase_setup(struct kcase *k, int which, unsigned scale, struct rig *r, int d, uint32_t seed);
/* Re-writes the inputs and output of a set-up case (for a rerun). */
void kcase_reset_data(struct kcase *k, struct rig *r, int d, uint32_t seed);
/* Emits the DISPATCH into domain d's ring. */
void kcase_emit(struct kcase *k, struct rig *r, int d);
/* Compares the output with the host reference; returns the number of
 * mismatches (printing the first few) and the worst relative error. */
unsigned kcase_check(struct kcase *k, struct rig *r, int d, double *worst);
#endif
