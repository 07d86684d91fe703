/* Test guest programs for the SFPGA vcoproc tests (sim_sgpu_workload_fn):
 * real guest code on the native slot library, each recording what it saw
 * for the test to check. */
#ifndef SFPGAVC_GUESTS_H
#define SFPGAVC_GUESTS_H
#include <stdbool.h>
#include <stdint.h>
#include "sgpu/env.h"

/* A CRC32C stream in pieces; after every piece the slot's registers must
 * read back this tenant's own values (RESULT0 = its CRC so far, SRC = its
 * buffer), also while it is switched out. */
struct g_stream {
    uint32_t bytes, piece, seed;
    uint64_t pause_ns;           /* sleep between pieces (0: none) */
    /* results */
    int err;
    uint32_t pieces, reg_mismatches, crc_final, crc_ref;
    bool done;
};
void g_stream_main(const struct sgpu_env *env, void *arg);

/* DMA aimed outside its own memory (at another domain's machine PA, used as
 * an address: what a malicious driver would try). */
struct g_attack {
    uint64_t target;             /* the address it aims at */
    int rc_write, rc_read, rc_after;
    unsigned fault_write, fault_read;
    bool after_ok, done;
};
void g_attack_main(const struct sgpu_env *env, void *arg);

/* A load of an accelerator outside its allow-list, then an allowed one. */
struct g_allow {
    unsigned denied_id, allowed_id;
    int rc_denied, rc_allowed, rc_job;
    unsigned status_denied;
    uint32_t accel_after_denied;
    bool job_ok, done;
};
void g_allow_main(const struct sgpu_env *env, void *arg);

/* Bad input through the virtual slot: damaged bitstreams, oversize and
 * unaligned buffers, stray register accesses; after each, a good job. */
enum { BAD_MAGIC_CASE, BAD_HDRCRC_CASE, BAD_PAYLOAD_CASE, BAD_LEN_CASE, BAD_OVERSIZE_CASE,
       BAD_CASES };
struct g_bad {
    uint32_t bs_max;             /* the driver's copy limit (oversize = above it) */
    unsigned status[BAD_CASES];  /* CMD_STATUS each load got */
    int rc_align_fir, rc_align_matmul, rc_range, rc_odd_len;
    unsigned fault_odd_len, fault_offram;
    int rc_offram;
    unsigned good_after;         /* good CRC jobs after the bad cases */
    bool done;
};
void g_bad_main(const struct sgpu_env *env, void *arg);

/* A workload run in phases: phase i starts at start[i] (virtual ns). */
struct g_phases {
    const char *workload;
    uint32_t bytes;
    uint64_t start[4];
    unsigned nr;
    unsigned ok_runs, runs;
    bool done;
};
void g_phases_main(const struct sgpu_env *env, void *arg);
#endif
