/* The SFPGA vcoproc driver's private state, shared by its files:
 * sfpga_vc.c (probe, vcoproc objects, allow-list, guest DT, registration),
 * sfpga_vc_mmio.c (the guest's function page and shadow state),
 * sfpga_vc_load.c (the emulated load page: bitstream checks and copies),
 * sfpga_vc_switch.c (context switches, IOMMU, slot cost) and sfpga_vc_irq.c
 * (interrupts, device reset). Includes only coproc/include and the SFPGA
 * register definitions, so the hypervisor links it unchanged. */
#ifndef SFPGA_VC_H
#define SFPGA_VC_H
#include "coproc/coproc.h"
#include "hw/sfpga_regs.h"
#include "sfpga_vc_stats.h"

#define SFPGA_VC_PAGE 0x1000u
#define SFPGA_VC_WINDOW 0x2000u          /* guest window: function page + load page */
#define SFPGA_VC_CTX_BYTES 4096u         /* context area per vcoproc (largest is 616) */
#define SFPGA_VC_BS_MAX_DEFAULT (256u << 10)
#define SFPGA_VC_SLICE_RATIO_DEFAULT 20u
#define SFPGA_VC_CTRL_LOG 8u             /* CTRL stores kept while not resident */
#define SFPGA_VC_FREGS (SFPGA_F_SNAPSHOT_BYTES / 4)
#define SFPGA_VC_LINGER_AUTO (~(coproc_time_t)0)

#define SFPGA_VC_FUNC_IRQS (SFPGA_IRQ_DONE | SFPGA_IRQ_ERROR)
#define SFPGA_VC_LOAD_IRQS (SFPGA_PIRQ_LOAD_DONE | SFPGA_PIRQ_LOAD_ERROR | SFPGA_PIRQ_CMD_ERROR)
/* the privileged events the driver takes on the slot's privileged vector */
#define SFPGA_VC_PIRQ_MASK (SFPGA_PIRQ_LOAD_DONE | SFPGA_PIRQ_LOAD_ERROR | SFPGA_PIRQ_PREEMPTED | \
                            SFPGA_PIRQ_FAULT | SFPGA_PIRQ_CMD_ERROR)

/* Identity of a loaded configuration: equal ids mean byte-identical images
 * (compared when the image was copied), so a slot holding it serves any
 * vcoproc whose image has the same id without reconfiguring. 0 = none. */
typedef uint32_t sfpga_vc_image_t;

/* Shadow of one vcoproc's virtual slot. While its context is on a physical
 * slot (page_owner) guest accesses to the function page go to the device;
 * otherwise they use this shadow: the function registers of its last saved
 * context plus the guest's stores since, replayed at switch-in. */
struct sfpga_vc {
    uint32_t fregs[SFPGA_VC_FREGS];      /* function page as the guest sees it */
    uint64_t dirty;                      /* fregs words stored while not resident */
    uint32_t mask;                       /* the guest's IRQ_MASK (the device gets | DONE|ERROR) */
    uint32_t raised;                     /* function IRQ_STATUS bits already signalled */
    uint32_t clear_pending;              /* IRQ_CLEAR bits to replay */
    uint32_t ctrl_log[SFPGA_VC_CTRL_LOG];/* CTRL stores to replay, in order */
    unsigned nr_ctrl;
    uint32_t saved_state;                /* slot state in the saved context (IDLE/PREEMPTED) */
    coproc_time_t job_t0;                /* the guest's last START, for job statistics */
    bool job_open;
    bool ctx_valid;                      /* ctx holds its latest context */
    /* load page */
    uint64_t bs_addr;
    uint32_t bs_len, lp_status, lp_mask, lp_raised, cmd_status;
    bool load_pending;                   /* an accepted LOAD waits for its switch-in */
    bool loading;                        /* a LOAD of this vcoproc runs on a slot */
    uint32_t lp_held, held_status;       /* a load's answer held until its context is on
                                            the slot (a switch-in's load: the guest must
                                            not see LOAD_DONE while its page is a shadow) */
    /* its configuration: the image copied into bs (hypervisor memory) */
    sfpga_vc_image_t image, bs_image;    /* loaded / held in bs */
    uint32_t accel_id, accel_version, image_crc, image_len;
    uint32_t allowed;                    /* bit i: accelerator id i may be loaded */
    void *bs;
    coproc_pa_t bs_pa;
    void *ctx;
    coproc_pa_t ctx_pa;
    struct sfpga_vc_vstats st;
};

/* Where a switch on a slot stands. Every device command is a store that
 * takes effect at the transport's next doorbell (under the hypervisor: when
 * the coproc lock is released), so each step issues one command and the
 * next step, after the slot timer (RETRY), finds it taken (the trigger
 * register reads 0) and reads its result. In the simulator commands are
 * taken at once and a step goes on in the same call. */
enum sfpga_vc_slot_phase {
    SFPGA_SP_NONE,
    SFPGA_SP_OUT_LOAD,      /* out: the tenant's own load must end first */
    SFPGA_SP_OUT_PRISTINE,  /* out: saving the state right after that load */
    SFPGA_SP_OUT_PREEMPT,   /* out: PREEMPT issued, job draining to a chunk boundary */
    SFPGA_SP_OUT_SAVE,      /* out: SAVE issued */
    SFPGA_SP_IN_LOAD,       /* in: the tenant's pending LOAD runs */
    SFPGA_SP_IN_RELOAD,     /* in: reconfiguring the slot with its image */
    SFPGA_SP_IN_PRISTINE,   /* in: saving the state right after the load */
    SFPGA_SP_IN_PREP,       /* in: a previous tenant's preempted job to drop, then RESTORE */
    SFPGA_SP_IN_ABORT,      /* in: that job's ABORT issued */
    SFPGA_SP_IN_RESTORE,    /* in: RESTORE of its context (or the pristine one) issued */
    SFPGA_SP_IN_UNLOAD,     /* in: UNLOAD issued (a tenant without configuration) */
    SFPGA_SP_IN_FINISH,     /* in: replay its stores, resume */
};

struct sfpga_vc_slot {
    enum sfpga_vc_slot_phase phase;
    sfpga_vc_image_t image;              /* configuration on the slot (0: empty/unknown) */
    struct vcoproc *page_owner;          /* whose context is on the function page */
    struct vcoproc *loader;              /* whose LOAD runs now */
    coproc_time_t load_start;
    bool load_for_switch;                /* reconfiguration caused by a switch */
    bool restore_pristine;               /* IN_PREP/IN_RESTORE: the pristine context (a
                                            load done without reconfiguring) */
    bool restore_after;                  /* IN_PRISTINE: RESTORE the tenant's context next */
    sfpga_vc_image_t pristine_want;      /* image whose pristine SAVE is outstanding */
    struct platform_timer *linger;       /* ends a lingering resident's grace */
    void *pristine;                      /* context saved right after the last load */
    coproc_pa_t pristine_pa;
    sfpga_vc_image_t pristine_image;     /* the image it belongs to (0: none) */
    bool lingering;                      /* its job ended; it may submit the next */
    uint64_t s2_root;                    /* the last iommu_switch: root and VMID, */
    uint32_t vmid;                       /* written again after a global RESET */
    bool rewrite;                        /* a RESET may have wiped them (and the mask) */
    struct coproc *coproc;
    unsigned index;
    struct sfpga_vc_slot_stats st;
};

struct sfpga_dev {
    struct platform_iomem *io;
    unsigned nslots;
    uint32_t accel_mask, reconf_base_ns, reconf_ps_per_byte;
    uint32_t bs_max, slice_ratio;
    coproc_time_t linger_ns;             /* 0: none; LINGER_AUTO: the image's reconf time */
    sfpga_vc_image_t next_image;
    bool reset_pending;                  /* a global RESET issued, not yet seen done */
    struct sfpga_vc_slot slot[SFPGA_MAX_SLOTS];
    struct sfpga_vc_dev_stats st;
};

static inline struct sfpga_dev *sfpga_vc_dev(const struct coproc *c)
{
    return c->drv;
}

static inline struct sfpga_vc_slot *sfpga_vc_slot(const struct coproc_slot *s)
{
    return &sfpga_vc_dev(s->coproc)->slot[s->index];
}

/* The function-page context of v is on slot s's device page. */
static inline bool sfpga_vc_on_device(const struct vcoproc *v)
{
    return v->slot && sfpga_vc_slot(v->slot)->page_owner == v;
}

/* Physical registers of slot k: function page, privileged page. */
uint32_t sfpga_vc_frd(struct coproc *c, unsigned k, uint32_t off);
void sfpga_vc_fwr(struct coproc *c, unsigned k, uint32_t off, uint32_t val);
uint32_t sfpga_vc_prd(struct coproc *c, unsigned k, uint32_t off);
void sfpga_vc_pwr(struct coproc *c, unsigned k, uint32_t off, uint32_t val);
void sfpga_vc_pwr64(struct coproc *c, unsigned k, uint32_t off, uint64_t val);
/* Slot k's function IRQ_STATUS as it will be once the device has taken a
 * pending IRQ_CLEAR (a store acts at the transport's next doorbell). */
uint32_t sfpga_vc_irq_status(struct coproc *c, unsigned k);
/* Issues a global RESET: it clears every page, stores of the same doorbell
 * included, so each slot's switch-in waits for it and writes its stage-2
 * context and mask again. */
void sfpga_vc_global_reset(struct coproc *c);
/* Modelled reconfiguration time of an image of len bytes. */
coproc_time_t sfpga_vc_reconf_ns(const struct sfpga_dev *d, uint32_t len);
/* Logs an access the driver ignores (first few per vcoproc). */
void sfpga_vc_bad_access(struct vcoproc *v, const char *what, uint64_t off, unsigned size);

/* Function page and shadow (sfpga_vc_mmio.c). */
int sfpga_vc_mmio_read(struct vcoproc *v, uint64_t off, unsigned size, uint64_t *val);
int sfpga_vc_mmio_write(struct vcoproc *v, uint64_t off, unsigned size, uint64_t val);
void sfpga_vc_shadow_reset(struct sfpga_vc *x);
bool sfpga_vc_shadow_has_work(const struct sfpga_vc *x);
/* Records the end of v's job (framework statistics) once its START was seen. */
void sfpga_vc_job_end(struct vcoproc *v);
/* Raises v's interrupt for function IRQ_STATUS bits not yet signalled. */
void sfpga_vc_func_irq_check(struct vcoproc *v, uint32_t status);

/* Load page (sfpga_vc_load.c). */
uint32_t sfpga_vc_lp_read(struct vcoproc *v, uint32_t off);
void sfpga_vc_lp_write(struct vcoproc *v, uint32_t off, uint32_t val);
/* Sets load-page IRQ_STATUS bits; raises v's interrupt for newly enabled ones. */
void sfpga_vc_lp_event(struct vcoproc *v, uint32_t bits);
/* Starts a LOAD of v's copied image on slot k: translation off for this
 * load only (the copy is a machine PA; the device latches it at load
 * start); sfpga_vc_load_end turns it on again before anything else runs. */
void sfpga_vc_load_start(struct coproc *c, unsigned k, struct vcoproc *v, bool for_switch);
/* The load on slot k is over (the device took it and left CONFIGURING). */
bool sfpga_vc_load_over(struct coproc *c, unsigned k);
/* Accounts the ended load, answers the guest's own load, and, when it
 * succeeded and `pristine`, issues the SAVE of the fresh state (IN/OUT
 * _PRISTINE wait for it). Returns whether it succeeded. */
bool sfpga_vc_load_end(struct coproc *c, unsigned k, struct vcoproc *v, bool pristine);
/* Passes on a load answer held by sfpga_vc_load_end (once v's context is
 * on the slot's page, or saved into its shadow). */
void sfpga_vc_lp_release(struct vcoproc *v);
/* v's pending load can be done by restoring slot k's pristine context. */
bool sfpga_vc_load_can_elide(struct coproc *c, unsigned k, struct vcoproc *v);
/* That restore succeeded: the guest's load is done. */
void sfpga_vc_load_elided(struct coproc *c, unsigned k, struct vcoproc *v);

/* Switches, IOMMU, cost (sfpga_vc_switch.c). */
struct coproc_switch_ret sfpga_vc_switch_out(struct coproc_slot *s, struct vcoproc *v);
struct coproc_switch_ret sfpga_vc_switch_in(struct coproc_slot *s, struct vcoproc *v);
int sfpga_vc_iommu_switch(struct coproc_slot *s, const struct platform_s2_ctx *ctx);
coproc_time_t sfpga_vc_slot_cost(const struct coproc_slot *s, const struct vcoproc *v,
                                 coproc_time_t *min_slice);
/* The device has taken slot k's last privileged command / CTRL store. */
bool sfpga_vc_cmd_taken(struct coproc *c, unsigned k);
bool sfpga_vc_ctrl_taken(struct coproc *c, unsigned k);

/* Interrupts, lingering and reset (sfpga_vc_irq.c). */
void sfpga_vc_linger_timer(void *arg);
void sfpga_vc_linger_stop(struct sfpga_vc_slot *sd);
void sfpga_vc_irq(struct coproc *c, uint32_t irq);
int sfpga_vc_device_reset(struct coproc *c);
#endif
