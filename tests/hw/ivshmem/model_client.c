/* Drives vcoproc-model --device sfpga through the ivshmem path as QEMU and a
 * guest driver would: register stores into the shared BAR2 pages, doorbell
 * rings, MSI-X vectors back, DMA into the VM's RAM file.
 *   model_client SOCKET RAMFILE RAMBASE */
#include <fcntl.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../include/check.h"
#include "fake_client.h"
#include "hw/model.h"
#include "hw/sfpga.h"

#define NSLOTS 4
#define VECTORS (2 * SFPGA_MAX_SLOTS)
#define BS_OFF 0x100000u
#define DATA_OFF 0x200000u
#define DST_OFF 0x400000u

static uint8_t *ram;
static uint64_t ram_base;

static uint8_t *page(struct fake_client *c, unsigned p) { return c->shm + p * HW_PAGE_SIZE; }
static uint8_t *fpage(struct fake_client *c, unsigned k) { return page(c, SFPGA_PAGE_FUNC(k)); }
static uint8_t *ppage(struct fake_client *c, unsigned k) { return page(c, SFPGA_PAGE_PRIV(NSLOTS, k)); }

static uint32_t crc_bitwise(const uint8_t *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    while (n--) {
        c ^= *p++;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? (c >> 1) ^ 0x82F63B78u : c >> 1;
    }
    return ~c;
}

/* Loads a bitstream into slot k and waits for its privileged vector. */
static int load(struct fake_client *c, unsigned k, unsigned accel, int corrupt)
{
    uint32_t size = 8192;
    sfpga_bitstream_build(ram + BS_OFF, size, accel, 1, k);
    if (corrupt)
        ram[BS_OFF + size - 1] ^= 1;
    uint8_t *p = ppage(c, k);
    hw_reg_store32(p, SFPGA_P_S2_CTRL, 0); /* no hypervisor here: machine PAs */
    hw_reg_store64(p, SFPGA_P_BS_ADDR_LO, ram_base + BS_OFF);
    hw_reg_store32(p, SFPGA_P_BS_LEN, size);
    hw_reg_store32(p, SFPGA_P_IRQ_MASK, SFPGA_PIRQ_LOAD_DONE | SFPGA_PIRQ_LOAD_ERROR);
    hw_reg_store32(p, SFPGA_P_IRQ_CLEAR, 0xff);
    hw_reg_store32(p, SFPGA_P_CMD, SFPGA_CMD_LOAD);
    fake_client_ring(c, 0);
    uint64_t n = fake_client_collect(c, SFPGA_VEC_PRIV(NSLOTS, k), 2000);
    return n == 1 ? (int)hw_reg_load32(p, SFPGA_P_CMD_STATUS) : -1;
}

static int run_job(struct fake_client *c, unsigned k)
{
    uint8_t *f = fpage(c, k);
    hw_reg_store32(f, SFPGA_F_IRQ_MASK, SFPGA_IRQ_DONE | SFPGA_IRQ_ERROR);
    hw_reg_store32(f, SFPGA_F_IRQ_CLEAR, 3);
    hw_reg_store32(f, SFPGA_F_CTRL, SFPGA_CTRL_START);
    fake_client_ring(c, 0);
    uint64_t n = fake_client_collect(c, SFPGA_VEC_FUNC(k), 2000);
    return n == 1 ? (int)hw_reg_load32(f, SFPGA_F_STATUS) : -1;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: model_client SOCKET RAMFILE RAMBASE\n");
        return 2;
    }
    int fd = open(argv[2], O_RDWR);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        printf("FAIL model-ram-file: cannot open %s\n", argv[2]);
        return 0;
    }
    ram = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    ram_base = strtoull(argv[3], NULL, 0);
    struct fake_client c;
    int hs, r;

    TEST_BEGIN("model-sfpga-handshake-and-id");
    hs = fake_client_handshake(&c, argv[1], VECTORS);
    if (hs)
        printf("  %s\n", c.err);
    CHECK(hs == 0);
    if (hs == 0) {
        CHECK_EQ_U64(c.shm_size, 128 * 1024);
        CHECK_EQ_U64(hw_reg_load32(page(&c, 0), SFPGA_G_ID), SFPGA_ID_VALUE);
        CHECK_EQ_U64(hw_reg_load32(page(&c, 0), SFPGA_G_NSLOTS), NSLOTS);
    }
    TEST_END();
    if (hs)
        return 0;

    TEST_BEGIN("model-sfpga-load-over-ivshmem");
    r = load(&c, 0, SFPGA_ACCEL_CRC32C, 0);
    CHECK_EQ_U64(r, SFPGA_ST_OK);
    CHECK_EQ_U64(hw_reg_load32(fpage(&c, 0), SFPGA_F_ACCEL_ID), SFPGA_ACCEL_CRC32C);
    CHECK_EQ_U64(hw_reg_load32(ppage(&c, 0), SFPGA_P_STATE), SFPGA_SLOT_IDLE);
    TEST_END();

    TEST_BEGIN("model-sfpga-crc32c-job-dma-and-msix");
    for (uint32_t i = 0; i < (1u << 20); i++)
        ram[DATA_OFF + i] = (uint8_t)(i * 31 + (i >> 9));
    hw_reg_store64(fpage(&c, 0), SFPGA_F_SRC_LO, ram_base + DATA_OFF);
    hw_reg_store32(fpage(&c, 0), SFPGA_F_LEN, 1u << 20);
    hw_reg_store32(fpage(&c, 0), SFPGA_F_FLAGS, SFPGA_CRC_INIT);
    r = run_job(&c, 0);
    CHECK_EQ_U64(r, SFPGA_JOB_DONE);
    CHECK_EQ_U64(hw_reg_load32(fpage(&c, 0), SFPGA_F_RESULT(0)), crc_bitwise(ram + DATA_OFF, 1u << 20));
    TEST_END();

    TEST_BEGIN("model-sfpga-sha256-to-ram");
    r = load(&c, 1, SFPGA_ACCEL_SHA256, 0);
    CHECK_EQ_U64(r, SFPGA_ST_OK);
    hw_reg_store64(fpage(&c, 1), SFPGA_F_SRC_LO, ram_base + DATA_OFF);
    hw_reg_store64(fpage(&c, 1), SFPGA_F_DST_LO, ram_base + DST_OFF);
    hw_reg_store32(fpage(&c, 1), SFPGA_F_LEN, 100000);
    hw_reg_store32(fpage(&c, 1), SFPGA_F_FLAGS, SFPGA_SHA_INIT | SFPGA_SHA_FINAL | SFPGA_SHA_TO_DST);
    r = run_job(&c, 1);
    CHECK_EQ_U64(r, SFPGA_JOB_DONE);
    uint8_t want[32];
    SHA256(ram + DATA_OFF, 100000, want);
    CHECK(memcmp(ram + DST_OFF, want, 32) == 0);
    CHECK_EQ_U64(fake_client_collect(&c, SFPGA_VEC_FUNC(0), 0), 0); /* only slot 1's vector fired */
    TEST_END();

    TEST_BEGIN("model-sfpga-corrupt-bitstream-refused");
    r = load(&c, 2, SFPGA_ACCEL_AES128CTR, 1);
    CHECK_EQ_U64(r, SFPGA_ST_PAYLOAD_CRC);
    CHECK_EQ_U64(hw_reg_load32(ppage(&c, 2), SFPGA_P_STATE), SFPGA_SLOT_EMPTY);
    CHECK(hw_reg_load32(ppage(&c, 2), SFPGA_P_IRQ_STATUS) & SFPGA_PIRQ_LOAD_ERROR);
    TEST_END();

    TEST_BEGIN("model-sfpga-reset-on-reconnect");
    int64_t old = c.id;
    fake_client_close(&c);
    hs = fake_client_handshake(&c, argv[1], VECTORS);
    CHECK(hs == 0);
    if (hs == 0) {
        CHECK(c.id != old);
        usleep(50000);
        CHECK_EQ_U64(hw_reg_load32(ppage(&c, 0), SFPGA_P_STATE), SFPGA_SLOT_EMPTY);
        CHECK_EQ_U64(hw_reg_load32(fpage(&c, 0), SFPGA_F_ACCEL_ID), 0);
        CHECK_EQ_U64(hw_reg_load32(page(&c, 0), SFPGA_G_ID), SFPGA_ID_VALUE);
        CHECK_EQ_U64(load(&c, 0, SFPGA_ACCEL_FIR, 0), SFPGA_ST_OK);
    }
    fake_client_close(&c);
    TEST_END();
    munmap(ram, (size_t)st.st_size);
    return CHECK_EXIT_CODE();
}
