/* The SGPU model, in-process binding (docs/hw/sgpu.md). The same model backs
 * the ivshmem process through hw_sgpu_model_ops (hw/model.h).
 *
 * Register stores (sgpu_reg_write) land in the BAR2 page array and take
 * effect at the next sgpu_doorbell, exactly as over ivshmem. Time is given by
 * the caller (sgpu_advance), so a run on virtual time is deterministic. */
#ifndef HW_SGPU_H
#define HW_SGPU_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/mem.h"
#include "hw/model.h"
#include "hw/sgpu_regs.h"

enum sgpu_executor_kind {
    SGPU_EXEC_BUILTIN = 0,
    SGPU_EXEC_OPENCL = 1,
};

struct sgpu_config {
    struct hw_mem mem;              /* machine RAM for DMA */
    uint8_t *regs;                  /* NULL: the model allocates its pages */
    hw_irq_fn raise_irq;            /* vector SGPU_VEC_FUNC or SGPU_VEC_PRIV */
    void *irq_ctx;
    enum sgpu_executor_kind executor; /* OpenCL falls back to built-in, with a
                                         message, when no platform is found */
    uint64_t now_ns;
    void (*log)(void *ctx, const char *msg); /* NULL: stderr */
    void *log_ctx;
    uint64_t (*clock)(void *ctx);   /* see hw_model_env; NULL: modelled time */
    void *clock_ctx;
};

struct sgpu;

/* NULL with a reason in err when the configuration is unusable. */
struct sgpu *sgpu_create(const struct sgpu_config *cfg, char *err, size_t errlen);
void sgpu_destroy(struct sgpu *g);

/* Register access by page (SGPU_PAGE_FUNC / SGPU_PAGE_PRIV) and offset;
 * width 4 or 8, naturally aligned, inside the page. Returns 0, or -1 (and
 * logs why) for a bad page, offset or width, in which case nothing happens
 * and a read gives 0. */
int sgpu_reg_write(struct sgpu *g, unsigned page, uint32_t off, unsigned width, uint64_t v);
int sgpu_reg_read(struct sgpu *g, unsigned page, uint32_t off, unsigned width, uint64_t *v);

/* Register stores take effect; the device then runs up to now_ns. */
void sgpu_doorbell(struct sgpu *g, uint64_t now_ns);
/* Runs the device up to now_ns; returns when it next needs a call
 * (HW_MODEL_IDLE when it waits for a doorbell). */
uint64_t sgpu_advance(struct sgpu *g, uint64_t now_ns);
/* Power-on reset. */
void sgpu_reset(struct sgpu *g, uint64_t now_ns);

/* Which executor actually runs kernels (after any fallback). */
enum sgpu_executor_kind sgpu_executor(const struct sgpu *g);
/* The BAR2 page array (SGPU_NUM_PAGES * HW_PAGE_SIZE bytes). */
uint8_t *sgpu_regs(struct sgpu *g);
/* Bytes of one context-save image. */
uint32_t sgpu_ctx_size(void);

/* Model-side interface for the ivshmem process; options "executor=builtin"
 * or "executor=opencl". */
extern const struct hw_model_ops hw_sgpu_model_ops;
#endif
