/* SFPGA model benchmark: host throughput of every accelerator (the model's
 * own C implementation; the SFPGA has one executor) next to the throughput
 * its timing model claims for the device, the host cost of a bitstream load,
 * and the bytes and host time of one context save and one restore.
 *   bench-sfpga OUT.json */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hw/sfpga.h"
#include "pt.h"

#define RAM_PA   0x40000000ull
#define RAM_SIZE (160ull << 20)
#define DOM_IPA  0x40000000ull
#define DOM_PA   0x41000000ull
#define DOM_SIZE (128ull << 20)
#define SRC (DOM_IPA)
#define DST (DOM_IPA + (48ull << 20))
#define AUX (DOM_IPA + (96ull << 20))
#define BS  (DOM_IPA + (100ull << 20))
#define CTX_PA (RAM_PA + (150ull << 20))

static struct pt_machine pm;
static struct sfpga *dev;
static uint64_t vnow;

static double host_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static uint8_t *ipa(uint64_t a) { return hw_mem_ptr(&pm.mem, DOM_PA + (a - DOM_IPA), 1); }
static void fw(uint32_t off, uint32_t v) { sfpga_reg_write(dev, SFPGA_PAGE_FUNC(0), off, 4, v); }
static void pw(uint32_t off, uint32_t v) { sfpga_reg_write(dev, SFPGA_PAGE_PRIV(1, 0), off, 4, v); }
static uint32_t pr(uint32_t off)
{
    uint64_t v;
    sfpga_reg_read(dev, SFPGA_PAGE_PRIV(1, 0), off, 4, &v);
    return (uint32_t)v;
}

static void settle(void)
{
    for (;;) {
        uint64_t next = sfpga_advance(dev, vnow);
        if (next == HW_MODEL_IDLE)
            return;
        vnow = next;
    }
}

static void ring(void)
{
    sfpga_doorbell(dev, vnow);
    settle();
}

static void load_built(uint32_t size)
{
    pw(SFPGA_P_BS_ADDR_LO, (uint32_t)BS);
    pw(SFPGA_P_BS_LEN, size);
    pw(SFPGA_P_CMD, SFPGA_CMD_LOAD);
    ring();
    if (pr(SFPGA_P_CMD_STATUS) != SFPGA_ST_OK) {
        fprintf(stderr, "bench-sfpga: bitstream load failed (%u)\n", pr(SFPGA_P_CMD_STATUS));
        exit(1);
    }
}

static void load(unsigned id, uint32_t size)
{
    sfpga_bitstream_build(ipa(BS), size, id, 1, id);
    load_built(size);
}

struct result {
    const char *name, *unit;
    double work;       /* bytes or operations per job */
    double host_rate;  /* unit per second, host */
    double model_rate; /* unit per second, modelled device */
};

/* Runs the programmed job repeatedly for at least 0.3 s of host time. */
static void measure(struct result *r)
{
    double t0 = host_s(), t;
    uint64_t v0 = vnow;
    int n = 0;
    do {
        fw(SFPGA_F_CTRL, SFPGA_CTRL_START);
        ring();
        n++;
        t = host_s();
    } while (t - t0 < 0.3);
    uint64_t vns = (vnow - v0) / (uint64_t)n;
    r->host_rate = r->work * n / (t - t0);
    r->model_rate = r->work / ((double)vns * 1e-9);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench-sfpga OUT.json\n");
        return 2;
    }
    pt_machine_init(&pm, RAM_PA, RAM_SIZE, 4u << 20);
    uint64_t root = pt_alloc_page(&pm);
    pt_map(&pm, root, DOM_IPA, DOM_PA, DOM_SIZE, PT_S2_RW, 0);
    struct sfpga_config cfg = { .mem = pm.mem, .nslots = 1 };
    char err[128];
    dev = sfpga_create(&cfg, err, sizeof err);
    if (!dev) {
        fprintf(stderr, "bench-sfpga: %s\n", err);
        return 1;
    }
    pw(SFPGA_P_S2_ROOT_LO, (uint32_t)root);
    pw(SFPGA_P_S2_ROOT_HI, (uint32_t)(root >> 32));
    pw(SFPGA_P_VMID, 1);
    pw(SFPGA_P_S2_CTRL, 1); /* every DMA walks stage 2, as in a shared system */
    const uint32_t len = 16u << 20;
    for (uint32_t i = 0; i < len; i++)
        ipa(SRC)[i] = (uint8_t)(i * 2654435761u >> 13);
    for (unsigned i = 0; i < 512 * 512; i++)
        ipa(AUX)[i] = (uint8_t)(i * 7);

    struct result res[5] = {
        { "sha256", "GB/s", len, 0, 0 }, { "crc32c", "GB/s", len, 0, 0 },
        { "aes128ctr", "GB/s", len, 0, 0 }, { "fir-32tap", "GB/s", len, 0, 0 },
        { "matmul8-512", "GOP/s", 2.0 * 512 * 512 * 512, 0, 0 },
    };
    static const unsigned ids[5] = { SFPGA_ACCEL_SHA256, SFPGA_ACCEL_CRC32C,
                                     SFPGA_ACCEL_AES128CTR, SFPGA_ACCEL_FIR, SFPGA_ACCEL_MATMUL8 };
    for (int i = 0; i < 5; i++) {
        load(ids[i], 4096);
        fw(SFPGA_F_SRC_LO, (uint32_t)SRC);
        fw(SFPGA_F_DST_LO, (uint32_t)DST);
        fw(SFPGA_F_LEN, len);
        fw(SFPGA_F_FLAGS, ids[i] == SFPGA_ACCEL_SHA256 ? SFPGA_SHA_INIT | SFPGA_SHA_FINAL
                          : ids[i] == SFPGA_ACCEL_AES128CTR ? SFPGA_AES_LOAD
                          : ids[i] == SFPGA_ACCEL_FIR ? SFPGA_FIR_LOAD | SFPGA_FIR_CLEAR
                          : SFPGA_CRC_INIT);
        if (ids[i] == SFPGA_ACCEL_FIR) {
            fw(SFPGA_F_PARAM(0), 32);
            fw(SFPGA_F_PARAM(1), (uint32_t)AUX);
        }
        if (ids[i] == SFPGA_ACCEL_MATMUL8) {
            fw(SFPGA_F_LEN, 0);
            fw(SFPGA_F_FLAGS, 0);
            for (int p = 0; p < 3; p++)
                fw(SFPGA_F_PARAM(p), 512);
            fw(SFPGA_F_PARAM(3), (uint32_t)AUX);
        }
        measure(&res[i]);
        if (strcmp(res[i].unit, "GB/s") == 0 || strcmp(res[i].unit, "GOP/s") == 0) {
            res[i].host_rate /= 1e9;
            res[i].model_rate /= 1e9;
        }
    }

    /* Bitstream load: modelled reconfiguration time and host cost (CRC). */
    const uint32_t bs_size = 4u << 20;
    sfpga_bitstream_build(ipa(BS), bs_size, SFPGA_ACCEL_CRC32C, 1, 1);
    double t0 = host_s();
    uint64_t v0 = vnow;
    load_built(bs_size);
    double load_host_ns = (host_s() - t0) * 1e9;
    uint64_t load_model_ns = vnow - v0;

    /* Context save and restore of a SHA-256 slot preempted mid-stream. */
    load(SFPGA_ACCEL_SHA256, 4096);
    fw(SFPGA_F_SRC_LO, (uint32_t)SRC);
    fw(SFPGA_F_LEN, 1u << 20);
    fw(SFPGA_F_FLAGS, SFPGA_SHA_INIT);
    fw(SFPGA_F_CTRL, SFPGA_CTRL_START);
    sfpga_doorbell(dev, vnow);
    pw(SFPGA_P_CMD, SFPGA_CMD_PREEMPT);
    sfpga_doorbell(dev, vnow + 10000);
    vnow += 10000;
    while (pr(SFPGA_P_STATE) == SFPGA_SLOT_BUSY) {
        uint64_t next = sfpga_advance(dev, vnow);
        if (next == HW_MODEL_IDLE)
            break;
        vnow = next;
    }
    if (pr(SFPGA_P_STATE) != SFPGA_SLOT_PREEMPTED) {
        fprintf(stderr, "bench-sfpga: the SHA-256 job was not preempted\n");
        return 1;
    }
    pw(SFPGA_P_CTX_ADDR_LO, (uint32_t)CTX_PA);
    pw(SFPGA_P_CTX_ADDR_HI, (uint32_t)(CTX_PA >> 32));
    pw(SFPGA_P_CTX_SIZE, 4096);
    const int reps = 200000;
    t0 = host_s();
    for (int i = 0; i < reps; i++) {
        pw(SFPGA_P_CMD, SFPGA_CMD_SAVE);
        sfpga_doorbell(dev, vnow);
    }
    double save_ns = (host_s() - t0) * 1e9 / reps;
    int save_ok = pr(SFPGA_P_CMD_STATUS) == SFPGA_ST_OK;
    /* A restore needs the slot IDLE: take the job out with a reload first,
     * outside the timed loop, once per restore. */
    double restore_total = 0;
    int restore_ok = 1;
    const int rreps = 2000;
    for (int i = 0; i < rreps; i++) {
        pw(SFPGA_P_CMD, SFPGA_CMD_UNLOAD);
        sfpga_doorbell(dev, vnow);
        load(SFPGA_ACCEL_SHA256, 256);
        double a = host_s();
        pw(SFPGA_P_CMD, SFPGA_CMD_RESTORE);
        sfpga_doorbell(dev, vnow);
        restore_total += host_s() - a;
        restore_ok &= pr(SFPGA_P_CMD_STATUS) == SFPGA_ST_OK && pr(SFPGA_P_STATE) == SFPGA_SLOT_PREEMPTED;
    }
    double restore_ns = restore_total * 1e9 / rreps;
    uint32_t ctx_bytes = sfpga_ctx_size(SFPGA_ACCEL_SHA256);

    printf("%-14s %12s %14s %8s\n", "accelerator", "host (C)", "modelled dev", "unit");
    for (int i = 0; i < 5; i++)
        printf("%-14s %12.3f %14.3f %8s\n", res[i].name, res[i].host_rate, res[i].model_rate,
               res[i].unit);
    printf("bitstream load %u bytes: modelled %llu ns, host %.0f ns\n", bs_size,
           (unsigned long long)load_model_ns, load_host_ns);
    printf("context save: %u bytes, %.0f ns host%s\n", ctx_bytes, save_ns, save_ok ? "" : " (FAILED)");
    printf("context restore: %u bytes, %.0f ns host%s\n", ctx_bytes, restore_ns,
           restore_ok ? "" : " (FAILED)");
    for (unsigned id = 1; id < SFPGA_ACCEL_COUNT; id++)
        printf("  context size of accelerator %u: %u bytes\n", id, sfpga_ctx_size(id));

    FILE *f = fopen(argv[1], "w");
    if (!f) {
        fprintf(stderr, "bench-sfpga: cannot write %s\n", argv[1]);
        return 1;
    }
    fprintf(f, "{\n  \"device\": \"sfpga\",\n  \"executor\": \"builtin C (the SFPGA model has no OpenCL executor)\",\n"
               "  \"stage2\": true,\n  \"accelerators\": [\n");
    for (int i = 0; i < 5; i++)
        fprintf(f, "    {\"name\": \"%s\", \"unit\": \"%s\", \"host\": %.4f, \"modelled_device\": %.4f}%s\n",
                res[i].name, res[i].unit, res[i].host_rate, res[i].model_rate, i < 4 ? "," : "");
    fprintf(f, "  ],\n  \"bitstream_load\": {\"bytes\": %u, \"modelled_ns\": %llu, \"host_ns\": %.0f},\n",
            bs_size, (unsigned long long)load_model_ns, load_host_ns);
    fprintf(f, "  \"context\": {\"accelerator\": \"sha256\", \"bytes\": %u, \"save_host_ns\": %.1f, "
               "\"restore_host_ns\": %.1f, \"ok\": %s},\n", ctx_bytes, save_ns, restore_ns,
            save_ok && restore_ok ? "true" : "false");
    fprintf(f, "  \"context_bytes\": {");
    for (unsigned id = 1; id < SFPGA_ACCEL_COUNT; id++)
        fprintf(f, "\"%u\": %u%s", id, sfpga_ctx_size(id), id + 1 < SFPGA_ACCEL_COUNT ? ", " : "");
    fprintf(f, "}\n}\n");
    fclose(f);
    sfpga_destroy(dev);
    pt_machine_free(&pm);
    return save_ok && restore_ok ? 0 : 1;
}
