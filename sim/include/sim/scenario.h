/* Scenario files: what the simulator runs. Line-based text, one object per
 * line, `key=value` options; the grammar is in sim/README.md. The parser
 * rejects anything out of range with a message naming the line, the object
 * and the key. */
#ifndef SIM_SCENARIO_H
#define SIM_SCENARIO_H
#include <stddef.h>
#include "coproc/sched.h"

#define SIM_NAME_LEN 32
#define SIM_MAX_COPROCS 8
#define SIM_MAX_STREAMS 4

enum sim_stream_kind { SIM_STREAM_PERIODIC, SIM_STREAM_SATURATE, SIM_STREAM_BURST, SIM_STREAM_RANDOM };

struct sim_stream_cfg {
    enum sim_stream_kind kind;
    coproc_time_t period, cost, deadline, phase, mean;
    uint32_t jitter_pct;       /* cost varies uniformly by +-jitter% */
    uint32_t depth;            /* saturate: jobs kept in flight */
    uint32_t count;            /* burst: jobs per period */
};

/* What backs a coproc: the synthetic model (sim/synth_dev.c), the SGPU
 * model (hw/sgpu, sim/sgpu_dev.c) with the SGPU vcoproc driver, or the SFPGA
 * model (hw/sfpga, sim/sfpga_dev.c) with the SFPGA vcoproc driver. */
enum sim_device_kind { SIM_DEVICE_SYNTHETIC, SIM_DEVICE_SGPU, SIM_DEVICE_SFPGA };

struct sim_coproc_cfg {
    char name[SIM_NAME_LEN];
    char policy[16];
    enum sim_device_kind device;
    uint32_t slots;
    coproc_time_t slice, preempt, save, restore, poll;
    coproc_time_t watchdog;    /* sgpu: device watchdog (0: the driver's default) */
    bool watchdog_off;
    uint32_t slice_ratio;      /* sfpga: sfpga,slice-ratio (when ratio_set) */
    bool ratio_set;
    uint32_t bs_max;           /* sfpga: sfpga,max-bitstream (0: the driver's default) */
};

/* The guest program of a vcoproc on an SGPU: one of the apps of
 * guest-frontends/apps, run on the native SGPU driver library; on an SFPGA:
 * one of the tenant workloads of guest-frontends/apps-fpga (fpga names it)
 * on the native slot library. */
enum sim_workload_kind { SIM_WL_NONE, SIM_WL_CLUSTER, SIM_WL_IVI, SIM_WL_CHECKER, SIM_WL_FPGA };

struct sim_workload_cfg {
    enum sim_workload_kind kind;
    uint32_t frames;           /* cluster (0: as many as the run holds) */
    coproc_time_t period, deadline;  /* cluster */
    uint32_t size;             /* ivi: m = n = k; cluster: width (height 5/8 of it) */
    coproc_time_t duration;    /* ivi (0: the run's length) */
    uint32_t rounds;           /* checker; fpga: rounds per run */
    /* fpga tenants (docs/sfpga-guest.md, tenant_params) */
    char fpga[16];             /* sha256, aes, crc32c, fir, matmul or mix */
    uint32_t bytes, chunk, dim, bs, seed;
    uint32_t repeat;           /* runs of the workload (0: until the run ends) */
    coproc_time_t start;       /* when the guest starts */
};

struct sim_vcoproc_cfg {
    char name[SIM_NAME_LEN];
    unsigned coproc;           /* index into coprocs */
    struct sched_params sched;
    unsigned nr_streams;
    struct sim_stream_cfg streams[SIM_MAX_STREAMS];
    struct sim_workload_cfg workload;  /* vcoprocs on an SGPU or SFPGA */
    char allow[64];            /* sfpga: sfpga,allowed-accelerators ("": its workload's) */
};

/* A run-time change: `at T coproc NAME policy=P|slice=T` or
 * `at T vcoproc NAME weight=..|priority=..|budget=..|period=..|slice=..`. */
#define SIM_MAX_CHANGES 64
struct sim_change {
    coproc_time_t at;
    bool is_vcoproc;
    unsigned target;           /* coproc or vcoproc index */
    bool is_policy;
    char policy[16];
    enum sched_param_key key;
    uint64_t value;
};

struct sim_scenario {
    uint64_t seed;
    coproc_time_t duration, warmup;
    unsigned nr_coprocs, nr_vcoprocs, vcoproc_cap;
    struct sim_coproc_cfg coprocs[SIM_MAX_COPROCS];
    struct sim_vcoproc_cfg *vcoprocs;
    unsigned nr_changes;
    struct sim_change changes[SIM_MAX_CHANGES];
};

/* Parses text into sc (free with sim_scenario_free). On error returns -1 and
 * writes "line N: ..." into err. */
int sim_scenario_parse(const char *text, struct sim_scenario *sc, char *err, size_t errlen);
int sim_scenario_load(const char *path, struct sim_scenario *sc, char *err, size_t errlen);
void sim_scenario_free(struct sim_scenario *sc);
/* Parses "16.667ms", "200us", "5ms", "1s", "42" (ns); -1 on error. */
int sim_parse_time(const char *s, coproc_time_t *out);
#endif
