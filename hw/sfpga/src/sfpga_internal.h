/* SFPGA model internals shared by its source files; nothing outside
 * hw/sfpga/src includes this. */
#ifndef HW_SFPGA_INTERNAL_H
#define HW_SFPGA_INTERNAL_H
#include <stdbool.h>
#include <stdint.h>

#include "hw/sfpga.h"

#define SFPGA_CHUNK_BYTES 4096u     /* preemption granule of streaming accelerators */
#define SFPGA_JOB_SETUP_NS 500u     /* fixed cost of starting or resuming a job */
#define SFPGA_RECONF_BASE_NS 20000u /* fixed part of a reconfiguration */
#define SFPGA_RECONF_PS_PER_BYTE 2500u /* 400 MB/s, a 32-bit configuration port at 100 MHz */
#define SFPGA_FIR_MAX_TAPS 64u
#define SFPGA_MM_MAX_DIM 512u

struct sfpga_job {
    uint64_t src, dst;
    uint32_t len, flags;
    uint32_t param[8];
};

struct sfpga_sha_state {
    uint32_t h[8];
    uint64_t nbytes;
    uint32_t buflen;
    uint8_t buf[64];
};

struct sfpga_aes_state {
    uint8_t key[16];
    uint8_t ctr[16];
    uint8_t ks[16];
    uint32_t ks_used; /* bytes of ks consumed; 16 = need a new block */
    uint32_t keyed;
    uint32_t rkw[44]; /* expanded key as big-endian words, derived, never saved */
};

struct sfpga_fir_state {
    uint32_t ntaps;
    int16_t taps[SFPGA_FIR_MAX_TAPS];
    int16_t hist[SFPGA_FIR_MAX_TAPS]; /* hist[j] = x[-1-j] */
};

struct sfpga_mm_state {
    int8_t *b;        /* cached B matrix of the running job (refetched, never saved) */
    bool b_loaded;
};

struct sfpga;
struct sfpga_slot;

/* One accelerator kind. Units are bytes for streaming accelerators and rows
 * for MATMUL8; a chunk is the work done between two preemption points. */
struct sfpga_accel_ops {
    unsigned id;
    const char *name;
    uint32_t state_size;    /* bytes of its state in a context image */
    uint32_t chunk_units;
    void (*init)(struct sfpga_slot *s);                  /* state after a load */
    unsigned (*start)(struct sfpga_slot *s);             /* job set-up; fault code */
    uint32_t (*total_units)(const struct sfpga_slot *s);
    uint64_t (*cost_ps)(const struct sfpga_slot *s, uint32_t units);
    unsigned (*run)(struct sfpga_slot *s, uint32_t first, uint32_t units); /* fault code */
    unsigned (*finish)(struct sfpga_slot *s);            /* end of job; fault code */
    void (*save)(const struct sfpga_slot *s, uint8_t *out);
    int (*restore)(struct sfpga_slot *s, const uint8_t *in); /* -1: inconsistent state */
};

struct sfpga_slot {
    struct sfpga *dev;
    unsigned index;
    uint8_t *fpage, *ppage;     /* this slot's function and privileged pages */
    const struct sfpga_accel_ops *accel; /* NULL: empty */
    uint32_t accel_version;
    unsigned state;             /* SFPGA_SLOT_* */

    /* function-page read-only values (the model's copy is authoritative) */
    uint32_t job_status, irq_status, irq_signalled, fault_code, progress;
    uint64_t fault_addr;
    uint32_t result[16];

    /* privileged read-only values */
    uint32_t cmd_status, pirq_status, pirq_signalled, jobs, loads;
    uint32_t pfault_code, pfault_vmid;
    uint64_t pfault_addr, busy_ns;

    /* the running job */
    struct sfpga_job job;
    uint32_t total_units;
    uint64_t chunk_start, chunk_end;
    bool preempt_pending;
    bool s2_enable;             /* DMA translation latched at job start/resume */
    uint64_t s2_root;
    uint16_t vmid;

    /* a load in progress */
    uint64_t load_end, bs_addr;
    uint32_t bs_len;
    unsigned load_accel;
    uint32_t load_version;

    union {
        struct sfpga_sha_state sha;
        uint32_t crc;
        struct sfpga_aes_state aes;
        struct sfpga_fir_state fir;
    } st;
    struct sfpga_mm_state mm;   /* outside the union: owns a buffer */
};

struct sfpga {
    struct hw_mem mem;
    uint8_t *regs;
    bool own_regs;
    unsigned nslots;
    hw_irq_fn raise_irq;
    void *irq_ctx;
    void (*log)(void *ctx, const char *msg);
    void *log_ctx;
    uint64_t (*clock)(void *ctx);
    void *clock_ctx;
    unsigned job_scale;                 /* >= 1 (sfpga_config.job_scale) */
    uint64_t now;
    struct sfpga_slot slot[SFPGA_MAX_SLOTS];
};

/* sfpga.c */
void sfpga_log(struct sfpga *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* sfpga_accel.c */
const struct sfpga_accel_ops *sfpga_accel_find(unsigned id);
extern const struct sfpga_accel_ops sfpga_accel_sha256, sfpga_accel_crc32c,
    sfpga_accel_aes128ctr, sfpga_accel_fir, sfpga_accel_matmul8;

/* sfpga_dma.c: device-address DMA for a slot's jobs and loads; fault code out,
 * s->fault_addr set on a fault. A write checks every page before it stores
 * a byte, so a refused write leaves memory untouched. */
unsigned sfpga_dma_read(struct sfpga_slot *s, uint64_t addr, void *buf, uint32_t len);
unsigned sfpga_dma_write(struct sfpga_slot *s, uint64_t addr, const void *buf, uint32_t len);

/* sfpga_job.c */
void sfpga_job_start(struct sfpga_slot *s, uint64_t now);
void sfpga_job_abort(struct sfpga_slot *s);
void sfpga_job_run(struct sfpga_slot *s, uint64_t now);
void sfpga_job_resume(struct sfpga_slot *s, uint64_t now);
void sfpga_job_fault(struct sfpga_slot *s, unsigned code, uint64_t addr);
void sfpga_job_clear_regs(struct sfpga_slot *s);

/* sfpga_cmd.c */
void sfpga_cmd_execute(struct sfpga_slot *s, uint32_t cmd, uint64_t now);
void sfpga_cmd_load_finish(struct sfpga_slot *s, uint64_t now);
void sfpga_cmd_reset_slot(struct sfpga_slot *s);
uint32_t sfpga_cmd_ctx_size(const struct sfpga_accel_ops *a);

/* little-endian helpers */
static inline uint32_t sfpga_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline void sfpga_put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}
static inline uint64_t sfpga_le64(const uint8_t *p)
{
    return (uint64_t)sfpga_le32(p) | (uint64_t)sfpga_le32(p + 4) << 32;
}
static inline void sfpga_put_le64(uint8_t *p, uint64_t v)
{
    sfpga_put_le32(p, (uint32_t)v);
    sfpga_put_le32(p + 4, (uint32_t)(v >> 32));
}
static inline uint64_t sfpga_ps_to_ns(uint64_t ps) { return (ps + 999) / 1000; }
/* Raise status bits. Every event sends its own interrupt message, even
 * while its bit is still set: a driver's IRQ_CLEAR takes effect only at its
 * doorbell, possibly after this event, which must not be cleared unseen. */
static inline void sfpga_raise_func(struct sfpga_slot *s, uint32_t bits)
{
    s->irq_status |= bits;
    s->irq_signalled &= ~bits;
}
static inline void sfpga_raise_priv(struct sfpga_slot *s, uint32_t bits)
{
    s->pirq_status |= bits;
    s->pirq_signalled &= ~bits;
}
#endif
