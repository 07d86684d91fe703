/* Helpers shared by the framework unit tests: a mock coproc, domains with
 * one vcoproc each, guest register access and virtual time. */
#ifndef TEST_FW_UTIL_H
#define TEST_FW_UTIL_H
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "coproc/coproc.h"
#include "mock_driver.h"
#include "sim/sim.h"

#define VC_IPA 0x0b000000ull
#define VC_VIRQ 48u
#define MOCK_IRQ 200u

static inline struct coproc *fw_coproc(const char *policy, unsigned slots, coproc_time_t slice)
{
    struct platform_dt_node *n = sim_dt_node_new("mock0");
    char buf[64] = "";
    struct coproc *c = NULL;
    sim_dt_set(n, "compatible", "vendor,other test,mock");
    sim_dt_set(n, "reg", "0x20000000 0x1000");
    for (unsigned i = 0; i < slots; i++)
        snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%u", i ? " " : "", MOCK_IRQ + i);
    sim_dt_set(n, "interrupts", buf);
    sim_dt_set(n, "vcoproc,policy", policy);
    snprintf(buf, sizeof(buf), "%llu", (unsigned long long)slice);
    sim_dt_set(n, "vcoproc,slice-ns", buf);
    snprintf(buf, sizeof(buf), "%u", slots);
    sim_dt_set(n, "vcoproc,slots", buf);
    if (coproc_probe(n, 0, &c))
        c = NULL;
    sim_dt_node_free(n);
    return c;
}

static inline struct vcoproc *fw_vc(struct coproc *c, struct platform_domain *d, const char *name,
                                    uint32_t weight)
{
    struct vcoproc_config cfg;
    struct vcoproc *v = NULL;
    memset(&cfg, 0, sizeof(cfg));
    sched_params_default(&cfg.sched);
    cfg.sched.weight = weight;
    cfg.base = coproc_ipa(VC_IPA);
    cfg.size = 0x1000;
    cfg.virq = VC_VIRQ;
    snprintf(cfg.name, sizeof(cfg.name), "%s", name);
    if (vcoproc_create(c, d, &cfg, &v))
        return NULL;
    return v;
}

static inline void gw(struct platform_domain *d, uint64_t off, uint64_t val)
{
    sim_guest_mmio_write(d, VC_IPA + off, 4, val);
}

static inline uint64_t gr(struct platform_domain *d, uint64_t off)
{
    uint64_t v = 0;
    sim_guest_mmio_read(d, VC_IPA + off, 4, &v);
    return v;
}

static inline void run_for(coproc_time_t ns)
{
    sim_run_until(sim_now() + ns);
}

static inline void fw_begin(void)
{
    sim_init(1);
    mock_reset();
    sim_log_level(-1);
    sim_log_clear();
}
#endif
