/* libFuzzer target for the SFPGA's untrusted-input parsers. The first byte
 * picks what the rest of the input is:
 *   0: a bitstream image, loaded through the device; the device's status
 *      must equal the host-side check (sfpga_bitstream_check) and the slot
 *      must end IDLE exactly when the image is good;
 *   1: a context image restored into a slot (accelerator chosen by the
 *      second byte), then resumed and run: never a crash, never DMA
 *      outside the machine;
 *   2: the function-page job registers (SRC..PARAM7, FLAGS) for a slot
 *      (accelerator by the second byte), then START and run.
 * Built with clang -fsanitize=fuzzer,address,undefined (hw/sfpga/build.mk). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hw/sfpga.h"

#define RAM_PA 0x40000000ull
#define RAM_SIZE (4u << 20)
#define IMG_PA (RAM_PA + 0x100000)
#define CTX_PA (RAM_PA + 0x300000)
#define MAX_IMG (RAM_SIZE - 0x100000 - 0x10000)

static uint8_t *ram;

static void quiet(void *ctx, const char *msg) { (void)ctx; (void)msg; }

static void settle(struct sfpga *f, uint64_t *now)
{
    for (int i = 0; i < 100000; i++) {
        uint64_t next = sfpga_advance(f, *now);
        if (next == HW_MODEL_IDLE)
            return;
        *now = next;
    }
    abort(); /* a job that never ends is a model bug */
}

static void preg(struct sfpga *f, uint32_t off, uint64_t v, unsigned w)
{
    sfpga_reg_write(f, SFPGA_PAGE_PRIV(1, 0), off, w, v);
}

static uint32_t preg_read(struct sfpga *f, uint32_t off)
{
    uint64_t v;
    sfpga_reg_read(f, SFPGA_PAGE_PRIV(1, 0), off, 4, &v);
    return (uint32_t)v;
}

static void ring(struct sfpga *f, uint64_t *now)
{
    sfpga_doorbell(f, *now);
    settle(f, now);
}

/* Loads a valid image of accelerator id into slot 0. */
static void load_valid(struct sfpga *f, unsigned id, uint64_t *now)
{
    sfpga_bitstream_build(ram + (IMG_PA - RAM_PA), 256, id, 1, 7);
    preg(f, SFPGA_P_BS_ADDR_LO, IMG_PA, 8);
    preg(f, SFPGA_P_BS_LEN, 256, 4);
    preg(f, SFPGA_P_CMD, SFPGA_CMD_LOAD, 4);
    ring(f, now);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    if (!ram)
        ram = calloc(1, RAM_SIZE);
    memset(ram, 0, RAM_SIZE);
    struct sfpga_config cfg = { .mem = { ram, RAM_PA, RAM_SIZE }, .nslots = 1, .log = quiet };
    char err[100];
    struct sfpga *f = sfpga_create(&cfg, err, sizeof err);
    if (!f)
        abort();
    uint64_t now = 0;
    unsigned mode = data[0] % 3, id = 1 + data[1] % 5;
    data += 2;
    size -= 2;
    if (mode == 0) {
        size_t n = size < MAX_IMG ? size : MAX_IMG;
        memcpy(ram + (IMG_PA - RAM_PA), data, n);
        unsigned want = sfpga_bitstream_check(data, n, NULL);
        preg(f, SFPGA_P_BS_ADDR_LO, IMG_PA, 8);
        preg(f, SFPGA_P_BS_LEN, n, 4);
        preg(f, SFPGA_P_CMD, SFPGA_CMD_LOAD, 4);
        ring(f, &now);
        if (preg_read(f, SFPGA_P_CMD_STATUS) != want)
            abort();
        if ((preg_read(f, SFPGA_P_STATE) == SFPGA_SLOT_IDLE) != (want == SFPGA_ST_OK))
            abort();
    } else if (mode == 1) {
        load_valid(f, id, &now);
        size_t n = size < 4096 ? size : 4096;
        memcpy(ram + (CTX_PA - RAM_PA), data, n);
        preg(f, SFPGA_P_CTX_ADDR_LO, CTX_PA, 8);
        preg(f, SFPGA_P_CTX_SIZE, 4096, 4);
        preg(f, SFPGA_P_CMD, SFPGA_CMD_RESTORE, 4);
        ring(f, &now);
        preg(f, SFPGA_P_CMD, SFPGA_CMD_RESUME, 4);
        ring(f, &now);
        sfpga_reg_write(f, SFPGA_PAGE_FUNC(0), SFPGA_F_CTRL, 4, SFPGA_CTRL_START);
        ring(f, &now);
    } else {
        load_valid(f, id, &now);
        for (uint32_t off = SFPGA_F_SRC_LO; off <= SFPGA_F_PARAM(7) && size >= 4; off += 4) {
            uint32_t v;
            memcpy(&v, data, 4);
            /* Keep most jobs small enough to finish quickly. */
            if (off == SFPGA_F_LEN)
                v &= 0x3ffff;
            sfpga_reg_write(f, SFPGA_PAGE_FUNC(0), off, 4, v);
            data += 4;
            size -= 4;
        }
        sfpga_reg_write(f, SFPGA_PAGE_FUNC(0), SFPGA_F_CTRL, 4, SFPGA_CTRL_START);
        ring(f, &now);
    }
    sfpga_destroy(f);
    return 0;
}
