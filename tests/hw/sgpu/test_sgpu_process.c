/* The SGPU as the standalone model process behind the ivshmem transport:
 * this program plays QEMU (the host-side client of tests/hw/ivshmem), maps
 * the VM RAM file, programs the SGPU through BAR2 shared memory, rings the
 * doorbell eventfd and waits for MSI-X interrupts. Usage:
 *   test-sgpu-process SOCKET RAMFILE RAMBASE EXECUTOR(0|1) */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "fake_client.h"
#include "hw/model.h"
#include "hw/sgpu_regs.h"

#define RING_OFF 0x10000u
#define ARGS_OFF 0x20000u
#define X_OFF    0x100000u
#define Y_OFF    0x200000u
#define CTX_OFF  0x30000u
#define N        50000u

static uint8_t *ram;
static uint64_t ram_base;

static uint8_t *fpage(struct fake_client *c) { return c->shm; }
static uint8_t *ppage(struct fake_client *c) { return c->shm + HW_PAGE_SIZE; }

/* Polls a register until it holds `want` (the model runs on real time). */
static bool wait_reg(uint8_t *page, uint32_t off, uint32_t want, int ms)
{
    for (int i = 0; i < ms; i++) {
        if (hw_reg_load32(page, off) == want)
            return true;
        usleep(1000);
    }
    return hw_reg_load32(page, off) == want;
}

static void put32(uint32_t off, uint32_t v) { memcpy(ram + off, &v, 4); }
static void put64(uint32_t off, uint64_t v) { memcpy(ram + off, &v, 8); }

int main(int argc, char **argv)
{
    if (argc != 5) {
        printf("FAIL sgpu-process-args: usage: %s SOCKET RAMFILE RAMBASE EXECUTOR\n", argv[0]);
        return 1;
    }
    ram_base = strtoull(argv[3], NULL, 0);
    unsigned want_exec = (unsigned)atoi(argv[4]);
    int fd = open(argv[2], O_RDWR);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        printf("FAIL sgpu-process-ram: cannot open %s\n", argv[2]);
        return 1;
    }
    ram = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (ram == MAP_FAILED) {
        printf("FAIL sgpu-process-ram: cannot map %s\n", argv[2]);
        return 1;
    }
    struct fake_client c;
    int hs;
    uint32_t cmd_bytes = 0;
    TEST_BEGIN("sgpu-process-handshake");
    hs = fake_client_handshake(&c, argv[1], SGPU_NUM_VECTORS);
    if (hs)
        printf("  %s\n", c.err);
    CHECK(hs == 0);
    if (hs == 0) {
        CHECK_EQ_U64(hw_reg_load32(fpage(&c), SGPU_F_ID), SGPU_ID_VALUE);
        CHECK_EQ_U64(hw_reg_load32(ppage(&c), SGPU_P_EXECUTOR), want_exec);
    }
    TEST_END();
    if (hs)
        return 1;

    TEST_BEGIN("sgpu-process-saxpy-dma-and-msix");
    /* Translation off (bring-up mode): device VA = machine PA. */
    float a = 3.0f;
    for (uint32_t i = 0; i < N; i++) {
        float x = (float)(i % 97) * 0.25f, y = (float)(i % 13) - 6.0f;
        memcpy(ram + X_OFF + 4 * i, &x, 4);
        memcpy(ram + Y_OFF + 4 * i, &y, 4);
    }
    put64(ARGS_OFF, ram_base + X_OFF);
    put64(ARGS_OFF + 8, ram_base + Y_OFF);
    put32(ARGS_OFF + 16, N);
    memcpy(ram + ARGS_OFF + 20, &a, 4);
    uint32_t cmd[] = { SGPU_CMD_HDR(SGPU_OP_DISPATCH, 0, 11), SGPU_K_SAXPY, (N + 255) / 256, 1, 1, 256, 1, 1,
                       (uint32_t)(ram_base + ARGS_OFF), (uint32_t)((ram_base + ARGS_OFF) >> 32), 24,
                       SGPU_CMD_HDR(SGPU_OP_FENCE, SGPU_FENCE_FLAG_IRQ, 3), 7, 0 };
    memcpy(ram + RING_OFF, cmd, sizeof(cmd));
    cmd_bytes = sizeof(cmd);
    hw_reg_store32(ppage(&c), SGPU_P_PIRQ_MASK, SGPU_PIRQ_ALL);
    hw_reg_store64(fpage(&c), SGPU_F_RING_BASE, ram_base + RING_OFF);
    hw_reg_store32(fpage(&c), SGPU_F_RING_SIZE, 4096);
    hw_reg_store32(fpage(&c), SGPU_F_IRQ_MASK, SGPU_IRQ_FENCE);
    hw_reg_store32(fpage(&c), SGPU_F_CONTROL, SGPU_CONTROL_RING_ENABLE);
    hw_reg_store32(fpage(&c), SGPU_F_RING_TAIL, sizeof(cmd));
    fake_client_ring(&c, 0);
    CHECK(wait_reg(fpage(&c), SGPU_F_FENCE, 7, 5000));
    CHECK(fake_client_collect(&c, SGPU_VEC_FUNC, 200) >= 1);
    CHECK_EQ_U64(hw_reg_load32(fpage(&c), SGPU_F_FAULT_STATUS), 0);
    unsigned bad = 0;
    for (uint32_t i = 0; i < N; i++) {
        float x = (float)(i % 97) * 0.25f, y0 = (float)(i % 13) - 6.0f, y;
        float want = a * x + y0;
        memcpy(&y, ram + Y_OFF + 4 * i, 4);
        bad += memcmp(&y, &want, 4) != 0;
    }
    CHECK_EQ_U64(bad, 0);
    /* Acknowledge through IRQ_CLEAR + doorbell. */
    hw_reg_store32(fpage(&c), SGPU_F_IRQ_CLEAR, SGPU_IRQ_ALL);
    fake_client_ring(&c, 0);
    CHECK(wait_reg(fpage(&c), SGPU_F_IRQ_RAWSTAT, 0, 2000));
    TEST_END();

    TEST_BEGIN("sgpu-process-preempt-resume-privileged-msix");
    uint32_t busy[] = { SGPU_CMD_HDR(SGPU_OP_BUSY, 0, 3), 2000000000u, 0 };  /* 2 s */
    memcpy(ram + RING_OFF + cmd_bytes, busy, sizeof(busy));
    hw_reg_store32(fpage(&c), SGPU_F_RING_TAIL, cmd_bytes + (uint32_t)sizeof(busy));
    fake_client_ring(&c, 0);
    CHECK(wait_reg(ppage(&c), SGPU_P_ENGINE_STATE, SGPU_ENGINE_RUNNING, 2000));
    fake_client_collect(&c, SGPU_VEC_PRIV, 0);
    hw_reg_store64(ppage(&c), SGPU_P_CTX_ADDR, ram_base + CTX_OFF);
    hw_reg_store32(ppage(&c), SGPU_P_CTX_SIZE, 4096);
    hw_reg_store32(ppage(&c), SGPU_P_PCMD, SGPU_PCMD_PREEMPT);
    fake_client_ring(&c, 0);
    CHECK(wait_reg(ppage(&c), SGPU_P_ENGINE_STATE, SGPU_ENGINE_PREEMPTED, 2000));
    CHECK(fake_client_collect(&c, SGPU_VEC_PRIV, 200) >= 1);
    uint32_t magic;
    memcpy(&magic, ram + CTX_OFF, 4);
    CHECK_EQ_U64(magic, 0x58434753u);
    hw_reg_store32(ppage(&c), SGPU_P_PCMD, SGPU_PCMD_RESUME);
    fake_client_ring(&c, 0);
    CHECK(wait_reg(ppage(&c), SGPU_P_ENGINE_STATE, SGPU_ENGINE_RUNNING, 2000));
    CHECK_EQ_U64(hw_reg_load32(ppage(&c), SGPU_P_PCMD_RESULT), SGPU_PRES_OK);
    hw_reg_store32(ppage(&c), SGPU_P_PCMD, SGPU_PCMD_RESET);
    fake_client_ring(&c, 0);
    CHECK(wait_reg(ppage(&c), SGPU_P_ENGINE_STATE, SGPU_ENGINE_IDLE, 2000));
    TEST_END();

    TEST_BEGIN("sgpu-process-reset-on-reconnect");
    int64_t old = c.id;
    fake_client_close(&c);
    hs = fake_client_handshake(&c, argv[1], SGPU_NUM_VECTORS);
    CHECK(hs == 0);
    if (hs == 0) {
        CHECK(c.id != old);
        CHECK(wait_reg(fpage(&c), SGPU_F_RING_SIZE, 0, 2000));
        CHECK_EQ_U64(hw_reg_load64(fpage(&c), SGPU_F_FENCE), 0);
        CHECK_EQ_U64(hw_reg_load32(fpage(&c), SGPU_F_ID), SGPU_ID_VALUE);
        fake_client_close(&c);
    }
    TEST_END();
    munmap(ram, (size_t)st.st_size);
    return CHECK_EXIT_CODE();
}
