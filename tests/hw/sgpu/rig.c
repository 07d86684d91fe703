/* SGPU test rig (see rig.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rig.h"

static void rig_irq(void *ctx, unsigned vector)
{
    struct rig *r = ctx;
    if (vector < 2)
        r->irqs[vector]++;
}

static void rig_log(void *ctx, const char *msg)
{
    struct rig *r = ctx;
    if (!r->quiet)
        printf("  [model] %s\n", msg);
}

/* VA page i of the window maps to IPA page scramble(i): swapping pairs of
 * pages keeps the map a bijection. */
static uint64_t rig_scramble(uint64_t page, bool on)
{
    return on ? page ^ 1 : page;
}

void rig_init(struct rig *r, enum sgpu_executor_kind ex, bool scramble)
{
    memset(r, 0, sizeof(*r));
    r->quiet = true;
    /* PA layout: [0, 16M) hypervisor (save areas, stage-2 tables at its
     * top), then one 16 MiB slice per domain. */
    pt_machine_init(&r->pm, RIG_RAM_PA, RIG_DOM_BYTES * (RIG_DOMS + 1), 0);
    r->pm.next_free = RIG_RAM_PA + RIG_DOM_BYTES - (4 << 20);
    for (int d = 0; d < RIG_DOMS; d++) {
        struct rig_dom *dm = &r->dom[d];
        dm->pa_base = RIG_RAM_PA + RIG_DOM_BYTES * (uint64_t)(d + 1);
        dm->ctx_pa = RIG_RAM_PA + 0x1000 * (uint64_t)(d + 1);
        dm->s2_root = pt_alloc_page(&r->pm);
        pt_map(&r->pm, dm->s2_root, RIG_IPA_BASE, dm->pa_base, RIG_DOM_BYTES, PT_S2_RW, 0);
    }
    uint64_t hv_pool = r->pm.next_free;
    for (int d = 0; d < RIG_DOMS; d++) {
        struct rig_dom *dm = &r->dom[d];
        uint64_t delta = dm->pa_base - RIG_IPA_BASE;
        /* Stage-1 tables live in the top 2 MiB of the domain's own RAM. */
        r->pm.next_free = dm->pa_base + RIG_DOM_BYTES - (2 << 20);
        uint64_t root_pa = pt_alloc_page(&r->pm);
        dm->s1_root = root_pa - delta;
        for (uint64_t p = 0; p < RIG_VA_BYTES / 4096; p++)
            pt_map(&r->pm, root_pa, RIG_VA_BASE + p * 4096,
                   RIG_IPA_BASE + rig_scramble(p, scramble) * 4096, 4096, 0, delta);
        dm->heap = RIG_VA_BASE + RIG_RING_SIZE;
    }
    r->pm.next_free = hv_pool;
    struct sgpu_config cfg = {
        .mem = r->pm.mem, .raise_irq = rig_irq, .irq_ctx = r, .executor = ex,
        .log = rig_log, .log_ctx = r,
    };
    char err[256];
    r->g = sgpu_create(&cfg, err, sizeof(err));
    if (!r->g) {
        printf("FAIL rig: %s\n", err);
        exit(1);
    }
    r->cur = -1;
}

void rig_free(struct rig *r)
{
    sgpu_destroy(r->g);
    pt_machine_free(&r->pm);
}

uint32_t rig_r32(struct rig *r, unsigned page, uint32_t off)
{
    uint64_t v;
    sgpu_reg_read(r->g, page, off, 4, &v);
    return (uint32_t)v;
}

uint64_t rig_r64(struct rig *r, unsigned page, uint32_t off)
{
    uint64_t v;
    sgpu_reg_read(r->g, page, off, 8, &v);
    return v;
}

void rig_w32(struct rig *r, unsigned page, uint32_t off, uint32_t v)
{
    sgpu_reg_write(r->g, page, off, 4, v);
}

void rig_w64(struct rig *r, unsigned page, uint32_t off, uint64_t v)
{
    sgpu_reg_write(r->g, page, off, 8, v);
}

void rig_doorbell(struct rig *r)
{
    sgpu_doorbell(r->g, r->now);
}

unsigned rig_run(struct rig *r, unsigned limit)
{
    unsigned n = 0;
    uint64_t next = sgpu_advance(r->g, r->now);
    while (next != HW_MODEL_IDLE && n < limit) {
        if (next > r->now)
            r->now = next;
        next = sgpu_advance(r->g, r->now);
        n++;
    }
    return n;
}

void rig_run_until(struct rig *r, uint64_t t)
{
    uint64_t next = sgpu_advance(r->g, r->now);
    while (next != HW_MODEL_IDLE && next < t) {
        if (next > r->now)
            r->now = next;
        next = sgpu_advance(r->g, r->now);
    }
    r->now = t;
    sgpu_advance(r->g, r->now);
}

void rig_start_dom(struct rig *r, int d)
{
    struct rig_dom *dm = &r->dom[d];
    rig_w64(r, SGPU_PAGE_PRIV, SGPU_P_S2_ROOT, dm->s2_root);
    rig_w32(r, SGPU_PAGE_PRIV, SGPU_P_S2_VMID, (uint32_t)d + 1);
    rig_w32(r, SGPU_PAGE_PRIV, SGPU_P_S2_CONTROL, 1);
    rig_w64(r, SGPU_PAGE_PRIV, SGPU_P_CTX_ADDR, dm->ctx_pa);
    rig_w32(r, SGPU_PAGE_PRIV, SGPU_P_CTX_SIZE, 4096);
    rig_w32(r, SGPU_PAGE_PRIV, SGPU_P_PIRQ_MASK, SGPU_PIRQ_ALL);
    rig_w32(r, SGPU_PAGE_PRIV, SGPU_P_PCMD, SGPU_PCMD_RESET);
    rig_doorbell(r);
    rig_w64(r, SGPU_PAGE_FUNC, SGPU_F_RING_BASE, RIG_VA_BASE);
    rig_w32(r, SGPU_PAGE_FUNC, SGPU_F_RING_SIZE, RIG_RING_SIZE);
    rig_w64(r, SGPU_PAGE_FUNC, SGPU_F_MMU_ROOT, dm->s1_root);
    rig_w32(r, SGPU_PAGE_FUNC, SGPU_F_MMU_CONTROL, SGPU_MMU_ENABLE);
    rig_w32(r, SGPU_PAGE_FUNC, SGPU_F_IRQ_MASK, SGPU_IRQ_ALL);
    rig_w32(r, SGPU_PAGE_FUNC, SGPU_F_CONTROL, SGPU_CONTROL_RING_ENABLE);
    rig_doorbell(r);
    dm->tail = 0;
    r->cur = d;
}

void rig_emit(struct rig *r, int d, const uint32_t *w, unsigned n)
{
    struct rig_dom *dm = &r->dom[d];
    for (unsigned i = 0; i < n; i++) {
        uint8_t b[4] = { (uint8_t)w[i], (uint8_t)(w[i] >> 8), (uint8_t)(w[i] >> 16), (uint8_t)(w[i] >> 24) };
        rig_write(r, d, RIG_VA_BASE + dm->tail, b, 4);
        dm->tail = (dm->tail + 4) % RIG_RING_SIZE;
    }
}

void rig_submit(struct rig *r)
{
    rig_w32(r, SGPU_PAGE_FUNC, SGPU_F_RING_TAIL, r->dom[r->cur].tail);
    rig_doorbell(r);
}

uint64_t rig_alloc(struct rig *r, int d, uint64_t len)
{
    uint64_t va = r->dom[d].heap;
    r->dom[d].heap += (len + 4095) & ~4095ull;
    if (r->dom[d].heap > RIG_VA_BASE + RIG_VA_BYTES) {
        printf("FAIL rig: device heap of domain %d exhausted\n", d);
        exit(1);
    }
    return va;
}

uint64_t rig_va_to_pa(struct rig *r, int d, uint64_t va)
{
    struct hw_xlate_cfg c = { .s1_enable = true, .s1_root = r->dom[d].s1_root,
                              .s2_enable = true, .s2_root = r->dom[d].s2_root };
    struct hw_xlate_result x = hw_xlate(&r->pm.mem, &c, va, false);
    if (x.fault != HW_XLATE_OK) {
        printf("FAIL rig: VA 0x%llx of domain %d does not translate\n", (unsigned long long)va, d);
        exit(1);
    }
    return x.pa;
}

static void rig_copy(struct rig *r, int d, uint64_t va, uint8_t *p, uint64_t len, bool to_dev)
{
    while (len) {
        uint64_t n = 4096 - va % 4096;
        if (n > len)
            n = len;
        uint8_t *m = hw_mem_ptr(&r->pm.mem, rig_va_to_pa(r, d, va), n);
        if (to_dev)
            memcpy(m, p, n);
        else
            memcpy(p, m, n);
        va += n;
        p += n;
        len -= n;
    }
}

void rig_write(struct rig *r, int d, uint64_t va, const void *src, uint64_t len)
{
    rig_copy(r, d, va, (uint8_t *)src, len, true);
}

void rig_read(struct rig *r, int d, uint64_t va, void *dst, uint64_t len)
{
    rig_copy(r, d, va, dst, len, false);
}

unsigned rig_cmd_fence(uint32_t *w, uint64_t value, bool irq)
{
    w[0] = SGPU_CMD_HDR(SGPU_OP_FENCE, irq ? SGPU_FENCE_FLAG_IRQ : 0, 3);
    w[1] = (uint32_t)value;
    w[2] = (uint32_t)(value >> 32);
    return 3;
}

unsigned rig_cmd_copy(uint32_t *w, uint64_t src, uint64_t dst, uint64_t len)
{
    w[0] = SGPU_CMD_HDR(SGPU_OP_COPY, 0, 7);
    w[1] = (uint32_t)src; w[2] = (uint32_t)(src >> 32);
    w[3] = (uint32_t)dst; w[4] = (uint32_t)(dst >> 32);
    w[5] = (uint32_t)len; w[6] = (uint32_t)(len >> 32);
    return 7;
}

unsigned rig_cmd_fill(uint32_t *w, uint64_t dst, uint64_t len, uint32_t pattern)
{
    w[0] = SGPU_CMD_HDR(SGPU_OP_FILL, 0, 6);
    w[1] = (uint32_t)dst; w[2] = (uint32_t)(dst >> 32);
    w[3] = (uint32_t)len; w[4] = (uint32_t)(len >> 32);
    w[5] = pattern;
    return 6;
}

unsigned rig_cmd_dispatch(uint32_t *w, uint32_t kernel, const uint32_t grid[3], const uint32_t wg[3],
                          uint64_t args, uint32_t args_len)
{
    w[0] = SGPU_CMD_HDR(SGPU_OP_DISPATCH, 0, 11);
    w[1] = kernel;
    for (int i = 0; i < 3; i++) {
        w[2 + i] = grid[i];
        w[5 + i] = wg[i];
    }
    w[8] = (uint32_t)args; w[9] = (uint32_t)(args >> 32);
    w[10] = args_len;
    return 11;
}

unsigned rig_cmd_busy(uint32_t *w, uint64_t ns, bool nopreempt)
{
    w[0] = SGPU_CMD_HDR(SGPU_OP_BUSY, nopreempt ? SGPU_BUSY_FLAG_NOPREEMPT : 0, 3);
    w[1] = (uint32_t)ns;
    w[2] = (uint32_t)(ns >> 32);
    return 3;
}

unsigned rig_cmd_timestamp(uint32_t *w, uint64_t va)
{
    w[0] = SGPU_CMD_HDR(SGPU_OP_TIMESTAMP, 0, 3);
    w[1] = (uint32_t)va;
    w[2] = (uint32_t)(va >> 32);
    return 3;
}

bool rig_preempt(struct rig *r, unsigned limit)
{
    rig_w64(r, SGPU_PAGE_PRIV, SGPU_P_CTX_ADDR, r->dom[r->cur].ctx_pa);
    rig_w32(r, SGPU_PAGE_PRIV, SGPU_P_CTX_SIZE, 4096);
    rig_w32(r, SGPU_PAGE_PRIV, SGPU_P_PCMD, SGPU_PCMD_PREEMPT);
    rig_doorbell(r);
    for (unsigned i = 0; i < limit; i++) {
        if (rig_r32(r, SGPU_PAGE_PRIV, SGPU_P_ENGINE_STATE) == SGPU_ENGINE_PREEMPTED)
            return true;
        uint64_t next = sgpu_advance(r->g, r->now);
        if (next == HW_MODEL_IDLE)
            break;
        if (next > r->now)
            r->now = next;
        sgpu_advance(r->g, r->now);
    }
    return rig_r32(r, SGPU_PAGE_PRIV, SGPU_P_ENGINE_STATE) == SGPU_ENGINE_PREEMPTED;
}

uint32_t rig_resume(struct rig *r, int d)
{
    struct rig_dom *dm = &r->dom[d];
    rig_w64(r, SGPU_PAGE_PRIV, SGPU_P_S2_ROOT, dm->s2_root);
    rig_w32(r, SGPU_PAGE_PRIV, SGPU_P_S2_VMID, (uint32_t)d + 1);
    rig_w32(r, SGPU_PAGE_PRIV, SGPU_P_S2_CONTROL, 1);
    rig_w64(r, SGPU_PAGE_PRIV, SGPU_P_CTX_ADDR, dm->ctx_pa);
    rig_w32(r, SGPU_PAGE_PRIV, SGPU_P_CTX_SIZE, 4096);
    rig_w32(r, SGPU_PAGE_PRIV, SGPU_P_PCMD, SGPU_PCMD_RESUME);
    rig_doorbell(r);
    r->cur = d;
    return rig_r32(r, SGPU_PAGE_PRIV, SGPU_P_PCMD_RESULT);
}
