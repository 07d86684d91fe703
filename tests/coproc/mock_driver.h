/* A scriptable vcoproc driver for framework unit tests: every answer of
 * ctx_switch_out / ctx_switch_in is chosen by the test, and every call is
 * counted. Its guest registers: 0x0 WORK (write 1/0: has work / idle),
 * 0x4..0x3c scratch, 0x40 RAISE (write: raise the vIRQ), 0x80 BAD (any
 * access: driver error, faults the vcoproc). */
#ifndef TEST_MOCK_DRIVER_H
#define TEST_MOCK_DRIVER_H
#include "coproc/coproc.h"

#define MOCK_REG_WORK 0x0
#define MOCK_REG_SCRATCH 0x4
#define MOCK_REG_RAISE 0x40
#define MOCK_REG_BAD 0x80

struct mock_script {
    enum coproc_switch_status status;  /* answer */
    unsigned retries;                  /* RETRY this many times, then DONE */
    coproc_time_t ns;                  /* RETRY interval / WAIT_IRQ timeout */
};

struct mock_state {
    struct mock_script out, in;
    const struct vcoproc *fail_in_for;  /* switch-in of this one answers ERROR */
    unsigned probes, removes, inits, destroys, resets, outs, ins, irqs, device_resets;
    uint16_t slot_vmid[4];              /* VMID programmed per slot, 0 detached */
    unsigned iommu_calls;
    int vmid_mismatch;                  /* switch-in with the wrong VMID loaded */
    unsigned retry_count[4];
};
extern struct mock_state mock;
void mock_reset(void);
#endif
