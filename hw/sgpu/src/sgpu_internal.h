/* SGPU model internals shared by the files of hw/sgpu/src. Lock-free by
 * design: one host thread drives a model instance (see hw/model.h). */
#ifndef SGPU_INTERNAL_H
#define SGPU_INTERNAL_H
#include <stdbool.h>
#include <stdint.h>

#include "hw/sgpu.h"

/* Timing model (docs/hw/sgpu.md, "Timing"): integer nanoseconds. */
#define SGPU_T_CMD_NS       20u        /* fetch and decode of one command */
#define SGPU_T_COPY_BPNS    16u        /* COPY: 16 bytes/ns = 16 GB/s */
#define SGPU_T_FILL_BPNS    32u        /* FILL: 32 GB/s */
#define SGPU_T_WG_NS        50u        /* work-group launch */
#define SGPU_T_KBPNS        16u        /* kernel memory traffic, bytes/ns */
#define SGPU_T_FLOPNS       64u        /* kernel arithmetic, flop/ns */
#define SGPU_T_CTX_BPNS     16u        /* context save/restore, bytes/ns */
#define SGPU_XFER_CHUNK     65536u     /* COPY/FILL preemption granule */
#define SGPU_TLB_ENTRIES    16u
#define SGPU_CTX_BYTES      256u

/* One decoded command. */
struct sgpu_cmd {
    uint32_t op, flags, len;
    uint32_t w[SGPU_CMD_MAX_DWORDS];
};

/* The function's architectural state: exactly what a context save keeps. */
struct sgpu_func {
    uint64_t ring_base;
    uint32_t ring_size, head, tail, control;
    uint64_t mmu_root;
    uint32_t mmu_control;
    uint32_t irq_raw, irq_mask, irq_sent;
    uint64_t fence;
    uint32_t fault_status, fault_head;
    uint64_t fault_addr, fault_ipa;
    uint32_t state;            /* SGPU_ENGINE_IDLE / RUNNING / FAULTED / HUNG */
    uint32_t cmd_valid;        /* a command is in progress at `head` */
    struct sgpu_cmd cmd;
    uint64_t progress;         /* units done: work-groups, chunks, or BUSY ns */
};

struct sgpu_tlb_entry {
    uint64_t va_page, pa_page;
    bool valid, r_ok, w_ok;
};

/* A kernel buffer made host-addressable for one batch of work-groups. */
struct sgpu_buf {
    uint64_t va, len;
    bool write;
    uint8_t *host;     /* where the kernel reads/writes */
    uint8_t *staging;  /* non-NULL when the pages were not contiguous */
};

#define SGPU_MAX_BUFS 3

/* A DISPATCH after decoding its argument block. */
struct sgpu_dispatch {
    uint32_t kernel;
    uint32_t grid[3], wg[3];
    uint64_t total_wgs;
    uint64_t wg_cost_ns;
    unsigned nbufs;
    struct sgpu_buf buf[SGPU_MAX_BUFS];
    union {
        struct { uint32_t n; float a; } saxpy;
        struct { uint32_t m, n, k; float alpha, beta; } sgemm;
        struct { uint32_t n, per_group; } reduce;
        struct { uint32_t w, h; float k[9]; } conv;
        struct { uint32_t w, h, stride; int32_t xy[6]; uint32_t rgba[3]; } raster;
    } a;
};

struct sgpu_exec;

struct sgpu {
    struct hw_mem mem;
    uint8_t *regs;
    bool own_regs;
    hw_irq_fn raise_irq;
    void *irq_ctx;
    void (*log)(void *ctx, const char *msg);
    void *log_ctx;
    uint64_t (*clock)(void *ctx);  /* host pace (see hw_model_env) or NULL */
    void *clock_ctx;

    struct sgpu_func f;
    bool preempt_pending;
    uint64_t preempt_req_ns;
    bool preempted;            /* engine holds no context (after a save) */

    /* privileged, latched at doorbell */
    uint64_t s2_root;
    uint32_t s2_vmid, s2_control;
    uint64_t ctx_addr;
    uint32_t ctx_size;
    uint32_t pirq_raw, pirq_mask, pirq_sent;
    uint32_t pcmd_result;
    uint64_t watchdog_ns;
    uint32_t stall;

    uint64_t busy_ns, jobs, wgs, tlb_hits, tlb_misses, preempt_ns;
    uint32_t ctx_bytes;

    uint64_t now;              /* engine time: work before it is done */
    uint64_t unit_start;       /* start of the current unit (watchdog) */
    uint64_t last_seen_ns;     /* latest time any host call gave */

    bool dsp_ready;            /* dsp below is decoded for the current command */
    bool dsp_held;             /* its buffers are acquired and the executor begun */
    struct sgpu_dispatch dsp;

    struct sgpu_tlb_entry tlb[SGPU_TLB_ENTRIES];
    unsigned tlb_next;

    enum sgpu_executor_kind exec_kind;
    struct sgpu_exec *exec;
};

/* sgpu.c */
void sgpu_logf(struct sgpu *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sgpu_publish(struct sgpu *g);
void sgpu_func_reset(struct sgpu *g);

/* sgpu_cmd.c: decodes the command whose dwords are in w (avail dwords
 * available before the ring tail). Returns 0 or an SGPU_FAULT_* code. */
uint32_t sgpu_cmd_decode(const uint32_t *w, uint32_t avail, struct sgpu_cmd *out);

/* sgpu_mmu.c */
struct sgpu_xfault {
    uint32_t code;     /* 0 or SGPU_FAULT_* */
    uint32_t level;
    bool write;
    uint64_t va, ipa;
};
void sgpu_mmu_flush(struct sgpu *g);
/* Translates one byte address; fills *pa or *xf. */
bool sgpu_mmu_xlate(struct sgpu *g, uint64_t va, bool write, uint64_t *pa, struct sgpu_xfault *xf);
/* Checks every page of [va, va + len) for the access; no side effects on
 * memory. */
bool sgpu_mmu_check_range(struct sgpu *g, uint64_t va, uint64_t len, bool write,
                          struct sgpu_xfault *xf);
bool sgpu_mmu_read(struct sgpu *g, uint64_t va, void *dst, uint64_t len, struct sgpu_xfault *xf);
bool sgpu_mmu_write(struct sgpu *g, uint64_t va, const void *src, uint64_t len,
                    struct sgpu_xfault *xf);
/* Makes buf host-addressable (direct when contiguous, else staged and, for
 * reads, gathered); sgpu_mmu_buf_flush scatters written staging back,
 * sgpu_mmu_buf_release frees it. */
bool sgpu_mmu_buf_acquire(struct sgpu *g, struct sgpu_buf *b, struct sgpu_xfault *xf);
bool sgpu_mmu_buf_flush(struct sgpu *g, struct sgpu_buf *b, struct sgpu_xfault *xf);
void sgpu_mmu_buf_release(struct sgpu_buf *b);

/* sgpu_kernels.c: decodes a DISPATCH's argument block into d; returns 0 or
 * an SGPU_FAULT_* code. */
uint32_t sgpu_kernels_decode(struct sgpu *g, const struct sgpu_cmd *c, struct sgpu_dispatch *d,
                            struct sgpu_xfault *xf);

/* Executors: run work-groups [first, first + count) in linear order (x
 * fastest) of d; buffers are host-addressable. */
struct sgpu_exec_ops {
    const char *name;
    /* begin/end bracket the batches of one DISPATCH while its buffers stay
     * acquired (so per-batch cost does not grow with buffer size). */
    int (*begin)(struct sgpu_exec *e, const struct sgpu_dispatch *d);
    void (*end)(struct sgpu_exec *e);
    int (*run)(struct sgpu_exec *e, const struct sgpu_dispatch *d, uint64_t first, uint64_t count);
    void (*destroy)(struct sgpu_exec *e);
};
struct sgpu_exec {
    const struct sgpu_exec_ops *ops;
};
struct sgpu_exec *sgpu_builtin_create(void);
/* NULL with a reason in err when no OpenCL platform or device can run the
 * kernels. */
struct sgpu_exec *sgpu_opencl_create(char *err, size_t errlen);
/* The built-in kernels, also used directly by the built-in executor. */
void sgpu_builtin_run_group(const struct sgpu_dispatch *d, uint32_t gx, uint32_t gy, uint32_t gz);

/* sgpu_engine.c */
uint64_t sgpu_engine_run(struct sgpu *g, uint64_t now);
void sgpu_engine_fault(struct sgpu *g, const struct sgpu_xfault *xf);
void sgpu_engine_cmd_fault(struct sgpu *g, uint32_t code, uint64_t addr);
/* Forgets the decoded DISPATCH and lets go of its buffers. */
void sgpu_engine_drop(struct sgpu *g);

/* sgpu_ctx.c */
/* Saves the function state to the save area; returns an SGPU_PRES_* code. */
uint32_t sgpu_ctx_save(struct sgpu *g);
uint32_t sgpu_ctx_restore(struct sgpu *g);
/* Raises status bits. Every event sends its own interrupt message, even
 * while its bit is still set from an earlier one: a driver's IRQ_CLEAR takes
 * effect only at its doorbell, possibly after this event, so without a
 * fresh message the event could be cleared unseen. */
static inline void sgpu_raise_func(struct sgpu *g, uint32_t bits)
{
    g->f.irq_raw |= bits;
    g->f.irq_sent &= ~bits;
}

static inline void sgpu_raise_priv(struct sgpu *g, uint32_t bits)
{
    g->pirq_raw |= bits;
    g->pirq_sent &= ~bits;
}
#endif
