/* Context save and restore: the function's whole architectural state in a
 * 256-byte little-endian image at a machine PA the hypervisor chose (layout
 * in docs/hw/sgpu.md). The image carries a CRC32 so that a restore of a
 * damaged or foreign image is refused instead of running garbage. */
#include <string.h>

#include "sgpu_internal.h"

#define CTX_MAGIC   0x58434753u  /* "SGCX" */
#define CTX_VERSION 1u

static void ctx_put32(uint8_t *p, unsigned off, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[off + i] = (uint8_t)(v >> (8 * i));
}

static void ctx_put64(uint8_t *p, unsigned off, uint64_t v)
{
    ctx_put32(p, off, (uint32_t)v);
    ctx_put32(p, off + 4, (uint32_t)(v >> 32));
}

static uint32_t ctx_get32(const uint8_t *p, unsigned off)
{
    return (uint32_t)p[off] | (uint32_t)p[off + 1] << 8 | (uint32_t)p[off + 2] << 16 |
           (uint32_t)p[off + 3] << 24;
}

static uint64_t ctx_get64(const uint8_t *p, unsigned off)
{
    return (uint64_t)ctx_get32(p, off) | (uint64_t)ctx_get32(p, off + 4) << 32;
}

/* CRC-32 (IEEE 802.3, reflected, as zlib's crc32). */
static uint32_t ctx_crc32(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int b = 0; b < 8; b++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
    }
    return ~c;
}

uint32_t sgpu_ctx_size(void)
{
    return SGPU_CTX_BYTES;
}

static uint8_t *ctx_area(struct sgpu *g)
{
    if (g->ctx_addr % 64 || g->ctx_size < SGPU_CTX_BYTES)
        return NULL;
    return hw_mem_ptr(&g->mem, g->ctx_addr, SGPU_CTX_BYTES);
}

uint32_t sgpu_ctx_save(struct sgpu *g)
{
    uint8_t *area = ctx_area(g);
    if (!area) {
        sgpu_logf(g, "sgpu: context save: area 0x%llx (+%u bytes) is not 64-byte aligned RAM of at least %u bytes",
                  (unsigned long long)g->ctx_addr, g->ctx_size, SGPU_CTX_BYTES);
        return SGPU_PRES_BAD_CTX_ADDR;
    }
    const struct sgpu_func *f = &g->f;
    uint8_t img[SGPU_CTX_BYTES];
    memset(img, 0, sizeof(img));
    ctx_put32(img, 0x00, CTX_MAGIC);
    ctx_put32(img, 0x04, CTX_VERSION);
    ctx_put32(img, 0x08, SGPU_CTX_BYTES);
    ctx_put32(img, 0x10, f->state);
    ctx_put32(img, 0x14, f->cmd_valid);
    ctx_put64(img, 0x18, f->ring_base);
    ctx_put32(img, 0x20, f->ring_size);
    ctx_put32(img, 0x24, f->head);
    ctx_put32(img, 0x28, f->tail);
    ctx_put32(img, 0x2C, f->control);
    ctx_put64(img, 0x30, f->mmu_root);
    ctx_put32(img, 0x38, f->mmu_control);
    ctx_put32(img, 0x3C, f->irq_raw);
    ctx_put32(img, 0x40, f->irq_mask);
    ctx_put32(img, 0x44, f->irq_sent);
    ctx_put64(img, 0x48, f->fence);
    ctx_put32(img, 0x50, f->fault_status);
    ctx_put32(img, 0x54, f->fault_head);
    ctx_put64(img, 0x58, f->fault_addr);
    ctx_put64(img, 0x60, f->fault_ipa);
    ctx_put64(img, 0x68, f->progress);
    ctx_put32(img, 0x70, f->cmd_valid ? f->cmd.len : 0);
    for (unsigned i = 0; f->cmd_valid && i < SGPU_CMD_MAX_DWORDS; i++)
        ctx_put32(img, 0x80 + 4 * i, f->cmd.w[i]);
    ctx_put32(img, 0x0C, ctx_crc32(img, sizeof(img)));
    memcpy(area, img, sizeof(img));
    g->ctx_bytes = SGPU_CTX_BYTES;
    return SGPU_PRES_OK;
}

static bool ctx_pow2_ring(uint32_t size)
{
    return size >= 4096 && size <= (1u << 20) && (size & (size - 1)) == 0;
}

/* Everything a restore accepts must be a state the engine could have
 * reached itself. */
static bool ctx_valid(const uint8_t *img, struct sgpu_func *f, const char **why)
{
    uint8_t copy[SGPU_CTX_BYTES];
    memcpy(copy, img, sizeof(copy));
    ctx_put32(copy, 0x0C, 0);
    if (ctx_get32(img, 0x00) != CTX_MAGIC || ctx_get32(img, 0x04) != CTX_VERSION ||
        ctx_get32(img, 0x08) != SGPU_CTX_BYTES)
        return *why = "bad magic, version or size", false;
    if (ctx_get32(img, 0x0C) != ctx_crc32(copy, sizeof(copy)))
        return *why = "CRC mismatch", false;
    memset(f, 0, sizeof(*f));
    f->state = ctx_get32(img, 0x10);
    f->cmd_valid = ctx_get32(img, 0x14);
    f->ring_base = ctx_get64(img, 0x18);
    f->ring_size = ctx_get32(img, 0x20);
    f->head = ctx_get32(img, 0x24);
    f->tail = ctx_get32(img, 0x28);
    f->control = ctx_get32(img, 0x2C);
    f->mmu_root = ctx_get64(img, 0x30);
    f->mmu_control = ctx_get32(img, 0x38);
    f->irq_raw = ctx_get32(img, 0x3C);
    f->irq_mask = ctx_get32(img, 0x40);
    f->irq_sent = ctx_get32(img, 0x44);
    f->fence = ctx_get64(img, 0x48);
    f->fault_status = ctx_get32(img, 0x50);
    f->fault_head = ctx_get32(img, 0x54);
    f->fault_addr = ctx_get64(img, 0x58);
    f->fault_ipa = ctx_get64(img, 0x60);
    f->progress = ctx_get64(img, 0x68);
    uint32_t len = ctx_get32(img, 0x70);
    if (f->state != SGPU_ENGINE_IDLE && f->state != SGPU_ENGINE_RUNNING &&
        f->state != SGPU_ENGINE_FAULTED && f->state != SGPU_ENGINE_HUNG)
        return *why = "bad engine state", false;
    if (f->ring_size && (!ctx_pow2_ring(f->ring_size) || f->ring_base % 4096 ||
                         f->head >= f->ring_size || f->tail >= f->ring_size || f->head % 4 ||
                         f->tail % 4))
        return *why = "bad ring", false;
    if (f->cmd_valid > 1 || (f->cmd_valid && (!f->ring_size || f->state != SGPU_ENGINE_RUNNING)))
        return *why = "command in progress without a running ring", false;
    if ((f->irq_raw | f->irq_mask | f->irq_sent) & ~SGPU_IRQ_ALL)
        return *why = "bad interrupt bits", false;
    if (f->cmd_valid) {
        uint32_t w[SGPU_CMD_MAX_DWORDS];
        for (unsigned i = 0; i < SGPU_CMD_MAX_DWORDS; i++)
            w[i] = ctx_get32(img, 0x80 + 4 * i);
        if (sgpu_cmd_decode(w, len, &f->cmd) || f->cmd.len != len)
            return *why = "bad command in progress", false;
        uint64_t ns = (uint64_t)f->cmd.w[1] | (uint64_t)f->cmd.w[2] << 32;
        if (f->cmd.op == SGPU_OP_BUSY && ns != UINT64_MAX && f->progress > ns)
            return *why = "BUSY progress past its end", false;
    }
    return true;
}

uint32_t sgpu_ctx_restore(struct sgpu *g)
{
    uint8_t *area = ctx_area(g);
    if (!area) {
        sgpu_logf(g, "sgpu: context restore: area 0x%llx (+%u bytes) is not 64-byte aligned RAM of at least %u bytes",
                  (unsigned long long)g->ctx_addr, g->ctx_size, SGPU_CTX_BYTES);
        return SGPU_PRES_BAD_CTX_ADDR;
    }
    struct sgpu_func f;
    const char *why = NULL;
    if (!ctx_valid(area, &f, &why)) {
        sgpu_logf(g, "sgpu: context restore from 0x%llx refused: %s",
                  (unsigned long long)g->ctx_addr, why);
        return SGPU_PRES_BAD_CTX_IMAGE;
    }
    sgpu_engine_drop(g);
    g->f = f;
    sgpu_mmu_flush(g);
    return SGPU_PRES_OK;
}
