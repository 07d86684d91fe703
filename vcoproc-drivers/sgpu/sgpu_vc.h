/* The SGPU vcoproc driver's private state, shared by its three files:
 * sgpu_vc.c (probe, vcoproc objects, guest DT), sgpu_vc_mmio.c (the guest's
 * virtual function page) and sgpu_vc_switch.c (context switches, IOMMU,
 * interrupts, device reset). Includes only coproc/include and the SGPU
 * register definitions, so the hypervisor links it unchanged. */
#ifndef SGPU_VC_H
#define SGPU_VC_H
#include "coproc/coproc.h"
#include "hw/sgpu_regs.h"

#define SGPU_VC_PRIV 0x1000u   /* privileged page, inside the device window */
#define SGPU_VC_CTX_BYTES 4096u /* context-save area per vcoproc */

/* Context-save image fields the driver reads (docs/hw/sgpu.md, section 11). */
#define SGPU_IMG_MAGIC      0x00
#define SGPU_IMG_STATE      0x10
#define SGPU_IMG_RING_BASE  0x18
#define SGPU_IMG_RING_SIZE  0x20
#define SGPU_IMG_RING_HEAD  0x24
#define SGPU_IMG_TAIL       0x28
#define SGPU_IMG_CONTROL    0x2C
#define SGPU_IMG_MMU_ROOT   0x30
#define SGPU_IMG_MMU_CTRL   0x38
#define SGPU_IMG_RAWSTAT    0x3C
#define SGPU_IMG_MASK       0x40
#define SGPU_IMG_SIGNALLED  0x44
#define SGPU_IMG_FENCE      0x48
#define SGPU_IMG_FSTATUS    0x50
#define SGPU_IMG_FHEAD      0x54
#define SGPU_IMG_FADDR      0x58
#define SGPU_IMG_FIPA       0x60
#define SGPU_IMG_MAGIC_VALUE 0x58434753u

/* Guest-written registers not yet on the device (replayed at switch-in). */
enum sgpu_vc_dirty {
    SGPU_D_RING_BASE = 1u << 0,
    SGPU_D_RING_SIZE = 1u << 1,
    SGPU_D_TAIL = 1u << 2,
    SGPU_D_CONTROL = 1u << 3,
    SGPU_D_MMU_ROOT = 1u << 4,
    SGPU_D_MMU_CTRL = 1u << 5,
    SGPU_D_MASK = 1u << 6,
    SGPU_D_CLEAR = 1u << 7,
};

/* Shadow of one vcoproc's function page while it is not on the device:
 * what its last saved context says, plus the guest's writes since. */
struct sgpu_vc {
    uint64_t ring_base, mmu_root, fence, fault_addr, fault_ipa;
    uint32_t ring_size, head, tail, control, mmu_ctrl;
    uint32_t rawstat, mask, clear, fault_status, fault_head, fstate;
    uint32_t dirty;
    bool saved;          /* the save area holds a valid image: RESUME it */
    bool reset_req;      /* the guest reset it while it was being saved */
    bool on_device;      /* the device's page 0 holds this function: from the
                            end of its switch-in to the end of its save */
    void *ctx;           /* context-save area (device-reachable) */
    coproc_pa_t ctx_pa;
    uint64_t switches_in, resets, bad_accesses;
    /* Bursts of work (submitted while idle, until drained), each due within
     * deadline_ns (DT vcoproc,deadline-ns; 0: no deadline): the framework
     * counts them as jobs and their misses. */
    coproc_time_t deadline_ns, burst_start;
    bool burst_open;
};

struct sgpu_dev {
    struct platform_iomem *io;
    uint32_t caps, kernels, ctx_req;
    uint64_t watchdog_ns;
    coproc_time_t switch_bound;  /* bound on a preemption wait */
    bool in_issued;              /* the switch-in's RESUME/RESET was written */
    uint64_t hangs, device_resets;
};

static inline struct sgpu_dev *sgpu_vc_dev(const struct coproc *c)
{
    return c->drv;
}

/* Physical register access: page 0 (function) or the privileged page. */
uint32_t sgpu_vc_rd(struct coproc *c, uint32_t off);
/* Both words of an 8-byte aligned register in one access (never torn). */
uint64_t sgpu_vc_rd64(struct coproc *c, uint32_t off);
void sgpu_vc_wr(struct coproc *c, uint32_t off, uint32_t val);
void sgpu_vc_wr64(struct coproc *c, uint32_t off, uint64_t val);

/* Shadow state (sgpu_vc_mmio.c). */
void sgpu_vc_shadow_reset(struct sgpu_vc *x);
void sgpu_vc_shadow_from_image(struct sgpu_vc *x);
bool sgpu_vc_shadow_has_work(const struct sgpu_vc *x);
bool sgpu_vc_resident_has_work(struct coproc *c, const struct sgpu_vc *x);
/* vcoproc_set_work, with the burst accounting above. */
void sgpu_vc_set_work(struct vcoproc *v, bool work);
int sgpu_vc_mmio_read(struct vcoproc *v, uint64_t off, unsigned size, uint64_t *val);
int sgpu_vc_mmio_write(struct vcoproc *v, uint64_t off, unsigned size, uint64_t val);

/* Switches, IOMMU, interrupts, reset (sgpu_vc_switch.c). */
struct coproc_switch_ret sgpu_vc_switch_out(struct coproc_slot *s, struct vcoproc *v);
struct coproc_switch_ret sgpu_vc_switch_in(struct coproc_slot *s, struct vcoproc *v);
int sgpu_vc_iommu_switch(struct coproc_slot *s, const struct platform_s2_ctx *ctx);
void sgpu_vc_irq(struct coproc *c, uint32_t irq);
int sgpu_vc_device_reset(struct coproc *c);
#endif
