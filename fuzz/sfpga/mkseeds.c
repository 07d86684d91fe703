/* Writes a seed corpus for fuzz_sfpga into a folder: a good bitstream of
 * every accelerator (mode 0), a real saved context of every accelerator
 * taken mid-job (mode 1) and a sane job register set (mode 2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/sfpga.h"

static void quiet(void *ctx, const char *msg) { (void)ctx; (void)msg; }

static void put(const char *dir, const char *name, unsigned mode, unsigned id, const uint8_t *p,
                size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s-%u", dir, name, id);
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "mkseeds: cannot write %s\n", path);
        exit(1);
    }
    uint8_t hdr[2] = { (uint8_t)mode, (uint8_t)(id - 1) };
    fwrite(hdr, 1, 2, f);
    fwrite(p, 1, n, f);
    fclose(f);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: mkseeds DIR\n");
        return 2;
    }
    static uint8_t ram[1 << 20], img[4096];
    for (unsigned id = 1; id < SFPGA_ACCEL_COUNT; id++) {
        sfpga_bitstream_build(img, 256, id, 1, id);
        put(argv[1], "bitstream", 0, id, img, 256);

        struct sfpga_config cfg = { .mem = { ram, 0x40000000, sizeof ram }, .nslots = 1,
                                    .log = quiet };
        char err[100];
        struct sfpga *f = sfpga_create(&cfg, err, sizeof err);
        uint8_t *fp = sfpga_regs(f) + SFPGA_PAGE_FUNC(0) * 4096;
        uint8_t *pp = sfpga_regs(f) + SFPGA_PAGE_PRIV(1, 0) * 4096;
        sfpga_bitstream_build(ram, 256, id, 1, 7);
        hw_reg_store64(pp, SFPGA_P_BS_ADDR_LO, 0x40000000);
        hw_reg_store32(pp, SFPGA_P_BS_LEN, 256);
        hw_reg_store32(pp, SFPGA_P_CMD, SFPGA_CMD_LOAD);
        sfpga_doorbell(f, 0);
        sfpga_advance(f, 1000000);
        uint32_t regs[10] = { 0x40001000, 0, 0x40080000, 0, 20000, 1, 8, 8, 8, 0x40002000 };
        for (int i = 0; i < 10; i++)
            hw_reg_store32(fp, SFPGA_F_SRC_LO + 4 * i, regs[i]);
        put(argv[1], "jobregs", 2, id, (const uint8_t *)regs, sizeof regs);
        hw_reg_store32(fp, SFPGA_F_CTRL, SFPGA_CTRL_START);
        sfpga_doorbell(f, 1000000);
        hw_reg_store32(pp, SFPGA_P_CMD, SFPGA_CMD_PREEMPT);
        sfpga_doorbell(f, 1000600);
        sfpga_advance(f, 1100000);
        hw_reg_store64(pp, SFPGA_P_CTX_ADDR_LO, 0x40040000);
        hw_reg_store32(pp, SFPGA_P_CTX_SIZE, 4096);
        hw_reg_store32(pp, SFPGA_P_CMD, SFPGA_CMD_SAVE);
        sfpga_doorbell(f, 1100000);
        put(argv[1], "context", 1, id, ram + 0x40000, sfpga_ctx_size(id));
        sfpga_destroy(f);
    }
    return 0;
}
