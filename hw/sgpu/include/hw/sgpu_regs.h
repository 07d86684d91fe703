/* SGPU register file, command formats, fault codes and kernel argument
 * layouts: the binary interface of docs/hw/sgpu.md, for drivers and tests.
 * BAR2 holds two 4 KiB pages: page 0 the function registers (all a guest
 * ever sees), page 1 the privileged registers (hypervisor only). */
#ifndef HW_SGPU_REGS_H
#define HW_SGPU_REGS_H

#define SGPU_PAGE_FUNC 0u
#define SGPU_PAGE_PRIV 1u
#define SGPU_NUM_PAGES 2u
#define SGPU_VEC_FUNC  0u     /* MSI-X vector of the function page's IRQ */
#define SGPU_VEC_PRIV  1u     /* MSI-X vector of the privileged IRQ */
#define SGPU_NUM_VECTORS 2u

#define SGPU_ID_VALUE      0x55504753u /* "SGPU" little-endian */
#define SGPU_VERSION_VALUE 0x00010000u /* 1.0 */

/* ---- Page 0: function registers (offsets within the page) ---- */
#define SGPU_F_ID            0x000 /* RO */
#define SGPU_F_VERSION       0x004 /* RO */
#define SGPU_F_CAPS          0x008 /* RO */
#define SGPU_F_KERNELS       0x00C /* RO: bit n = kernel id n available */
#define SGPU_F_RING_BASE     0x010 /* RW 64: device VA, 4 KiB aligned */
#define SGPU_F_RING_SIZE     0x018 /* RW: bytes, power of two, 4 KiB..1 MiB */
#define SGPU_F_RING_HEAD     0x01C /* RO: byte offset of the next command */
#define SGPU_F_RING_TAIL     0x020 /* RW: byte offset past the last command */
#define SGPU_F_CONTROL       0x024 /* RW */
#define SGPU_F_MMU_ROOT      0x028 /* RW 64: IPA of the stage-1 level-1 table */
#define SGPU_F_MMU_CONTROL   0x030 /* RW */
#define SGPU_F_MMU_INVALIDATE 0x034 /* trigger: 1 = flush the TLB */
#define SGPU_F_IRQ_RAWSTAT   0x038 /* RO */
#define SGPU_F_IRQ_MASK      0x03C /* RW */
#define SGPU_F_IRQ_STATUS    0x040 /* RO: RAWSTAT & MASK */
#define SGPU_F_IRQ_CLEAR     0x044 /* W1C trigger */
#define SGPU_F_FENCE         0x048 /* RO 64: value of the last retired FENCE */
#define SGPU_F_FAULT_STATUS  0x050 /* RO */
#define SGPU_F_FAULT_HEAD    0x054 /* RO: ring offset of the faulting command */
#define SGPU_F_FAULT_ADDR    0x058 /* RO 64: faulting device VA / value */
#define SGPU_F_RESET         0x060 /* trigger: 1 = reset the function */
#define SGPU_F_STATUS        0x064 /* RO */
#define SGPU_F_TIME          0x068 /* RO 64: device time, ns */
#define SGPU_F_FAULT_IPA     0x070 /* RO 64: IPA of a stage-2 fault */
#define SGPU_F_END           0x078

#define SGPU_CAPS_OPENCL     (1u << 8)   /* OpenCL executor active */
#define SGPU_CAPS_MMU        (1u << 9)   /* stage-1 MMU present */
#define SGPU_CAPS_TLB_SHIFT  16          /* [23:16] TLB entries */
#define SGPU_CAPS_MAXKERNEL_MASK 0xffu   /* [7:0] highest kernel id */

#define SGPU_CONTROL_RING_ENABLE (1u << 0)
#define SGPU_MMU_ENABLE          (1u << 0)

#define SGPU_IRQ_FENCE (1u << 0)  /* a FENCE with FLAG_IRQ retired */
#define SGPU_IRQ_FAULT (1u << 1)  /* the function faulted */
#define SGPU_IRQ_IDLE  (1u << 2)  /* the ring drained */
#define SGPU_IRQ_ALL   0x7u

#define SGPU_STATUS_BUSY    (1u << 0)
#define SGPU_STATUS_FAULTED (1u << 1)

/* FAULT_STATUS: [7:0] code, [11:8] translation level, bit 12 write access,
 * bit 31 valid. */
#define SGPU_FAULT_VALID    (1u << 31)
#define SGPU_FAULT_WRITE    (1u << 12)
#define SGPU_FAULT_LEVEL_SHIFT 8

enum sgpu_fault_code {
    SGPU_FAULT_NONE = 0x00,
    SGPU_FAULT_S1_TRANSLATION = 0x01,
    SGPU_FAULT_S1_PERMISSION = 0x02,
    SGPU_FAULT_S2_TRANSLATION = 0x03,
    SGPU_FAULT_S2_PERMISSION = 0x04,
    SGPU_FAULT_BUS = 0x05,
    SGPU_FAULT_S1_ACCESS = 0x06,
    SGPU_FAULT_S2_ACCESS = 0x07,
    SGPU_FAULT_BAD_OPCODE = 0x10,
    SGPU_FAULT_TRUNCATED = 0x11,
    SGPU_FAULT_BAD_LENGTH = 0x12,
    SGPU_FAULT_OVERSIZE = 0x13,
    SGPU_FAULT_BAD_RING = 0x14,
    SGPU_FAULT_BAD_KERNEL = 0x15,
    SGPU_FAULT_BAD_ARGUMENT = 0x16,
    SGPU_FAULT_HANG = 0x20,
};

/* ---- Page 1: privileged registers ---- */
#define SGPU_P_S2_ROOT       0x000 /* RW 64: machine PA of the stage-2 L1 table */
#define SGPU_P_S2_VMID       0x008 /* RW: [15:0] */
#define SGPU_P_S2_CONTROL    0x00C /* RW: bit 0 enable */
#define SGPU_P_CTX_ADDR      0x010 /* RW 64: machine PA of the save area, 64 B aligned */
#define SGPU_P_CTX_SIZE      0x018 /* RW: bytes available there */
#define SGPU_P_CTX_SIZE_REQ  0x01C /* RO: bytes a save needs */
#define SGPU_P_PCMD          0x020 /* trigger: SGPU_PCMD_* */
#define SGPU_P_PCMD_RESULT   0x024 /* RO: SGPU_PRES_* of the last PCMD */
#define SGPU_P_ENGINE_STATE  0x028 /* RO: SGPU_ENGINE_* */
#define SGPU_P_PIRQ_RAWSTAT  0x02C /* RO */
#define SGPU_P_PIRQ_MASK     0x030 /* RW */
#define SGPU_P_PIRQ_STATUS   0x034 /* RO */
#define SGPU_P_PIRQ_CLEAR    0x038 /* W1C trigger */
#define SGPU_P_EXECUTOR      0x03C /* RO: 0 built-in, 1 OpenCL */
#define SGPU_P_WATCHDOG_NS   0x040 /* RW 64: 0 = off */
#define SGPU_P_BUSY_NS       0x048 /* RO 64 */
#define SGPU_P_JOBS          0x050 /* RO 64: commands retired */
#define SGPU_P_WORKGROUPS    0x058 /* RO 64 */
#define SGPU_P_TLB_HITS      0x060 /* RO 64 */
#define SGPU_P_TLB_MISSES    0x068 /* RO 64 */
#define SGPU_P_PREEMPT_NS    0x070 /* RO 64: last request-to-saved latency */
#define SGPU_P_CTX_BYTES     0x078 /* RO: bytes the last save wrote */
#define SGPU_P_DEBUG_STALL   0x07C /* RW: non-zero = engine makes no progress */
#define SGPU_P_END           0x080

#define SGPU_PCMD_NONE      0u
#define SGPU_PCMD_PREEMPT   1u
#define SGPU_PCMD_RESUME    2u
#define SGPU_PCMD_RESET     3u  /* engine reset: function state to reset values */

#define SGPU_PRES_OK          0u
#define SGPU_PRES_PENDING     1u  /* preemption accepted, waiting for a boundary */
#define SGPU_PRES_BAD_STATE   2u
#define SGPU_PRES_BAD_CTX_ADDR 3u
#define SGPU_PRES_BAD_CTX_IMAGE 4u
#define SGPU_PRES_UNKNOWN_CMD 5u

enum sgpu_engine_state {
    SGPU_ENGINE_IDLE = 0,
    SGPU_ENGINE_RUNNING = 1,
    SGPU_ENGINE_PREEMPTING = 2,
    SGPU_ENGINE_PREEMPTED = 3,
    SGPU_ENGINE_FAULTED = 4,
    SGPU_ENGINE_HUNG = 5,
};

#define SGPU_PIRQ_PREEMPTED (1u << 0)
#define SGPU_PIRQ_FAULT     (1u << 1)
#define SGPU_PIRQ_IDLE      (1u << 2)
#define SGPU_PIRQ_HUNG      (1u << 3)
#define SGPU_PIRQ_PCMD_ERR  (1u << 4)
#define SGPU_PIRQ_PCMD_DONE (1u << 5)  /* a RESUME or RESET finished: PCMD reads 0 */
#define SGPU_PIRQ_ALL       0x3fu

/* ---- Commands: dword 0 = [7:0] opcode, [15:8] flags, [31:16] length in
 * dwords including dword 0. 64-bit fields are LO, HI dwords. ---- */
#define SGPU_CMD_HDR(op, flags, len) ((uint32_t)(op) | (uint32_t)(flags) << 8 | (uint32_t)(len) << 16)
#define SGPU_CMD_MAX_DWORDS 16u

enum sgpu_opcode {
    SGPU_OP_NOP = 0,       /* len >= 1, padding ignored */
    SGPU_OP_FENCE = 1,     /* len 3: value; or 5: value, VA to write it to */
    SGPU_OP_COPY = 2,      /* len 7: src VA, dst VA, bytes */
    SGPU_OP_FILL = 3,      /* len 6: dst VA, bytes, 32-bit pattern */
    SGPU_OP_DISPATCH = 4,  /* len 11: kernel, grid x y z, wg x y z, args VA, args bytes */
    SGPU_OP_TIMESTAMP = 5, /* len 3: VA (8 B aligned) to write device time to */
    SGPU_OP_BUSY = 6,      /* len 3: ns (UINT64_MAX = forever) */
};

#define SGPU_FENCE_FLAG_IRQ     (1u << 0)
#define SGPU_BUSY_FLAG_NOPREEMPT (1u << 0)

#define SGPU_MAX_XFER   (256u << 20)  /* largest COPY/FILL/kernel buffer */
#define SGPU_MAX_GRID   65535u
#define SGPU_MAX_WG_ITEMS 1024u

/* ---- Built-in kernels and their argument blocks (little-endian) ---- */
enum sgpu_kernel_id {
    SGPU_K_SAXPY = 1,    /* y[i] = a * x[i] + y[i], i < n */
    SGPU_K_SGEMM = 2,    /* C = alpha * A(m x k) B(k x n) + beta * C, row-major */
    SGPU_K_REDUCE = 3,   /* out[g] = sum of in[g * per_group ...], g < grid x */
    SGPU_K_CONV3X3 = 4,  /* out = 3x3 filter of in, edges clamped */
    SGPU_K_RASTER = 5,   /* Gouraud triangle into an RGBA8 framebuffer */
    SGPU_K_COUNT = 6,
};

#define SGPU_ARGS_SAXPY_BYTES   24   /* u64 x, u64 y, u32 n, f32 a */
#define SGPU_ARGS_SGEMM_BYTES   48   /* u64 a, b, c; u32 m, n, k; f32 alpha, beta; u32 0 */
#define SGPU_ARGS_REDUCE_BYTES  24   /* u64 in, u64 out, u32 n, u32 per_group */
#define SGPU_ARGS_CONV_BYTES    60   /* u64 in, u64 out, u32 w, u32 h, f32 k[9] */
#define SGPU_ARGS_RASTER_BYTES  60   /* u64 fb, u32 w, h, stride, i32 xy[6] (1/16 px), u32 rgba[3], u32 0 */
#endif
