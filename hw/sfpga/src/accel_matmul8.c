/* int8 matrix multiply: C[M][N] (int32, little-endian) = A[M][K] x B[K][N]
 * (int8, row-major), M, N, K in 1..512. A = SRC, B = PARAM3/4, C = DST.
 * One row of C per chunk. B is fetched once per job and again after a
 * context restore: a context carries no copy of B, which keeps it small. */
#include <stdlib.h>
#include <string.h>

#include "sfpga_internal.h"

#define MM_PS_PER_MAC 4u /* 250 multiply-accumulates per ns */

static void mm_init(struct sfpga_slot *s) { s->mm.b_loaded = false; }

static uint32_t mm_m(const struct sfpga_slot *s) { return s->job.param[0]; }
static uint32_t mm_n(const struct sfpga_slot *s) { return s->job.param[1]; }
static uint32_t mm_k(const struct sfpga_slot *s) { return s->job.param[2]; }

static unsigned mm_start(struct sfpga_slot *s)
{
    s->mm.b_loaded = false;
    for (int i = 0; i < 3; i++)
        if (s->job.param[i] < 1 || s->job.param[i] > SFPGA_MM_MAX_DIM)
            return SFPGA_FAULT_BAD_PARAM;
    return SFPGA_FAULT_NONE;
}

static uint32_t mm_total(const struct sfpga_slot *s) { return mm_m(s); }

static uint64_t mm_cost(const struct sfpga_slot *s, uint32_t units)
{
    return (uint64_t)units * mm_n(s) * mm_k(s) * MM_PS_PER_MAC;
}

static unsigned mm_run(struct sfpga_slot *s, uint32_t first, uint32_t units)
{
    uint32_t n = mm_n(s), k = mm_k(s);
    if (!s->mm.b_loaded) {
        if (!s->mm.b) {
            s->mm.b = malloc((size_t)SFPGA_MM_MAX_DIM * SFPGA_MM_MAX_DIM);
            if (!s->mm.b)
                return SFPGA_FAULT_BUS; /* host out of memory: fail the job, not the model */
        }
        uint64_t baddr = s->job.param[3] | (uint64_t)s->job.param[4] << 32;
        unsigned f = sfpga_dma_read(s, baddr, s->mm.b, n * k);
        if (f != SFPGA_FAULT_NONE)
            return f;
        s->mm.b_loaded = true;
    }
    int8_t a[SFPGA_MM_MAX_DIM];
    int32_t acc[SFPGA_MM_MAX_DIM];
    uint8_t out[4 * SFPGA_MM_MAX_DIM];
    for (uint32_t row = first; row < first + units; row++) {
        unsigned f = sfpga_dma_read(s, s->job.src + (uint64_t)row * k, a, k);
        if (f != SFPGA_FAULT_NONE)
            return f;
        memset(acc, 0, n * sizeof acc[0]);
        for (uint32_t i = 0; i < k; i++) {
            const int8_t *brow = s->mm.b + (size_t)i * n;
            int32_t ai = a[i];
            for (uint32_t j = 0; j < n; j++)
                acc[j] += ai * brow[j];
        }
        for (uint32_t j = 0; j < n; j++)
            sfpga_put_le32(out + 4 * j, (uint32_t)acc[j]);
        f = sfpga_dma_write(s, s->job.dst + (uint64_t)row * n * 4, out, 4 * n);
        if (f != SFPGA_FAULT_NONE)
            return f;
    }
    return SFPGA_FAULT_NONE;
}

static unsigned mm_finish(struct sfpga_slot *s)
{
    s->mm.b_loaded = false;
    s->result[0] = mm_m(s);
    return SFPGA_FAULT_NONE;
}

/* Context: reserved (8). The job registers and the progress say it all. */
static void mm_save(const struct sfpga_slot *s, uint8_t *out)
{
    (void)s;
    memset(out, 0, 8);
}

static int mm_restore(struct sfpga_slot *s, const uint8_t *in)
{
    (void)in;
    s->mm.b_loaded = false;
    return 0;
}

const struct sfpga_accel_ops sfpga_accel_matmul8 = {
    .id = SFPGA_ACCEL_MATMUL8, .name = "matmul8", .state_size = 8,
    .chunk_units = 1, .init = mm_init, .start = mm_start,
    .total_units = mm_total, .cost_ps = mm_cost, .run = mm_run, .finish = mm_finish,
    .save = mm_save, .restore = mm_restore,
};
