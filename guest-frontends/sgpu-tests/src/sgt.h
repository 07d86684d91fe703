/* The SGPU attack and stress guest (one rt image, the mode chosen by the
 * bootarg mode=): what every mode shares. Each mode prints one
 * machine-readable result line (upper-case tag, key=value pairs) and
 * returns through the rt test framework, so the domain's exit code is the
 * number of failed checks. */
#ifndef SGT_H
#define SGT_H
#include <stdbool.h>
#include <stdint.h>

#include "guest_env.h"
#include "sgpu/sgpu_drv.h"

struct sgt {
    struct guest_env e;
    struct sgpu_dev *d;
    uint64_t ram_base, ram_end;     /* the domain's RAM (IPA) */
    struct sgpu_buf job[2];         /* sgt_job_fill's buffers, made once */
    bool have_job_bufs;
};

/* A bootargs number, def when absent (a malformed value is reported). */
uint64_t sgt_arg(const struct sgt *t, const char *key, uint64_t def);
/* Environment, probe and device open with p (NULL = defaults); false
 * (reason printed, one failed check) on any error. */
bool sgt_open(struct sgt *t, void *dtb, const struct sgpu_params *p);
/* Environment without opening the device (the device is opened later). */
bool sgt_env(struct sgt *t, void *dtb);
/* One verified job: FILL of a 4 KiB buffer with pattern, COPY of it into
 * a second one, a FENCE, wait; true when it retired and every word of the
 * copy reads back. */
bool sgt_job_fill(struct sgt *t, uint32_t pattern, uint64_t timeout_ns);
/* Acknowledges the device's pending interrupts by hand (IRQ_STATUS ->
 * IRQ_CLEAR), as the library's waits do. */
void sgt_irq_ack(struct sgt *t);
/* Waits until the FENCE register reads value (a raw FENCE the caller put
 * on the ring), the function faults, or timeout: SGPU_OK / _FAULT /
 * _TIMEOUT. */
int sgt_wait_fence_value(struct sgt *t, uint64_t value, uint64_t timeout_ns);
uint64_t sgt_now(const struct sgt *t);
void sgt_sleep_until(const struct sgt *t, uint64_t ns);
/* Puts on the ring a FENCE writing value to the FENCE register at its
 * retirement (a value of the caller's, not the library's sequence),
 * raising the fence interrupt when irq; sgpu_cmd_raw's result. */
int sgt_cmd_fence_value(struct sgt *t, uint64_t value, bool irq);
/* Raw register access through the environment (a trapped access). */
uint32_t sgt_rd32(const struct sgt *t, uint32_t off);
uint64_t sgt_rd64(const struct sgt *t, uint32_t off);
void sgt_wr32(const struct sgt *t, uint32_t off, uint32_t v);

/* Latency samples: nearest-rank percentile over what was recorded. */
#define SGT_MAX_SAMPLES 4096u
struct sgt_lat {
    uint32_t n;
    uint64_t max;
    uint64_t v[SGT_MAX_SAMPLES];
};
void sgt_lat_add(struct sgt_lat *l, uint64_t ns);
uint64_t sgt_lat_pct(struct sgt_lat *l, uint32_t pct);

/* The modes, one file each (sgt_<file>_*); each returns test_end(). */
int sgt_s2_attack(struct sgt *t, void *dtb);
int sgt_s2_victim(struct sgt *t, void *dtb);
int sgt_regs_run(struct sgt *t, void *dtb);
int sgt_priv_run(struct sgt *t, void *dtb);
int sgt_storm_run(struct sgt *t, void *dtb);
int sgt_forever_run(struct sgt *t, void *dtb);
int sgt_forever_hang(struct sgt *t, void *dtb);
int sgt_forever_latency(struct sgt *t, void *dtb);
int sgt_fence64_run(struct sgt *t, void *dtb);
#endif
