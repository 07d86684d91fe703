/* Internals shared by the slot driver's files; nothing outside src/ includes
 * this. */
#ifndef FPGA_PRIV_H
#define FPGA_PRIV_H
#include "hw/sfpga_regs.h"
#include "sfpga/sfpga_drv.h"

#define FPGA_DEFAULT_TIMEOUT_NS 5000000000ull /* a time-shared slot may wait for its turn */
#define FPGA_JOB_MAX_LEN 0x40000000u          /* longer streams are split into jobs */

static inline uint32_t fpga_rd(const struct fpga_slot *s, uint32_t off)
{
    return s->env.ops->read32(s->env.ctx, off);
}
static inline void fpga_wr(const struct fpga_slot *s, uint32_t off, uint32_t v)
{
    s->env.ops->write32(s->env.ctx, off, v);
}
static inline uint64_t fpga_now(const struct fpga_slot *s)
{
    return s->env.ops->now_ns(s->env.ctx);
}

/* fpga_slot.c: waits until (register off) & bits is non-zero or the
 * deadline passes; returns the bits seen (0 on timeout). */
uint32_t fpga_slot_wait_bits(struct fpga_slot *s, uint32_t off, uint32_t bits, uint64_t deadline);
/* One error line: "sfpga: <what>: <why> (<code>)"; returns err. */
int fpga_slot_fail(struct fpga_slot *s, int err, const char *what, const char *why, uint64_t code);

/* fpga_job.c: what the accelerator calls share. Each check logs its
 * error and returns it. */
int fpga_job_check_span(struct fpga_slot *s, const char *what, const struct fpga_buf *b,
                        size_t off, size_t len);
int fpga_job_need_accel(struct fpga_slot *s, unsigned id);
/* The longest piece of a stream one job takes. */
uint32_t fpga_job_piece(size_t left);
bool fpga_job_misaligned(const struct fpga_buf *b, size_t off, uint64_t align);
#endif
