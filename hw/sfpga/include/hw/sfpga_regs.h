/* SFPGA register map, bitstream and context-save formats (docs/hw/sfpga.md is
 * the spec; this header is its machine-readable half). All registers are
 * little-endian 32-bit words; 64-bit values are LO/HI pairs. */
#ifndef HW_SFPGA_REGS_H
#define HW_SFPGA_REGS_H

#define SFPGA_MAX_SLOTS 8
#define SFPGA_DEFAULT_SLOTS 4

/* BAR2 pages: 0 global (privileged), 1..N slot function pages (what a guest
 * owning slot k sees), N+1..2N slot privileged pages. */
#define SFPGA_PAGE_GLOBAL 0u
#define SFPGA_PAGE_FUNC(k) (1u + (k))
#define SFPGA_PAGE_PRIV(n, k) (1u + (n) + (k))
#define SFPGA_NUM_PAGES(n) (1u + 2u * (n))

/* MSI-X vectors: slot k's function IRQ is vector k, its privileged IRQ N+k. */
#define SFPGA_VEC_FUNC(k) (k)
#define SFPGA_VEC_PRIV(n, k) ((n) + (k))

/* ---- global page ---- */
#define SFPGA_G_ID            0x000 /* RO 'SFPG' */
#define SFPGA_G_VERSION       0x004 /* RO 0x00010000 */
#define SFPGA_G_NSLOTS        0x008 /* RO */
#define SFPGA_G_ACCEL_MASK    0x00C /* RO bit i: accelerator id i is supported */
#define SFPGA_G_RECONF_BASE_NS 0x010 /* RO fixed reconfiguration cost */
#define SFPGA_G_RECONF_PS_PER_BYTE 0x014 /* RO per-byte reconfiguration cost, ps */
#define SFPGA_G_MAX_BITSTREAM 0x018 /* RO largest image, bytes */
#define SFPGA_G_RESET         0x020 /* trigger: write SFPGA_RESET_KEY to reset the device */
#define SFPGA_G_IRQ_SUMMARY   0x024 /* RO bit k: slot k func IRQ pending; bit 16+k: priv */
#define SFPGA_G_TIME_LO       0x028 /* RO model time of the last doorbell/advance, ns */
#define SFPGA_G_TIME_HI       0x02C

#define SFPGA_ID_VALUE 0x47504653u /* "SFPG" */
#define SFPGA_VERSION_VALUE 0x00010000u
#define SFPGA_RESET_KEY 0x52535421u

/* ---- slot function page (guest-visible) ---- */
#define SFPGA_F_ACCEL_ID      0x000 /* RO loaded accelerator id, 0 = empty */
#define SFPGA_F_ACCEL_VERSION 0x004 /* RO */
#define SFPGA_F_CTRL          0x008 /* trigger: 1 START, 2 ABORT; reads 0 once taken */
#define SFPGA_F_STATUS        0x00C /* RO job state (SFPGA_JOB_*) */
#define SFPGA_F_SRC_LO        0x010
#define SFPGA_F_SRC_HI        0x014
#define SFPGA_F_DST_LO        0x018
#define SFPGA_F_DST_HI        0x01C
#define SFPGA_F_LEN           0x020 /* input bytes */
#define SFPGA_F_FLAGS         0x024 /* per accelerator */
#define SFPGA_F_PARAM(i)      (0x028 + 4 * (i)) /* i = 0..7 */
#define SFPGA_F_IRQ_STATUS    0x060 /* RO bit0 DONE, bit1 ERROR */
#define SFPGA_F_IRQ_CLEAR     0x064 /* trigger, write-1-to-clear IRQ_STATUS bits */
#define SFPGA_F_IRQ_MASK      0x068 /* RW 1 = bit raises the vector; reset 0 */
#define SFPGA_F_FAULT_CODE    0x06C /* RO SFPGA_FAULT_* of the last failed job */
#define SFPGA_F_FAULT_ADDR_LO 0x070 /* RO device address that failed */
#define SFPGA_F_FAULT_ADDR_HI 0x074
#define SFPGA_F_PROGRESS      0x078 /* RO bytes (rows for MATMUL8) done of the job */
#define SFPGA_F_RESULT(i)     (0x080 + 4 * (i)) /* RO i = 0..15 */
#define SFPGA_F_SNAPSHOT_BYTES 0x100 /* registers 0x000..0x0FF go into a context */

#define SFPGA_CTRL_START 1u
#define SFPGA_CTRL_ABORT 2u

#define SFPGA_JOB_IDLE  0u
#define SFPGA_JOB_BUSY  1u /* also shown while the slot is preempted */
#define SFPGA_JOB_DONE  2u
#define SFPGA_JOB_FAULT 3u

#define SFPGA_IRQ_DONE  (1u << 0)
#define SFPGA_IRQ_ERROR (1u << 1)

/* FLAGS per accelerator */
#define SFPGA_SHA_INIT   (1u << 0) /* start a new message */
#define SFPGA_SHA_FINAL  (1u << 1) /* pad and produce the digest in RESULT[0..7] */
#define SFPGA_SHA_TO_DST (1u << 2) /* FINAL also writes the 32-byte digest at DST */
#define SFPGA_CRC_INIT   (1u << 0) /* start from 0xFFFFFFFF */
#define SFPGA_AES_LOAD   (1u << 0) /* key = PARAM0..3, counter block = PARAM4..7 */
#define SFPGA_FIR_LOAD   (1u << 0) /* PARAM0 taps (1..64) read from PARAM1/2 address */
#define SFPGA_FIR_CLEAR  (1u << 1) /* zero the history */

/* ---- slot privileged page (hypervisor only) ---- */
#define SFPGA_P_S2_ROOT_LO    0x000 /* RW machine PA of the level-1 stage-2 table */
#define SFPGA_P_S2_ROOT_HI    0x004
#define SFPGA_P_VMID          0x008 /* RW 16 bits */
#define SFPGA_P_S2_CTRL       0x00C /* RW bit0: translate DMA through stage 2 */
#define SFPGA_P_CMD           0x010 /* trigger: SFPGA_CMD_* */
#define SFPGA_P_CMD_STATUS    0x014 /* RO SFPGA_ST_* of the last command */
#define SFPGA_P_STATE         0x018 /* RO SFPGA_SLOT_* */
#define SFPGA_P_BS_ADDR_LO    0x020 /* RW bitstream address (stage 2 applies) */
#define SFPGA_P_BS_ADDR_HI    0x024
#define SFPGA_P_BS_LEN        0x028 /* RW bytes; must equal the header's size */
#define SFPGA_P_CTX_ADDR_LO   0x030 /* RW machine PA of the context area (no stage 2) */
#define SFPGA_P_CTX_ADDR_HI   0x034
#define SFPGA_P_CTX_SIZE      0x038 /* RW bytes available there */
#define SFPGA_P_CTX_NEEDED    0x03C /* RO bytes a context of this accelerator takes */
#define SFPGA_P_IRQ_STATUS    0x040 /* RO SFPGA_PIRQ_* */
#define SFPGA_P_IRQ_CLEAR     0x044 /* trigger, write-1-to-clear */
#define SFPGA_P_IRQ_MASK      0x048 /* RW; reset 0 */
#define SFPGA_P_BUSY_NS_LO    0x050 /* RO accelerator busy time */
#define SFPGA_P_BUSY_NS_HI    0x054
#define SFPGA_P_JOBS          0x058 /* RO jobs completed */
#define SFPGA_P_LOADS         0x05C /* RO successful bitstream loads */
#define SFPGA_P_FAULT_CODE    0x060 /* RO last fault (job or command) */
#define SFPGA_P_FAULT_ADDR_LO 0x064
#define SFPGA_P_FAULT_ADDR_HI 0x068
#define SFPGA_P_FAULT_VMID    0x06C /* RO VMID in force when it happened */

#define SFPGA_CMD_LOAD    1u /* bitstream at BS_ADDR/BS_LEN into the slot */
#define SFPGA_CMD_UNLOAD  2u /* slot back to EMPTY */
#define SFPGA_CMD_PREEMPT 3u /* stop the job at the next chunk boundary */
#define SFPGA_CMD_SAVE    4u /* context to CTX_ADDR */
#define SFPGA_CMD_RESTORE 5u /* context from CTX_ADDR */
#define SFPGA_CMD_RESUME  6u /* PREEMPTED -> BUSY */
#define SFPGA_CMD_RESET   7u /* slot reset: EMPTY, registers cleared */

#define SFPGA_SLOT_EMPTY       0u
#define SFPGA_SLOT_CONFIGURING 1u
#define SFPGA_SLOT_IDLE        2u
#define SFPGA_SLOT_BUSY        3u
#define SFPGA_SLOT_PREEMPTED   4u

#define SFPGA_PIRQ_LOAD_DONE  (1u << 0)
#define SFPGA_PIRQ_LOAD_ERROR (1u << 1)
#define SFPGA_PIRQ_PREEMPTED  (1u << 2)
#define SFPGA_PIRQ_SAVED      (1u << 3)
#define SFPGA_PIRQ_RESTORED   (1u << 4)
#define SFPGA_PIRQ_FAULT      (1u << 5) /* a job of this slot faulted */
#define SFPGA_PIRQ_CMD_ERROR  (1u << 6) /* a command was refused */

/* CMD_STATUS codes */
#define SFPGA_ST_OK            0u
#define SFPGA_ST_PENDING       1u  /* load in progress, preempt draining */
#define SFPGA_ST_BAD_MAGIC     2u
#define SFPGA_ST_BAD_FORMAT    3u  /* unknown format version or nonzero reserved */
#define SFPGA_ST_BAD_SIZE      4u  /* size < header, > max, or != BS_LEN */
#define SFPGA_ST_HDR_CRC       5u
#define SFPGA_ST_PAYLOAD_CRC   6u
#define SFPGA_ST_UNKNOWN_ACCEL 7u
#define SFPGA_ST_DMA_FAULT     8u  /* see FAULT_CODE / FAULT_ADDR */
#define SFPGA_ST_BAD_STATE     9u  /* command not allowed in this slot state */
#define SFPGA_ST_CTX_TOO_SMALL 10u
#define SFPGA_ST_CTX_BAD       11u /* magic, layout, CRC or length of a context */
#define SFPGA_ST_CTX_MISMATCH  12u /* context of another accelerator or version */
#define SFPGA_ST_BAD_CMD       13u
#define SFPGA_ST_NOT_ALLOWED   14u /* never from the device: a hypervisor refusing a load */

/* FAULT_CODE values */
#define SFPGA_FAULT_NONE          0u
#define SFPGA_FAULT_S2_TRANSLATION 1u
#define SFPGA_FAULT_S2_PERMISSION 2u
#define SFPGA_FAULT_S2_ACCESS     3u
#define SFPGA_FAULT_BUS           4u  /* outside machine RAM */
#define SFPGA_FAULT_BAD_PARAM     5u  /* length, alignment, dimensions */
#define SFPGA_FAULT_NO_ACCEL      6u  /* START on a slot with no accelerator */
#define SFPGA_FAULT_BUSY          7u  /* START while a job runs */
#define SFPGA_FAULT_ABORTED       8u  /* ABORT by the driver */

/* Accelerator ids (bitstream header, ACCEL_ID register) */
#define SFPGA_ACCEL_SHA256  1u
#define SFPGA_ACCEL_CRC32C  2u
#define SFPGA_ACCEL_AES128CTR 3u
#define SFPGA_ACCEL_FIR     4u
#define SFPGA_ACCEL_MATMUL8 5u
#define SFPGA_ACCEL_COUNT   6u /* ids are 1..COUNT-1 */

/* ---- bitstream image ---- */
#define SFPGA_BS_MAGIC       0x53424653u /* "SFBS" */
#define SFPGA_BS_FORMAT      1u
#define SFPGA_BS_HDR_SIZE    32u
#define SFPGA_BS_MAX_SIZE    (16u << 20)
/* 0x00 u32 magic, 0x04 u16 format, 0x06 u16 accel id, 0x08 u32 accel version,
 * 0x0C u32 size (whole image), 0x10 u32 CRC32C of bytes [32, size),
 * 0x14 u32 CRC32C of bytes [0, 0x14), 0x18 u32 flags (0), 0x1C u32 reserved (0) */

/* ---- context-save image ---- */
#define SFPGA_CTX_MAGIC      0x58434653u /* "SFCX" */
#define SFPGA_CTX_LAYOUT     1u
#define SFPGA_CTX_HDR_SIZE   0x20u
#define SFPGA_CTX_REGS_OFF   0x20u  /* 256 bytes: function registers 0x000..0x0FF */
#define SFPGA_CTX_JOB_OFF    0x120u /* 64 bytes: the latched job */
#define SFPGA_CTX_ACCEL_OFF  0x160u /* accelerator state, size per accelerator */
/* header: 0x00 u32 magic, 0x04 u16 layout, 0x06 u16 accel id, 0x08 u32 accel
 * version, 0x0C u32 size, 0x10 u32 slot state (IDLE/PREEMPTED), 0x14 u32
 * CRC32C of bytes [0x20, size), 0x18 u64 progress */
#endif
