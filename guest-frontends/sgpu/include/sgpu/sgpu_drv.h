/* The native SGPU driver library (docs/sgpu-guest.md, device spec
 * docs/hw/sgpu.md). It runs the same on bare hardware, behind a virtual
 * SGPU of the hypervisor and in the simulator: everything it does goes
 * through the environment ops of sgpu/env.h. Freestanding C11.
 *
 * A device is opened once; it owns a command ring and stage-1 page tables
 * in guest memory and hands out buffers mapped at device VAs. Commands are
 * written into the ring and become visible to the device at sgpu_cmd_submit
 * (one RING_TAIL write). Completion is tracked with fences: a FENCE command
 * carries a 64-bit sequence number that the device writes to its FENCE
 * register when it retires, with an interrupt.
 *
 * Every function that can fail returns an sgpu error (0 or negative) and
 * logs one line naming what was wrong. Not reentrant: one caller at a time
 * per device. */
#ifndef SGPU_DRV_H
#define SGPU_DRV_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgpu/env.h"

enum sgpu_err {
    SGPU_OK = 0,
    SGPU_ERR_INVAL = -1,     /* a bad argument (named in the log line) */
    SGPU_ERR_NOMEM = -2,     /* the environment has no more guest memory */
    SGPU_ERR_NODEV = -3,     /* no SGPU, or one this driver does not support */
    SGPU_ERR_TIMEOUT = -4,   /* the device did not finish in time */
    SGPU_ERR_FAULT = -5,     /* the device faulted; see sgpu_dev_fault */
    SGPU_ERR_NOVA = -6,      /* device VA space exhausted */
};

/* A short name for an error code ("TIMEOUT", ...). */
const char *sgpu_err_str(int err);
/* The spec's name of a fault code ("S1_TRANSLATION", ...), "UNKNOWN" else. */
const char *sgpu_err_fault_name(uint32_t code);

struct sgpu_info {
    uint32_t id;        /* SGPU_ID_VALUE */
    uint32_t version;   /* major << 16 | minor */
    uint32_t caps;
    uint32_t kernels;   /* bit n: kernel id n available */
    uint32_t max_kernel;
    uint32_t tlb_entries;
    bool opencl;        /* kernels run on the OpenCL executor */
};

/* What the device reported when it faulted (FAULT_* registers). */
struct sgpu_fault {
    uint32_t code;      /* SGPU_FAULT_* of hw/sgpu_regs.h */
    uint32_t level;     /* translation level of a translation fault */
    bool write;         /* the faulting access was a write */
    uint32_t head;      /* ring offset of the faulting command */
    uint64_t addr;      /* device VA, or the offending value */
    uint64_t ipa;       /* for stage-2 faults */
};

struct sgpu_params {
    uint32_t ring_bytes;     /* power of two, 4 KiB..1 MiB; 0 = 64 KiB */
    uint32_t args_bytes;     /* kernel argument arena; 0 = 64 KiB */
    uint64_t timeout_ns;     /* default wait bound; 0 = 2 s */
    uint64_t va_base;        /* first device VA handed out; 0 = 4 GiB */
};

struct sgpu_dev;

/* Opens the device behind env: resets the function, checks ID, version
 * (major 1) and the stage-1 MMU, builds the ring and page tables, enables
 * interrupts. NULL on failure with *err set (err may be NULL). The device's
 * state is allocated from the environment's memory. */
struct sgpu_dev *sgpu_dev_open(const struct sgpu_env *env, const struct sgpu_params *p, int *err);
/* Function reset (drops the job in progress and everything queued), then
 * reprograms ring, MMU and interrupts. Buffers stay mapped; fence numbers
 * restart at 1. The way out of a fault or a timeout. */
int sgpu_dev_reset(struct sgpu_dev *d);
const struct sgpu_info *sgpu_dev_info(const struct sgpu_dev *d);
const struct sgpu_env *sgpu_dev_env(const struct sgpu_dev *d);
/* The last fault seen (code 0 if none since open/reset). */
const struct sgpu_fault *sgpu_dev_fault(const struct sgpu_dev *d);
/* Reads and acknowledges pending interrupts; returns SGPU_ERR_FAULT (and
 * logs the fault once) when the function is faulted. */
int sgpu_dev_poll(struct sgpu_dev *d);
/* The environment's clock, and its log with printf-like formatting
 * (see sgpu/fmt.h for the conversions). */
uint64_t sgpu_dev_now(const struct sgpu_dev *d);
void sgpu_dev_log(const struct sgpu_dev *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Register access for tests and diagnostics (function page offsets). */
uint32_t sgpu_dev_read32(const struct sgpu_dev *d, uint32_t off);
uint64_t sgpu_dev_read64(const struct sgpu_dev *d, uint32_t off);

/* ---- Buffers ---- */
#define SGPU_BUF_READONLY (1u << 0)  /* the device may only read it (AP[2]) */

struct sgpu_buf {
    void *cpu;          /* CPU pointer */
    uint64_t va;        /* device VA */
    uint64_t ipa;       /* guest-physical address of the first byte */
    uint64_t size;      /* bytes, rounded up to 4 KiB */
};

/* Allocates zeroed guest memory and maps it at a fresh device VA. */
int sgpu_buf_alloc(struct sgpu_dev *d, uint64_t size, uint32_t flags, struct sgpu_buf *out);

/* ---- Stage-1 page tables (VMSAv8-64, 4 KiB granule, 39-bit VA) ---- */
/* Maps [va, va + size) to [ipa, ...), 4 KiB pages; tables come from the
 * environment. Invalidates the device TLB. For buffers sgpu_buf_alloc does
 * this; exposed for tests that need a mapping of their own. */
int sgpu_mmu_map(struct sgpu_dev *d, uint64_t va, uint64_t ipa, uint64_t size, uint32_t flags);
/* Removes the mappings of [va, va + size) (the device faults on them). */
int sgpu_mmu_unmap(struct sgpu_dev *d, uint64_t va, uint64_t size);

/* ---- Commands: written into the ring, visible after sgpu_cmd_submit. A
 * command that does not fit waits for the device to make room (bounded by
 * the device timeout; pending commands are submitted first). ---- */
int sgpu_cmd_nop(struct sgpu_dev *d, uint32_t words);
/* FENCE with interrupt; *seq gets its sequence number (may be NULL). If
 * mem_va is non-zero the device also writes the value there (8-byte
 * aligned). */
int sgpu_cmd_fence(struct sgpu_dev *d, uint64_t mem_va, uint64_t *seq);
int sgpu_cmd_copy(struct sgpu_dev *d, uint64_t src_va, uint64_t dst_va, uint64_t bytes);
int sgpu_cmd_fill(struct sgpu_dev *d, uint64_t dst_va, uint64_t bytes, uint32_t pattern);
/* Copies args into the library's argument arena and dispatches kernel. */
int sgpu_cmd_dispatch(struct sgpu_dev *d, uint32_t kernel, const uint32_t grid[3],
                      const uint32_t wg[3], const void *args, uint32_t args_bytes);
int sgpu_cmd_timestamp(struct sgpu_dev *d, uint64_t va);
int sgpu_cmd_busy(struct sgpu_dev *d, uint64_t ns, bool nopreempt);
/* Any words, unchecked: how tests put a malformed command on the ring. */
int sgpu_cmd_raw(struct sgpu_dev *d, const uint32_t *words, uint32_t n);
/* Makes every command written so far visible to the device. */
int sgpu_cmd_submit(struct sgpu_dev *d);
/* Ring bookkeeping, for tests: bytes free now, and wraps so far. */
uint32_t sgpu_cmd_ring_free(struct sgpu_dev *d);
uint64_t sgpu_cmd_ring_wraps(const struct sgpu_dev *d);

/* ---- Fences ---- */
/* Waits (interrupt-driven) until fence seq has retired, the device faults
 * (SGPU_ERR_FAULT) or timeout_ns passes (SGPU_ERR_TIMEOUT; 0 = the
 * device's default timeout). */
int sgpu_fence_wait(struct sgpu_dev *d, uint64_t seq, uint64_t timeout_ns);
/* Last retired sequence number. */
uint64_t sgpu_fence_retired(const struct sgpu_dev *d);
/* FENCE + submit + wait: everything submitted so far has finished. */
int sgpu_fence_finish(struct sgpu_dev *d, uint64_t timeout_ns);

/* ---- Kernels (argument blocks of docs/hw/sgpu.md §7); each picks a
 * work-group size and grid, dispatches, and does not submit. ---- */
int sgpu_kernel_saxpy(struct sgpu_dev *d, uint64_t x, uint64_t y, uint32_t n, float a);
int sgpu_kernel_sgemm(struct sgpu_dev *d, uint64_t a, uint64_t b, uint64_t c, uint32_t m,
                      uint32_t n, uint32_t k, float alpha, float beta);
/* Work-group size of reduce's passes (at most per_group): the rounding of
 * the result depends on it, so a CPU reference must know it. */
#define SGPU_REDUCE_WG 64u
/* Two passes: in[0..n) into groups of per_group, then the partials (kept in
 * scratch, at least 4 * ceil(n / per_group) bytes) into out[0]. */
int sgpu_kernel_reduce(struct sgpu_dev *d, uint64_t in, uint64_t scratch, uint64_t out,
                       uint32_t n, uint32_t per_group);
int sgpu_kernel_conv3x3(struct sgpu_dev *d, uint64_t in, uint64_t out, uint32_t width,
                        uint32_t height, const float k[9]);
struct sgpu_triangle {
    int32_t xy[6];      /* x0, y0, x1, y1, x2, y2 in 1/16 pixel */
    uint32_t rgba[3];   /* per-vertex colour, little-endian RGBA8 */
};
int sgpu_kernel_raster(struct sgpu_dev *d, uint64_t fb, uint32_t width, uint32_t height,
                       uint32_t stride, const struct sgpu_triangle *t);
#endif
