/* Tenant workloads (docs/sfpga-guest.md): each loads its accelerator into
 * the slot (unless it is there), runs a stream of jobs over guest memory,
 * checks the result against the guest's own reference and prints one line
 *   TENANT <name> rounds=.. bytes=.. jobs=.. ok=0|1 ns=.. mb_per_s=..
 *          loads=.. load_ns=.. err=..
 * The same functions run under rt (fpga-tenant.bin), in the simulator and
 * in host tests. */
#ifndef APPS_FPGA_TENANT_H
#define APPS_FPGA_TENANT_H
#include <stdbool.h>
#include <stdint.h>

#include "sfpga/sfpga_drv.h"

struct tenant_params {
    uint32_t bytes;     /* data per round (sha256, crc32c, aes, fir); 0 = default */
    uint32_t rounds;    /* rounds, each checked; 0 = 1 */
    uint32_t chunk;     /* bytes per job of a stream; 0 = a mix of awkward sizes */
    uint32_t dim;       /* matmul8: M (N and K derived); 0 = default */
    uint32_t bs_size;   /* bitstream bytes; 0 = default (64 KiB) */
    uint32_t seed;
    bool corrupt;       /* self-test: flip one result byte before the check */
};

struct tenant_result {
    const char *name;
    bool ok;            /* every round matched the reference */
    int err;            /* first library error (FPGA_E_*), 0 if none */
    uint32_t rounds;
    uint64_t bytes;     /* input bytes the accelerator processed */
    uint64_t jobs;
    uint64_t ns;        /* device phase wall time (loads and checks excluded) */
    uint64_t loads, load_ns;
};

typedef int (*tenant_fn)(struct fpga_slot *s, const struct tenant_params *p,
                         struct tenant_result *r);

int tenant_sha256(struct fpga_slot *s, const struct tenant_params *p, struct tenant_result *r);
int tenant_aes(struct fpga_slot *s, const struct tenant_params *p, struct tenant_result *r);
int tenant_crc32c(struct fpga_slot *s, const struct tenant_params *p, struct tenant_result *r);
int tenant_fir(struct fpga_slot *s, const struct tenant_params *p, struct tenant_result *r);
int tenant_matmul(struct fpga_slot *s, const struct tenant_params *p, struct tenant_result *r);

/* By name ("sha256", "aes", "crc32c", "fir", "matmul"); NULL if unknown. */
tenant_fn tenant_find(const char *name);
/* Runs every workload in turn (a reconfiguration between each); *r sums
 * them and ok only if all are. Returns the number that failed. */
int tenant_mix(struct fpga_slot *s, const struct tenant_params *p, struct tenant_result *r);

/* A whole tenant as one call on an environment, in the shape of a
 * simulated guest's entry point (void fn(const struct sgpu_env *, void *)):
 * opens the slot, runs the workload `repeat` times, fills the outputs. */
struct tenant_env_job {
    const char *workload;      /* a tenant_find name, or "mix" (NULL: mix) */
    struct tenant_params params;
    unsigned open_flags;       /* FPGA_OPEN_* */
    uint32_t repeat;           /* 0 = 1 */
    uint64_t timeout_ns;       /* 0 = the driver's default */
    /* outputs */
    int open_err;              /* fpga_slot_open's result, or FPGA_E_ARG for a bad name */
    uint32_t runs, failed;
    struct tenant_result last;
    struct fpga_slot slot;     /* the slot with its counters after the run */
};
void tenant_env_main(const struct sgpu_env *env, void *arg);

/* Prints r's TENANT line through the slot's env. */
void tenant_report(struct fpga_slot *s, const struct tenant_result *r);

/* ---- shared by the workloads ---- */
/* Deterministic pseudo-random bytes (xorshift32 from seed). */
void tenant_fill(uint8_t *p, size_t n, uint32_t seed);
/* Length of the i-th piece of a stream when p->chunk is 0: sizes that
 * straddle 64-byte blocks and 4 KiB device chunks. */
uint32_t tenant_piece(const struct tenant_params *p, unsigned i);
/* Starts/ends the result's accounting from the slot's counters. */
void tenant_begin(struct fpga_slot *s, struct tenant_result *r, const char *name,
                  const struct tenant_params *p);
void tenant_end(struct fpga_slot *s, struct tenant_result *r, int err);
uint64_t tenant_now(struct fpga_slot *s);
/* The bitstream size to use (p->bs_size or 64 KiB). */
uint32_t tenant_bs_size(const struct tenant_params *p);
/* 0 when r is ok, else its error (or -1 for a mismatch). */
int tenant_status(const struct tenant_result *r);
#endif
