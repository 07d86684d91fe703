/* The SGPU workloads: library functions over an open struct sgpu_dev, so
 * that bare-metal guests, the simulator and host tests run the same code.
 * Each prints one machine-readable result line through the environment's
 * log (docs/sgpu-guest.md) and fills a result struct. */
#ifndef APPS_WORKLOADS_H
#define APPS_WORKLOADS_H
#include <stdbool.h>
#include <stdint.h>

#include "sgpu/sgpu_drv.h"

/* ---- cluster: a frame every period, each checked against its deadline ---- */
struct cluster_params {
    uint32_t frames;        /* default 300 */
    uint64_t period_ns;     /* default 16 666 667 (60 fps) */
    uint64_t deadline_ns;   /* from the frame's release; default = period */
    uint32_t width, height; /* default 256 x 160 */
    uint32_t verify_every;  /* also verify every n-th frame (0: only the last) */
    uint64_t log_late_ns;   /* log the phases of frames slower than this (0: none) */
    uint64_t wake_slack_ns; /* a wake-up later than this after the release is
                             * the CPU's, not the device's (default 2 ms) */
};

struct cluster_result {
    uint32_t frames;        /* frames rendered */
    uint32_t misses;        /* completed after release + deadline */
    uint32_t late_wakes;    /* frames whose CPU woke more than wake_slack late */
    uint32_t late_wake_misses; /* misses among those: the rest had the whole
                             * budget for the device and still missed */
    uint32_t errors;        /* frames lost to a device error (each also a miss) */
    uint32_t verified;      /* frames compared with the CPU rendering */
    uint32_t bad_frames;    /* of those, how many differed */
    uint64_t p50_ns, p99_ns, max_ns;   /* release to completion */
    uint32_t fb_crc;        /* CRC-32 of the last frame's framebuffer */
    uint32_t glow_crc;      /* CRC-32 of its blurred needle mask */
    const uint32_t *fb;     /* the framebuffer (RGBA8, stride 4 * width) */
};

void cluster_defaults(struct cluster_params *p);
/* 0 when every frame ran and every verified frame matched; else an sgpu
 * error or 1 (mismatch). Deadline misses are results, not errors. */
int cluster_run(struct sgpu_dev *d, const struct cluster_params *p, struct cluster_result *r);
/* The triangles of frame f (4 of them: dial quad, needle, needle mask). */
void cluster_scene(uint32_t frame, uint32_t width, uint32_t height, struct sgpu_triangle t[4]);

/* ---- ivi: saturating compute, sgemm batches back to back ---- */
struct ivi_params {
    uint32_t batches;       /* stop after this many (0: no limit) */
    uint64_t duration_ns;   /* or after this long (0: no limit); one must be set */
    uint32_t m, n, k;       /* default 128 x 128 x 128 */
    uint32_t per_batch;     /* sgemm dispatches per batch; default 4 */
};

struct ivi_result {
    uint32_t batches;
    uint64_t flop;
    uint64_t elapsed_ns;
    uint64_t mflops;        /* flop per microsecond: MFLOP/s */
    uint32_t checked, bad;  /* sampled C entries compared, mismatches */
};

void ivi_defaults(struct ivi_params *p);
int ivi_run(struct sgpu_dev *d, const struct ivi_params *p, struct ivi_result *r);

/* ---- checker: every kernel and COPY/FILL against CPU references ---- */
struct checker_params {
    uint32_t rounds;        /* default 1; each round uses new data */
    uint32_t seed;
};

struct checker_result {
    uint32_t pass, fail;
};

void checker_defaults(struct checker_params *p);
int checker_run(struct sgpu_dev *d, const struct checker_params *p, struct checker_result *r);
#endif
