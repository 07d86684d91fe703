/* The SFPGA model, in-process binding (docs/hw/sfpga.md). The same model
 * backs the ivshmem process through hw_sfpga_model_ops (hw/model.h).
 *
 * Register stores (sfpga_reg_write) land in the BAR2 page array and take
 * effect at the next sfpga_doorbell, exactly as over ivshmem. Time is given
 * by the caller, and every modelled duration is a fixed function of the job,
 * so a run on virtual time is deterministic. */
#ifndef HW_SFPGA_H
#define HW_SFPGA_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/mem.h"
#include "hw/model.h"
#include "hw/sfpga_regs.h"

struct sfpga_config {
    struct hw_mem mem;     /* machine RAM for DMA */
    uint8_t *regs;         /* NULL: the model allocates its pages */
    unsigned nslots;       /* 1..SFPGA_MAX_SLOTS; 0 means SFPGA_DEFAULT_SLOTS */
    hw_irq_fn raise_irq;   /* SFPGA_VEC_FUNC(k) / SFPGA_VEC_PRIV(n, k) */
    void *irq_ctx;
    uint64_t now_ns;
    void (*log)(void *ctx, const char *msg); /* NULL: stderr */
    void *log_ctx;
    uint64_t (*clock)(void *ctx); /* host pace (see hw_model_env); NULL: modelled time */
    void *clock_ctx;
    unsigned job_scale;    /* every job chunk takes this many times its modelled
                              time (0 or 1: as modelled); lets an emulated
                              machine keep the device its bottleneck */
};

struct sfpga;

/* NULL with a reason in err when the configuration is unusable. */
struct sfpga *sfpga_create(const struct sfpga_config *cfg, char *err, size_t errlen);
void sfpga_destroy(struct sfpga *f);

/* Register access by page (SFPGA_PAGE_*) and offset; width 4 or 8, naturally
 * aligned, inside the page. Returns 0, or -1 (and logs why) for a bad page,
 * offset or width; nothing happens then and a read gives 0. */
int sfpga_reg_write(struct sfpga *f, unsigned page, uint32_t off, unsigned width, uint64_t v);
int sfpga_reg_read(struct sfpga *f, unsigned page, uint32_t off, unsigned width, uint64_t *v);

/* Register stores take effect; the device then runs up to now_ns. */
void sfpga_doorbell(struct sfpga *f, uint64_t now_ns);
/* Runs the device up to now_ns; returns when it next needs a call
 * (HW_MODEL_IDLE when it waits for a doorbell). */
uint64_t sfpga_advance(struct sfpga *f, uint64_t now_ns);
/* Power-on reset: every slot empty, every register at its reset value. */
void sfpga_reset(struct sfpga *f, uint64_t now_ns);

unsigned sfpga_nslots(const struct sfpga *f);
/* The BAR2 page array (SFPGA_NUM_PAGES(nslots) * HW_PAGE_SIZE bytes). */
uint8_t *sfpga_regs(struct sfpga *f);
/* Bytes of a context image of accelerator id (0 for an unknown id). */
uint32_t sfpga_ctx_size(unsigned accel_id);

/* ---- bitstream images ---- */
struct sfpga_bitstream_info {
    unsigned accel_id;
    uint32_t accel_version;
    uint32_t size;
};

/* Checks an image's header against the given length (the payload CRC is
 * not checked here). Returns SFPGA_ST_OK or the status code the device
 * reports for it. */
unsigned sfpga_bitstream_check_header(const uint8_t *img, size_t len,
                                      struct sfpga_bitstream_info *info);
/* Whole check: header, then payload CRC. */
unsigned sfpga_bitstream_check(const uint8_t *img, size_t len, struct sfpga_bitstream_info *info);
/* Builds a valid image of `size` bytes (>= SFPGA_BS_HDR_SIZE) into img: the
 * payload is a deterministic pseudo-random pattern from seed. */
void sfpga_bitstream_build(uint8_t *img, uint32_t size, unsigned accel_id,
                           uint32_t accel_version, uint32_t seed);

/* CRC32C (Castagnoli, reflected, as iSCSI/ext4): crc = ~0 to start, and the
 * result is ~crc. sfpga_crc32c_update works on the raw register value. */
uint32_t sfpga_crc32c_update(uint32_t crc, const uint8_t *p, size_t n);
uint32_t sfpga_crc32c(const uint8_t *p, size_t n);

/* Model-side interface for the ivshmem process; options "slots=N". */
extern const struct hw_model_ops hw_sfpga_model_ops;
#endif
