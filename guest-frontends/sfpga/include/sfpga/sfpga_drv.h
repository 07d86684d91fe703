/* The native SFPGA slot driver (docs/sfpga-guest.md): one reconfigurable
 * slot of an SFPGA, as a tenant sees it, driven through struct sgpu_env (a
 * register window by offset, guest memory, IRQ wait, time, log). The same
 * code runs on bare hardware, as a guest of the hypervisor behind a virtual
 * slot, in the simulator and in host tests. Freestanding C11, no libc.
 *
 * The register window (env offsets):
 *   0x0000..0x0FFF  the slot's function page (docs/hw/sfpga.md 2.2)
 *   0x1000..0x1FFF  the slot's load page: the bitstream-loading subset of
 *                   the slot privileged page, at the same offsets (BS_ADDR,
 *                   BS_LEN, CMD LOAD/UNLOAD, CMD_STATUS, STATE, IRQ_STATUS/
 *                   CLEAR/MASK). On bare hardware it is the privileged page;
 *                   under the hypervisor it is emulated (with an allow-list).
 * One interrupt: the slot's function vector and, with the load page, its
 * privileged vector both wake env->wait_irq.
 *
 * Names start with fpga_ (the device model owns sfpga_). */
#ifndef SFPGA_DRV_H
#define SFPGA_DRV_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgpu/env.h"

/* Offset of the load page in the env's register window. */
#define FPGA_LOAD_PAGE 0x1000u

/* What a virtual slot answers in CMD_STATUS when the tenant asks for an
 * accelerator its domain may not load (not a code of the bare device). */
#define FPGA_ST_NOT_ALLOWED 14u

/* Library errors (negative); 0 is success. */
enum fpga_err {
    FPGA_OK = 0,
    FPGA_E_ARG = -1,      /* NULL or nonsensical argument */
    FPGA_E_RANGE = -2,    /* offset/length outside the buffer, or too long for the device */
    FPGA_E_ALIGN = -3,    /* buffer or length not aligned as the accelerator needs */
    FPGA_E_NODEV = -4,    /* the register window does not look like an SFPGA slot */
    FPGA_E_NOMEM = -5,    /* the environment has no memory left */
    FPGA_E_TIMEOUT = -6,  /* no completion before the deadline (job aborted) */
    FPGA_E_LOAD = -7,     /* the slot refused or failed a load: fpga_slot.last_status */
    FPGA_E_FAULT = -8,    /* a job faulted: fpga_slot.last_fault / last_fault_addr */
    FPGA_E_ACCEL = -9,    /* the loaded accelerator is not the one this call drives */
    FPGA_E_NOLOAD = -10,  /* the environment has no load page (bitstream fixed by the host) */
    FPGA_E_BUSY = -11,    /* START refused: a job still runs */
};

/* Guest memory the device reaches by DMA: CPU pointer, IPA, bytes. */
struct fpga_buf {
    uint8_t *cpu;
    uint64_t ipa;
    size_t size;
};

/* One slot. Callers allocate it; every field is the library's, read-only to
 * callers except timeout_ns. */
struct fpga_slot {
    struct sgpu_env env;
    bool has_load_page;
    uint32_t accel_id, accel_version;   /* what the slot holds (0 = empty) */
    uint64_t timeout_ns;                /* per job or load; default 1 s */
    /* the last error's details */
    unsigned last_status;               /* CMD_STATUS of the last load (SFPGA_ST_*) */
    unsigned last_fault;                /* FAULT_CODE of the last failed job (SFPGA_FAULT_*) */
    uint64_t last_fault_addr;
    /* statistics */
    uint64_t jobs, job_bytes, job_ns;   /* completed jobs, their input bytes, wall time */
    uint64_t loads, load_ns;            /* completed loads and their wall time */
    uint64_t irq_waits;
    struct fpga_buf img;                /* image buffer fpga_load_accel reuses */
    uint64_t job_t0;                    /* the started job, for its statistics */
    uint32_t job_len;
    bool job_active;
};

/* Open flags */
#define FPGA_OPEN_NO_LOAD_PAGE (1u << 0) /* the window is the function page only */

/* Probes the window (accelerator id and job/slot states must be valid),
 * aborts a job left running, clears and unmasks the interrupts. */
int fpga_slot_open(struct fpga_slot *s, const struct sgpu_env *env, unsigned flags);
/* Aborts any job and clears the slot's interrupts; the accelerator stays. */
int fpga_slot_reset(struct fpga_slot *s);
/* Re-reads ACCEL_ID/VERSION (e.g. after another party reloaded the slot). */
void fpga_slot_refresh(struct fpga_slot *s);

/* Guest memory, 4 KiB aligned, zeroed. */
int fpga_buf_alloc(struct fpga_slot *s, size_t size, struct fpga_buf *out);

/* ---- bitstreams ---- */
struct fpga_bitstream_info {
    unsigned accel_id;
    uint32_t accel_version, size;
};
/* Writes a valid image of size bytes (>= 32, <= 16 MiB) for accel_id into
 * img: header as docs/hw/sfpga.md 8 says, payload a pattern from seed. */
int fpga_bitstream_build(void *img, uint32_t size, unsigned accel_id, uint32_t version,
                         uint32_t seed);
/* The device's own check, in software: SFPGA_ST_OK or the status the
 * device would report (payload CRC included). */
unsigned fpga_bitstream_check(const void *img, size_t len, struct fpga_bitstream_info *info);
/* Loads len bytes at img->ipa + off and waits (IRQ, s->timeout_ns) for the
 * reconfiguration. FPGA_E_LOAD with s->last_status on a refusal or a
 * failed load; the slot then holds what the device says (fpga_slot_refresh
 * runs either way). */
int fpga_load(struct fpga_slot *s, const struct fpga_buf *img, size_t off, uint32_t len);
/* Builds an image for accel_id in a fresh buffer and loads it; no-op when
 * the slot already holds accel_id (any version when version is 0). */
int fpga_load_accel(struct fpga_slot *s, unsigned accel_id, uint32_t version, uint32_t size);
int fpga_unload(struct fpga_slot *s);

/* ---- raw jobs ---- */
struct fpga_job {
    uint64_t src, dst;
    uint32_t len, flags;
    uint32_t param[8];
};
/* Starts a job (clears DONE/ERROR first). FPGA_E_FAULT when the device
 * refuses at once (NO_ACCEL, BAD_PARAM...), FPGA_E_BUSY when a job runs. */
int fpga_job_start(struct fpga_slot *s, const struct fpga_job *j);
/* Waits for the started job: 0 DONE, FPGA_E_FAULT (last_fault/addr),
 * FPGA_E_TIMEOUT (the job is aborted so the slot stays usable). */
int fpga_job_wait(struct fpga_slot *s);
/* Start + wait. */
int fpga_job_run(struct fpga_slot *s, const struct fpga_job *j);
uint32_t fpga_job_result(struct fpga_slot *s, unsigned i); /* RESULT0..15 */

/* ---- accelerators (each checks the slot holds it, and its buffers) ---- */

/* SHA-256 streaming: begin, any number of updates of any length, final. */
struct fpga_sha256 {
    struct fpga_slot *s;
    bool started;
    uint64_t bytes;
};
int fpga_sha256_begin(struct fpga_sha256 *c, struct fpga_slot *s);
int fpga_sha256_update(struct fpga_sha256 *c, const struct fpga_buf *b, size_t off, size_t len);
int fpga_sha256_final(struct fpga_sha256 *c, uint8_t digest[32]);

/* CRC32C over [off, off + len): a new CRC when init, else continues the
 * slot's running one; *crc = the finished CRC so far. */
int fpga_crc32c(struct fpga_slot *s, bool init, const struct fpga_buf *b, size_t off, size_t len,
                uint32_t *crc);

/* AES-128-CTR: key and 16-byte initial counter block given (new stream) or
 * NULL (continue the slot's keystream). Encrypts src into dst (may be equal). */
int fpga_aes128ctr(struct fpga_slot *s, const uint8_t key[16], const uint8_t ctr[16],
                   const struct fpga_buf *src, size_t soff, const struct fpga_buf *dst,
                   size_t doff, size_t len);

/* FIR: taps (int16 Q15, 1..64, NULL = keep the loaded ones), clear history
 * when clear; filters nsamples int16 samples. Buffers 2-byte aligned. */
int fpga_fir(struct fpga_slot *s, const struct fpga_buf *taps, size_t toff, uint32_t ntaps,
             bool clear, const struct fpga_buf *in, size_t ioff, const struct fpga_buf *out,
             size_t ooff, size_t nsamples);

/* C[m][n] int32 = A[m][k] x B[k][n], int8, row-major; dims 1..512; C
 * 4-byte aligned. */
int fpga_matmul8(struct fpga_slot *s, const struct fpga_buf *a, const struct fpga_buf *b,
                 const struct fpga_buf *c, uint32_t m, uint32_t n, uint32_t k);

/* ---- names ---- */
const char *fpga_strerror(int err);
const char *fpga_status_name(unsigned st);  /* CMD_STATUS codes */
const char *fpga_fault_name(unsigned code); /* FAULT_CODE values */
const char *fpga_accel_name(unsigned id);

/* CRC32C on the raw register value (start ~0, finish with ~). */
uint32_t fpga_crc32c_update(uint32_t crc, const void *p, size_t n);

/* ---- output lines without libc ---- */
struct fpga_line {
    char buf[240];
    size_t n;
};
void fpga_line_init(struct fpga_line *l);
void fpga_line_str(struct fpga_line *l, const char *s);
void fpga_line_u64(struct fpga_line *l, uint64_t v);
void fpga_line_hex(struct fpga_line *l, uint64_t v);
/* " key=value" pieces */
void fpga_line_kv(struct fpga_line *l, const char *key, uint64_t v);
void fpga_line_kvs(struct fpga_line *l, const char *key, const char *v);
/* Sends the line to env->log. */
void fpga_line_emit(struct fpga_line *l, const struct sgpu_env *env);

/* Small freestanding helpers the library and the workloads share. */
void fpga_mem_copy(void *dst, const void *src, size_t n);
void fpga_mem_set(void *dst, int c, size_t n);
int fpga_mem_cmp(const void *a, const void *b, size_t n);
#endif
