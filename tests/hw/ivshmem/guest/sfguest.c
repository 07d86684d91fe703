/* A bare-metal guest that drives the SFPGA model process through QEMU's
 * ivshmem-doorbell (no hypervisor: stage 2 off, device addresses are
 * machine PAs = guest PAs). It builds a bitstream in its RAM, loads it
 * into slot 0, runs a CRC32C job over a buffer and checks the result
 * against its own computation, then sees a corrupt bitstream refused in
 * slot 1. Each step waits for the slot's MSI-X vector. It prints
 * "SFGUEST PASS ..." or "SFGUEST FAIL <why> <value>". */
#include "gcommon.h"
#include "hw/sfpga_regs.h"

#define NSLOTS 4
#define NVEC 16
#define BS_PA 0x41000000UL
#define BS_SIZE 4096u
#define DATA_PA 0x41100000UL
#define DATA_LEN 65536u

#define PAGE(p) (BAR2_ADDR + 0x1000UL * (p))
#define FREG(k, off) (PAGE(SFPGA_PAGE_FUNC(k)) + (off))
#define PREG(k, off) (PAGE(SFPGA_PAGE_PRIV(NSLOTS, k)) + (off))

static int fail(const char *why, uint64_t val) { return g_fail("SFGUEST", why, val); }

static uint32_t crc32c(const volatile uint8_t *p, uint32_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    while (n--) {
        c ^= *p++;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? (c >> 1) ^ 0x82F63B78u : c >> 1;
    }
    return ~c;
}

static void build_bitstream(unsigned accel)
{
    volatile uint8_t *b = (volatile uint8_t *)BS_PA;
    for (uint32_t i = 32; i < BS_SIZE; i++)
        b[i] = (uint8_t)(i * 7 + 3);
    w32(BS_PA + 0x00, SFPGA_BS_MAGIC);
    w32(BS_PA + 0x04, SFPGA_BS_FORMAT | accel << 16);
    w32(BS_PA + 0x08, 1);
    w32(BS_PA + 0x0C, BS_SIZE);
    w32(BS_PA + 0x10, crc32c(b + 32, BS_SIZE - 32));
    w32(BS_PA + 0x14, crc32c(b, 0x14));
    w32(BS_PA + 0x18, 0);
    w32(BS_PA + 0x1C, 0);
}

/* Loads the image at BS_PA into slot k; returns CMD_STATUS, 101 when the
 * device never took the command, 100 when the slot's privileged vector
 * never came. */
static uint32_t load(unsigned k)
{
    w32(PREG(k, SFPGA_P_S2_CTRL), 0);
    w32(PREG(k, SFPGA_P_BS_ADDR_LO), (uint32_t)BS_PA);
    w32(PREG(k, SFPGA_P_BS_ADDR_HI), 0);
    w32(PREG(k, SFPGA_P_BS_LEN), BS_SIZE);
    w32(PREG(k, SFPGA_P_IRQ_MASK), SFPGA_PIRQ_LOAD_DONE | SFPGA_PIRQ_LOAD_ERROR);
    w32(PREG(k, SFPGA_P_CMD), SFPGA_CMD_LOAD);
    if (g_ring_until_taken(PREG(k, SFPGA_P_CMD), 3000))
        return 101;
    if (g_mbox_wait(SFPGA_VEC_PRIV(NSLOTS, k), 3000) != 0x1000 + SFPGA_VEC_PRIV(NSLOTS, k))
        return 100;
    return r32(PREG(k, SFPGA_P_CMD_STATUS));
}

int guest_main(void)
{
    int up = g_ivshmem_up(NVEC);
    if (up)
        return fail("ivshmem-bring-up-step", (uint64_t)up);
    if (r32(PAGE(0) + SFPGA_G_ID) != SFPGA_ID_VALUE)
        return fail("bar2-id", r32(PAGE(0) + SFPGA_G_ID));

    build_bitstream(SFPGA_ACCEL_CRC32C);
    uint32_t st = load(0);
    if (st != SFPGA_ST_OK)
        return fail("load-status", st);
    if (r32(FREG(0, SFPGA_F_ACCEL_ID)) != SFPGA_ACCEL_CRC32C)
        return fail("accel-id", r32(FREG(0, SFPGA_F_ACCEL_ID)));

    volatile uint8_t *d = (volatile uint8_t *)DATA_PA;
    for (uint32_t i = 0; i < DATA_LEN; i++)
        d[i] = (uint8_t)(i ^ (i >> 8) ^ 0x5a);
    w32(FREG(0, SFPGA_F_SRC_LO), (uint32_t)DATA_PA);
    w32(FREG(0, SFPGA_F_SRC_HI), 0);
    w32(FREG(0, SFPGA_F_LEN), DATA_LEN);
    w32(FREG(0, SFPGA_F_FLAGS), SFPGA_CRC_INIT);
    w32(FREG(0, SFPGA_F_IRQ_MASK), SFPGA_IRQ_DONE | SFPGA_IRQ_ERROR);
    w32(FREG(0, SFPGA_F_CTRL), SFPGA_CTRL_START);
    if (g_ring_until_taken(FREG(0, SFPGA_F_CTRL), 3000))
        return fail("start-never-taken", 0);
    if (g_mbox_wait(SFPGA_VEC_FUNC(0), 3000) != 0x1000 + SFPGA_VEC_FUNC(0))
        return fail("job-interrupt-missing", 0);
    if (r32(FREG(0, SFPGA_F_STATUS)) != SFPGA_JOB_DONE)
        return fail("job-status", r32(FREG(0, SFPGA_F_STATUS)));
    uint32_t want = crc32c(d, DATA_LEN), got = r32(FREG(0, SFPGA_F_RESULT(0)));
    if (got != want)
        return fail("crc32c-result", got);

    build_bitstream(SFPGA_ACCEL_SHA256);
    w32(BS_PA + 100, r32(BS_PA + 100) ^ 1); /* payload CRC no longer matches */
    st = load(1);
    if (st != SFPGA_ST_PAYLOAD_CRC)
        return fail("corrupt-load-status", st);
    if (r32(PREG(1, SFPGA_P_STATE)) != SFPGA_SLOT_EMPTY)
        return fail("corrupt-load-slot-state", r32(PREG(1, SFPGA_P_STATE)));

    g_puts("SFGUEST PASS crc32c 0x");
    for (int i = 28; i >= 0; i -= 4)
        g_putc("0123456789abcdef"[(want >> i) & 15]);
    g_puts(" over ");
    g_putu(DATA_LEN);
    g_puts(" bytes, corrupt bitstream refused\n");
    return 0;
}
