/* Workloads of the SGPU vcoproc tests, written against the native SGPU
 * guest driver library (guest-frontends/sgpu): each is a function of the
 * guest environment, run by the simulator as a guest, and checks every
 * result it gets from the device against a CPU reference. */
#ifndef SGPUVC_WL_H
#define SGPUVC_WL_H
#include <stdbool.h>
#include <stdint.h>
#include "sgpu/env.h"

/* Common outcome: rc 0 when the workload ran as intended. */
struct wl_out {
    int rc;
    uint32_t jobs, bad, errors;
    uint64_t work_ns;       /* device time its jobs asked for (BUSY) */
    uint64_t max_lat_ns;
    char why[160];
};

/* A frame every period: clear, raster, 3x3 blur; deadline per frame. */
struct wl_cluster {
    uint32_t frames;
    uint64_t period_ns, deadline_ns;
    uint32_t misses;
    struct wl_out o;
};
void wl_cluster(const struct sgpu_env *env, void *arg);

/* Saturating compute: sgemm + BUSY batches, two in flight, until duration. */
struct wl_ivi {
    uint64_t duration_ns, busy_ns;
    struct wl_out o;
};
void wl_ivi(const struct sgpu_env *env, void *arg);

/* saxpy rounds checked bit-exact, with a gap between rounds. */
struct wl_checker {
    uint64_t duration_ns, gap_ns;
    struct wl_out o;
};
void wl_checker(const struct sgpu_env *env, void *arg);

/* Many small jobs; after each, its buffer, fence and its own registers
 * (ring, MMU, IRQ mask) are checked: state leaked or lost shows up here. */
struct wl_stress {
    uint64_t duration_ns, busy_ns;
    uint32_t ring_bytes, tag;
    uint32_t reg_checks;
    struct wl_out o;
};
void wl_stress(const struct sgpu_env *env, void *arg);

/* Maps a device VA at target_ipa (another domain's RAM seen as an IPA) and
 * FILLs it; then proves its own device still works. */
struct wl_attack {
    uint64_t target_ipa;
    uint32_t fault_code;
    bool recovered;
    struct wl_out o;
};
void wl_attack(const struct sgpu_env *env, void *arg);

/* Writes privileged-page offsets and reserved / read-only offsets through
 * its window, then runs a job. */
struct wl_priv {
    uint32_t writes;
    bool job_ok;
    struct wl_out o;
};
void wl_priv(const struct sgpu_env *env, void *arg);

/* A BUSY that never ends (nopreempt: a hang); waits up to wait_ns for the
 * fault, then resets and runs one checked job. */
struct wl_forever {
    bool nopreempt;
    uint64_t wait_ns;
    uint32_t fault_code;
    bool recovered;
    struct wl_out o;
};
void wl_forever(const struct sgpu_env *env, void *arg);
#endif
