/* libFuzzer target for the SGPU's untrusted inputs: the command parser on
 * its own, the whole engine running a fuzzed ring (and argument blocks) in
 * a small RAM with translation off, and the context-image restore. The
 * model must never crash, hang the host, or touch memory outside its RAM
 * (AddressSanitizer watches). The first input byte picks the mode: raw
 * parser, raw ring, context image, or well-formed commands built from the
 * input (to reach the kernels), optionally with fuzzed page tables. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hw/sgpu.h"
#include "../../hw/sgpu/src/sgpu_internal.h"

#define FZ_RAM_PA   0x40000000ull
#define FZ_RAM_SIZE (1u << 20)

static uint8_t *fz_ram;
static struct sgpu *fz_gpu;

static void fz_log(void *ctx, const char *msg)
{
    (void)ctx;
    (void)msg;
}

static void fz_init(void)
{
    if (fz_gpu)
        return;
    fz_ram = calloc(1, FZ_RAM_SIZE);
    struct sgpu_config cfg = {
        .mem = { fz_ram, FZ_RAM_PA, FZ_RAM_SIZE },
        .executor = SGPU_EXEC_BUILTIN,
        .log = fz_log,
    };
    char err[128];
    fz_gpu = sgpu_create(&cfg, err, sizeof(err));
    if (!fz_gpu)
        abort();
}

static void fz_w32(unsigned page, uint32_t off, uint32_t v)
{
    sgpu_reg_write(fz_gpu, page, off, 4, v);
}

static void fz_w64(unsigned page, uint32_t off, uint64_t v)
{
    sgpu_reg_write(fz_gpu, page, off, 8, v);
}

/* Ring of 64 KiB at RAM base holding the input; the rest of RAM is a
 * pattern the commands can read, write and point into. */
static void fz_engine(const uint8_t *d, size_t n)
{
    sgpu_reset(fz_gpu, 0);
    memset(fz_ram, 0x5a, FZ_RAM_SIZE);
    if (n > 65536)
        n = 65536;
    memcpy(fz_ram, d, n);
    fz_w64(SGPU_PAGE_PRIV, SGPU_P_WATCHDOG_NS, 100000);
    fz_w64(SGPU_PAGE_PRIV, SGPU_P_CTX_ADDR, FZ_RAM_PA + FZ_RAM_SIZE - 4096);
    fz_w32(SGPU_PAGE_PRIV, SGPU_P_CTX_SIZE, 4096);
    fz_w64(SGPU_PAGE_FUNC, SGPU_F_RING_BASE, FZ_RAM_PA);
    fz_w32(SGPU_PAGE_FUNC, SGPU_F_RING_SIZE, 65536);
    fz_w32(SGPU_PAGE_FUNC, SGPU_F_IRQ_MASK, SGPU_IRQ_ALL);
    fz_w32(SGPU_PAGE_FUNC, SGPU_F_CONTROL, SGPU_CONTROL_RING_ENABLE);
    fz_w32(SGPU_PAGE_FUNC, SGPU_F_RING_TAIL, (uint32_t)(n & ~3u) % 65536);
    sgpu_doorbell(fz_gpu, 0);
    /* A preemption in the middle, then a resume, then run to a bounded
     * time: virtual time caps the work a huge dispatch can ask for. */
    sgpu_advance(fz_gpu, 3000);
    fz_w32(SGPU_PAGE_PRIV, SGPU_P_PCMD, SGPU_PCMD_PREEMPT);
    sgpu_doorbell(fz_gpu, 3000);
    uint64_t t = 3000;
    for (int i = 0; i < 64; i++) {
        uint64_t next = sgpu_advance(fz_gpu, t);
        if (next == HW_MODEL_IDLE || next > 200000)
            break;
        t = next;
    }
    fz_w32(SGPU_PAGE_PRIV, SGPU_P_PCMD, SGPU_PCMD_RESUME);
    sgpu_doorbell(fz_gpu, t);
    sgpu_advance(fz_gpu, t + 200000);
}

static uint32_t fz_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* An address somewhere in the data area [64 KiB, 960 KiB) of RAM. */
static uint64_t fz_addr(uint32_t v)
{
    return FZ_RAM_PA + 65536 + v % (FZ_RAM_SIZE - 128 * 1024);
}

/* Each 16-byte record becomes one well-formed command (kernels get an
 * argument block with in-RAM pointers and small sizes), so the fuzzer
 * reaches the kernels and the executors' bounds. With `xlate`, the last
 * 4 KiB of input become stage-1 and stage-2 tables as well. */
static void fz_structured(const uint8_t *d, size_t n, bool xlate)
{
    sgpu_reset(fz_gpu, 0);
    memset(fz_ram, 0, FZ_RAM_SIZE);
    uint32_t ring[4096];
    unsigned nw = 0;
    uint64_t args_at = FZ_RAM_PA + FZ_RAM_SIZE - 64 * 1024;
    for (size_t i = 0; i + 16 <= n && nw + 16 < 4096; i += 16) {
        const uint8_t *r = d + i;
        uint32_t a = fz_u32(r + 4), b = fz_u32(r + 8), c = fz_u32(r + 12);
        switch (r[0] % 7) {
        case SGPU_OP_NOP: ring[nw++] = SGPU_CMD_HDR(0, 0, 1); break;
        case SGPU_OP_FENCE:
            ring[nw++] = SGPU_CMD_HDR(SGPU_OP_FENCE, r[1] & 1, 5);
            ring[nw++] = a; ring[nw++] = b;
            ring[nw++] = (uint32_t)(fz_addr(c) & ~7ull); ring[nw++] = 0;
            break;
        case SGPU_OP_COPY:
            ring[nw++] = SGPU_CMD_HDR(SGPU_OP_COPY, 0, 7);
            ring[nw++] = (uint32_t)fz_addr(a); ring[nw++] = 0;
            ring[nw++] = (uint32_t)fz_addr(b); ring[nw++] = 0;
            ring[nw++] = c % 200000; ring[nw++] = 0;
            break;
        case SGPU_OP_FILL:
            ring[nw++] = SGPU_CMD_HDR(SGPU_OP_FILL, 0, 6);
            ring[nw++] = (uint32_t)fz_addr(a); ring[nw++] = 0;
            ring[nw++] = b % 200000; ring[nw++] = 0; ring[nw++] = c;
            break;
        case SGPU_OP_DISPATCH: {
            /* Argument block: pointers in RAM, small sizes, raw floats. */
            uint8_t *blk = fz_ram + (args_at - FZ_RAM_PA);
            for (int k = 0; k < 16; k++) {
                uint32_t v = (k % 2 == 0 && k < 6) ? (uint32_t)fz_addr(a * (uint32_t)(k + 1) + b)
                           : (k % 2 == 1 && k < 6) ? 0 : (a >> (k % 8)) % 300;
                memcpy(blk + 4 * k, &v, 4);
            }
            blk[20] = r[2];          /* raster coordinates / floats vary too */
            ring[nw++] = SGPU_CMD_HDR(SGPU_OP_DISPATCH, 0, 11);
            ring[nw++] = r[1] % 7;
            ring[nw++] = r[2] % 9 + 1; ring[nw++] = r[3] % 5 + 1; ring[nw++] = 1;
            ring[nw++] = c % 64 + 1; ring[nw++] = (c >> 8) % 16 + 1; ring[nw++] = 1;
            ring[nw++] = (uint32_t)args_at; ring[nw++] = 0;
            static const uint32_t sizes[] = { 24, 24, 48, 24, 60, 60, 7 };
            ring[nw++] = sizes[r[1] % 7];
            break;
        }
        case SGPU_OP_TIMESTAMP:
            ring[nw++] = SGPU_CMD_HDR(SGPU_OP_TIMESTAMP, 0, 3);
            ring[nw++] = (uint32_t)(fz_addr(a) & ~7ull); ring[nw++] = 0;
            break;
        default:
            ring[nw++] = SGPU_CMD_HDR(SGPU_OP_BUSY, r[1] & 1, 3);
            ring[nw++] = a % 100000; ring[nw++] = 0;
            break;
        }
    }
    memcpy(fz_ram, ring, 4 * nw);
    if (xlate && n >= 4096) {
        /* Tables from the input's tail at RAM 960 KiB: stage 1 at the
         * first 2 KiB, stage 2 at the second; whatever they say is walked. */
        uint8_t *t = fz_ram + FZ_RAM_SIZE - 64 * 1024 + 4096;
        memcpy(t, d + n - 4096, 4096);
        uint64_t root = FZ_RAM_PA + FZ_RAM_SIZE - 64 * 1024 + 4096;
        fz_w64(SGPU_PAGE_PRIV, SGPU_P_S2_ROOT, root + 2048);
        fz_w32(SGPU_PAGE_PRIV, SGPU_P_S2_CONTROL, 1);
        fz_w64(SGPU_PAGE_FUNC, SGPU_F_MMU_ROOT, root);
        fz_w32(SGPU_PAGE_FUNC, SGPU_F_MMU_CONTROL, 1);
        sgpu_doorbell(fz_gpu, 0);
    }
    fz_w64(SGPU_PAGE_PRIV, SGPU_P_WATCHDOG_NS, 1000000);
    fz_w64(SGPU_PAGE_FUNC, SGPU_F_RING_BASE, FZ_RAM_PA);
    fz_w32(SGPU_PAGE_FUNC, SGPU_F_RING_SIZE, 65536);
    fz_w32(SGPU_PAGE_FUNC, SGPU_F_CONTROL, SGPU_CONTROL_RING_ENABLE);
    fz_w32(SGPU_PAGE_FUNC, SGPU_F_RING_TAIL, 4 * nw);
    sgpu_doorbell(fz_gpu, 0);
    sgpu_advance(fz_gpu, 2000000);
}

/* The input is a context image handed to RESUME. */
static void fz_restore(const uint8_t *d, size_t n)
{
    sgpu_reset(fz_gpu, 0);
    memset(fz_ram, 0, FZ_RAM_SIZE);
    memcpy(fz_ram + 4096, d, n < 256 ? n : 256);
    fz_w64(SGPU_PAGE_PRIV, SGPU_P_CTX_ADDR, FZ_RAM_PA + 4096);
    fz_w32(SGPU_PAGE_PRIV, SGPU_P_CTX_SIZE, 256);
    fz_w32(SGPU_PAGE_PRIV, SGPU_P_PCMD, SGPU_PCMD_RESUME);
    sgpu_doorbell(fz_gpu, 0);
    sgpu_advance(fz_gpu, 100000);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    fz_init();
    uint8_t mode = data[0] % 5;
    data++;
    size--;
    if (mode == 0) {
        uint32_t w[SGPU_CMD_MAX_DWORDS] = { 0 };
        size_t nw = size / 4 < SGPU_CMD_MAX_DWORDS ? size / 4 : SGPU_CMD_MAX_DWORDS;
        memcpy(w, data, nw * 4);
        struct sgpu_cmd c;
        uint32_t code = sgpu_cmd_decode(w, (uint32_t)nw, &c);
        if (code == 0 && (c.len == 0 || c.len > nw))
            abort();  /* a decoded command never claims more than it had */
    } else if (mode == 1) {
        fz_engine(data, size);
    } else if (mode == 2) {
        fz_restore(data, size);
    } else {
        fz_structured(data, size, mode == 4);
    }
    return 0;
}
