/* Register map of the synthetic co-processor (a device model in sim/) and of
 * the virtual device its driver shows to guests. Shared by the driver and
 * the model; see README.md for the behaviour. All registers are 32-bit. */
#ifndef SYNTHETIC_REGS_H
#define SYNTHETIC_REGS_H

#define SYN_ID_VALUE 0x53594e31u          /* "SYN1" */

/* ---- physical device: global page ---- */
#define SYN_REG_ID 0x000
#define SYN_REG_NSLOTS 0x004
#define SYN_SLOT_BASE(s) (0x100u + (uint64_t)(s) * 0x100u)
#define SYN_DEV_SIZE(nslots) SYN_SLOT_BASE(nslots)

/* ---- physical device: per-slot registers (offset from SYN_SLOT_BASE) ---- */
#define SYN_S2_ROOT_LO 0x00
#define SYN_S2_ROOT_HI 0x04
#define SYN_S2_CTRL 0x08            /* bits 15:0 VMID, bit 31 enable */
#define SYN_S2_ENABLE 0x80000000u
#define SYN_RING_BASE_LO 0x0c       /* IPA of the job ring */
#define SYN_RING_BASE_HI 0x10
#define SYN_RING_SIZE 0x14          /* entries, power of two */
#define SYN_HEAD 0x18               /* next job to run (device advances it) */
#define SYN_TAIL 0x1c               /* one past the last submitted job */
#define SYN_CTRL 0x20               /* write: one command */
#define SYN_CTRL_RUN 1u             /* load the programmed context and run */
#define SYN_CTRL_PREEMPT 2u         /* stop at the next preemption point, save */
#define SYN_CTRL_RESET 4u           /* stop now, drop everything in flight */
#define SYN_STATE 0x24
#define SYN_STATE_STOPPED 0u
#define SYN_STATE_LOADING 1u
#define SYN_STATE_RUNNING 2u
#define SYN_STATE_PREEMPTING 3u
#define SYN_STATE_FAULTED 4u
#define SYN_IRQ_STATUS 0x28         /* write 1 to clear */
#define SYN_IRQ_JOB_DONE 1u
#define SYN_IRQ_PREEMPTED 2u
#define SYN_IRQ_LOADED 4u
#define SYN_IRQ_FAULT 8u
#define SYN_CTX_LO 0x2c             /* saved context: ns left of the current job */
#define SYN_CTX_HI 0x30
#define SYN_FAULT_ADDR_LO 0x34
#define SYN_FAULT_ADDR_HI 0x38

/* ---- a job in guest memory (little endian, 32 bytes) ---- */
struct syn_job {
    uint64_t id;
    uint64_t cost_ns;      /* device time the job needs */
    uint64_t submit_ns;    /* guest's submission time (for statistics) */
    uint64_t deadline_ns;  /* absolute, 0: none */
};

/* ---- virtual device seen by a guest (one 4 KiB page) ---- */
#define SYN_V_ID 0x00
#define SYN_V_RING_BASE_LO 0x04
#define SYN_V_RING_BASE_HI 0x08
#define SYN_V_RING_SIZE 0x0c
#define SYN_V_HEAD 0x10             /* read-only */
#define SYN_V_TAIL 0x14             /* write = submit */
#define SYN_V_IRQ_STATUS 0x18       /* bit 0: jobs retired; write 1 to clear */
#define SYN_V_SIZE 0x1000
#define SYN_RING_MAX 65536u
#endif
