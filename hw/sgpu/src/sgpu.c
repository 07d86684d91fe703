/* SGPU model: creation, the register file in the BAR2 pages, doorbell
 * latching, interrupts, and the hw_model_ops face used by the ivshmem
 * process. Register stores only land in the pages; sgpu_doorbell decides
 * what they mean (docs/hw/sgpu.md sections 3 and 4). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sgpu_internal.h"

#define P0(g) ((g)->regs + SGPU_PAGE_FUNC * HW_PAGE_SIZE)
#define P1(g) ((g)->regs + SGPU_PAGE_PRIV * HW_PAGE_SIZE)

void sgpu_logf(struct sgpu *g, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (g->log)
        g->log(g->log_ctx, buf);
    else
        fprintf(stderr, "%s\n", buf);
}

/* Writes the driver-owned registers: only at reset and resume, when the
 * driver expects them to change under it. */
static void sgpu_publish_rw(struct sgpu *g)
{
    uint8_t *p = P0(g);
    hw_reg_store64(p, SGPU_F_RING_BASE, g->f.ring_base);
    hw_reg_store32(p, SGPU_F_RING_SIZE, g->f.ring_size);
    hw_reg_store32(p, SGPU_F_RING_TAIL, g->f.tail);
    hw_reg_store32(p, SGPU_F_CONTROL, g->f.control);
    hw_reg_store64(p, SGPU_F_MMU_ROOT, g->f.mmu_root);
    hw_reg_store32(p, SGPU_F_MMU_CONTROL, g->f.mmu_control);
    hw_reg_store32(p, SGPU_F_IRQ_MASK, g->f.irq_mask);
    hw_reg_store32(p, SGPU_F_MMU_INVALIDATE, 0);
    hw_reg_store32(p, SGPU_F_IRQ_CLEAR, 0);
    hw_reg_store32(p, SGPU_F_RESET, 0);
}

void sgpu_func_reset(struct sgpu *g)
{
    sgpu_engine_drop(g);
    memset(&g->f, 0, sizeof(g->f));
    g->f.state = SGPU_ENGINE_IDLE;
    sgpu_mmu_flush(g);
    sgpu_publish_rw(g);
}

static uint32_t sgpu_engine_state(const struct sgpu *g)
{
    if (g->preempted)
        return SGPU_ENGINE_PREEMPTED;
    if (g->preempt_pending)
        return SGPU_ENGINE_PREEMPTING;
    return g->f.state;
}

static void sgpu_signal(struct sgpu *g)
{
    uint32_t fpend = g->f.irq_raw & g->f.irq_mask & ~g->f.irq_sent;
    uint32_t ppend = g->pirq_raw & g->pirq_mask & ~g->pirq_sent;
    g->f.irq_sent |= fpend;
    g->pirq_sent |= ppend;
    /* A preempted function's interrupts belong to a context that is not on
     * the engine; they were signalled when raised. */
    if (fpend && !g->preempted && g->raise_irq)
        g->raise_irq(g->irq_ctx, SGPU_VEC_FUNC);
    if (ppend && g->raise_irq)
        g->raise_irq(g->irq_ctx, SGPU_VEC_PRIV);
}

static void sgpu_publish_regs(struct sgpu *g)
{
    uint8_t *p = P0(g), *q = P1(g);
    const struct sgpu_func *f = &g->f;
    hw_reg_store32(p, SGPU_F_ID, SGPU_ID_VALUE);
    hw_reg_store32(p, SGPU_F_VERSION, SGPU_VERSION_VALUE);
    hw_reg_store32(p, SGPU_F_CAPS, (SGPU_K_COUNT - 1) | SGPU_CAPS_MMU |
                   (g->exec_kind == SGPU_EXEC_OPENCL ? SGPU_CAPS_OPENCL : 0) |
                   SGPU_TLB_ENTRIES << SGPU_CAPS_TLB_SHIFT);
    hw_reg_store32(p, SGPU_F_KERNELS, ((1u << SGPU_K_COUNT) - 1) & ~1u);
    /* What an interrupt reports before the status bits that announce it: a
     * driver that sees a bit, even while polling, then reads current data. */
    hw_reg_store32(p, SGPU_F_RING_HEAD, f->head);
    hw_reg_store64(p, SGPU_F_FENCE, f->fence);
    hw_reg_store32(p, SGPU_F_FAULT_STATUS, f->fault_status);
    hw_reg_store32(p, SGPU_F_FAULT_HEAD, f->fault_head);
    hw_reg_store64(p, SGPU_F_FAULT_ADDR, f->fault_addr);
    hw_reg_store64(p, SGPU_F_FAULT_IPA, f->fault_ipa);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    hw_reg_store32(p, SGPU_F_IRQ_RAWSTAT, f->irq_raw);
    hw_reg_store32(p, SGPU_F_IRQ_STATUS, f->irq_raw & f->irq_mask);
    uint32_t st = 0;
    if (f->cmd_valid || (f->state == SGPU_ENGINE_RUNNING))
        st |= SGPU_STATUS_BUSY;
    if (f->state == SGPU_ENGINE_FAULTED || f->state == SGPU_ENGINE_HUNG)
        st |= SGPU_STATUS_FAULTED;
    hw_reg_store32(p, SGPU_F_STATUS, st);
    hw_reg_store64(p, SGPU_F_TIME, g->last_seen_ns);

    hw_reg_store32(q, SGPU_P_CTX_SIZE_REQ, SGPU_CTX_BYTES);
    hw_reg_store32(q, SGPU_P_PCMD_RESULT, g->pcmd_result);
    hw_reg_store32(q, SGPU_P_ENGINE_STATE, sgpu_engine_state(g));
    hw_reg_store32(q, SGPU_P_PIRQ_RAWSTAT, g->pirq_raw);
    hw_reg_store32(q, SGPU_P_PIRQ_STATUS, g->pirq_raw & g->pirq_mask);
    hw_reg_store32(q, SGPU_P_EXECUTOR, g->exec_kind);
    hw_reg_store64(q, SGPU_P_BUSY_NS, g->busy_ns);
    hw_reg_store64(q, SGPU_P_JOBS, g->jobs);
    hw_reg_store64(q, SGPU_P_WORKGROUPS, g->wgs);
    hw_reg_store64(q, SGPU_P_TLB_HITS, g->tlb_hits);
    hw_reg_store64(q, SGPU_P_TLB_MISSES, g->tlb_misses);
    hw_reg_store64(q, SGPU_P_PREEMPT_NS, g->preempt_ns);
    hw_reg_store32(q, SGPU_P_CTX_BYTES, g->ctx_bytes);
}

void sgpu_publish(struct sgpu *g)
{
    sgpu_publish_regs(g);
    sgpu_signal(g);
}

static bool sgpu_ring_cfg_ok(uint64_t base, uint32_t size)
{
    return size >= 4096 && size <= (1u << 20) && (size & (size - 1)) == 0 && base % 4096 == 0;
}

/* Function page: docs/hw/sgpu.md section 3, "When a doorbell takes effect".
 * Applies page 0; returns whether it performed a RESET (whose register is
 * cleared only once the reset is visible, see sgpu_doorbell). */
static bool sgpu_latch_func(struct sgpu *g)
{
    uint8_t *p = P0(g);
    struct sgpu_func *f = &g->f;
    if (g->preempted)
        return false; /* the function's state is in its save area, not here */
    if (hw_reg_load32(p, SGPU_F_RESET) & 1) {
        sgpu_func_reset(g);
        return true;
    }
    uint32_t clr = hw_reg_take32(p, SGPU_F_IRQ_CLEAR);
    f->irq_raw &= ~clr;
    f->irq_sent &= ~clr;
    if (hw_reg_take32(p, SGPU_F_MMU_INVALIDATE) & 1)
        sgpu_mmu_flush(g);
    f->irq_mask = hw_reg_load32(p, SGPU_F_IRQ_MASK) & SGPU_IRQ_ALL;
    if (f->state == SGPU_ENGINE_FAULTED || f->state == SGPU_ENGINE_HUNG)
        return false; /* only RESET leaves a fault */
    f->control = hw_reg_load32(p, SGPU_F_CONTROL);
    bool busy = f->cmd_valid || f->head != f->tail;
    if (!busy) {
        uint64_t base = hw_reg_load64(p, SGPU_F_RING_BASE);
        uint32_t size = hw_reg_load32(p, SGPU_F_RING_SIZE);
        if (base != f->ring_base || size != f->ring_size) {
            f->ring_base = base;
            f->ring_size = size;
            f->head = f->tail = 0;
        }
        uint64_t root = hw_reg_load64(p, SGPU_F_MMU_ROOT);
        uint32_t mctl = hw_reg_load32(p, SGPU_F_MMU_CONTROL);
        if (root != f->mmu_root || mctl != f->mmu_control) {
            f->mmu_root = root;
            f->mmu_control = mctl;
            sgpu_mmu_flush(g);
        }
    }
    uint32_t tail = hw_reg_load32(p, SGPU_F_RING_TAIL);
    if (!(f->control & SGPU_CONTROL_RING_ENABLE) && tail == f->tail)
        return false;
    if (!sgpu_ring_cfg_ok(f->ring_base, f->ring_size)) {
        sgpu_engine_cmd_fault(g, SGPU_FAULT_BAD_RING, f->ring_base);
        return false;
    }
    if (tail % 4 || tail >= f->ring_size) {
        sgpu_engine_cmd_fault(g, SGPU_FAULT_BAD_RING, tail);
        return false;
    }
    f->tail = tail;
    return false;
}

static void sgpu_pcmd(struct sgpu *g, uint32_t cmd, uint64_t now)
{
    bool running = !g->preempted && g->f.state == SGPU_ENGINE_RUNNING;
    uint32_t r = SGPU_PRES_OK;
    switch (cmd) {
    case SGPU_PCMD_PREEMPT:
        if (g->preempted || g->preempt_pending) {
            r = g->preempt_pending ? SGPU_PRES_PENDING : SGPU_PRES_BAD_STATE;
            break;
        }
        if (g->ctx_addr % 64 || g->ctx_size < SGPU_CTX_BYTES ||
            !hw_mem_ptr(&g->mem, g->ctx_addr, SGPU_CTX_BYTES)) {
            r = SGPU_PRES_BAD_CTX_ADDR;
            break;
        }
        g->preempt_pending = true;
        g->preempt_req_ns = now;
        r = SGPU_PRES_PENDING;
        break;
    case SGPU_PCMD_RESUME: {
        if (running || g->preempt_pending) {
            r = SGPU_PRES_BAD_STATE;
            break;
        }
        r = sgpu_ctx_restore(g);
        if (r != SGPU_PRES_OK)
            break;
        g->preempted = false;
        sgpu_publish_rw(g);
        /* Reading the image back costs what writing it did. */
        g->now = (g->now > now ? g->now : now) + SGPU_CTX_BYTES / SGPU_T_CTX_BPNS;
        break;
    }
    case SGPU_PCMD_RESET:
        g->preempt_pending = false;
        g->preempted = false;
        g->stall = 0;
        hw_reg_store32(P1(g), SGPU_P_DEBUG_STALL, 0);
        sgpu_func_reset(g);
        if (g->now < now)
            g->now = now;
        break;
    default:
        sgpu_logf(g, "sgpu: unknown privileged command %u ignored", cmd);
        r = SGPU_PRES_UNKNOWN_CMD;
        break;
    }
    g->pcmd_result = r;
    if (r != SGPU_PRES_OK && r != SGPU_PRES_PENDING)
        sgpu_raise_priv(g, SGPU_PIRQ_PCMD_ERR);
}

/* Applies page 1; returns the PCMD it performed (cleared later), or 0. */
static uint32_t sgpu_latch_priv(struct sgpu *g, uint64_t now)
{
    uint8_t *q = P1(g);
    uint32_t clr = hw_reg_take32(q, SGPU_P_PIRQ_CLEAR);
    g->pirq_raw &= ~clr;
    g->pirq_sent &= ~clr;
    g->pirq_mask = hw_reg_load32(q, SGPU_P_PIRQ_MASK) & SGPU_PIRQ_ALL;
    g->watchdog_ns = hw_reg_load64(q, SGPU_P_WATCHDOG_NS);
    g->stall = hw_reg_load32(q, SGPU_P_DEBUG_STALL);
    g->ctx_addr = hw_reg_load64(q, SGPU_P_CTX_ADDR);
    g->ctx_size = hw_reg_load32(q, SGPU_P_CTX_SIZE);
    /* The IOMMU context may only change while no command runs. */
    bool running = !g->preempted && (g->f.state == SGPU_ENGINE_RUNNING || g->preempt_pending);
    if (!running) {
        uint64_t root = hw_reg_load64(q, SGPU_P_S2_ROOT);
        uint32_t vmid = hw_reg_load32(q, SGPU_P_S2_VMID) & 0xffff;
        uint32_t ctl = hw_reg_load32(q, SGPU_P_S2_CONTROL) & 1;
        if (root != g->s2_root || vmid != g->s2_vmid || ctl != g->s2_control) {
            g->s2_root = root;
            g->s2_vmid = vmid;
            g->s2_control = ctl;
            sgpu_mmu_flush(g);
        }
    }
    uint32_t cmd = hw_reg_load32(q, SGPU_P_PCMD);
    if (cmd)
        sgpu_pcmd(g, cmd, now);
    return cmd;
}

static uint64_t sgpu_clock(struct sgpu *g, uint64_t now)
{
    if (now < g->last_seen_ns)
        now = g->last_seen_ns; /* time never runs backwards */
    g->last_seen_ns = now;
    return now;
}

uint64_t sgpu_advance(struct sgpu *g, uint64_t now_ns)
{
    uint64_t now = sgpu_clock(g, now_ns);
    uint64_t next = sgpu_engine_run(g, now);
    sgpu_publish(g);
    return next;
}

void sgpu_doorbell(struct sgpu *g, uint64_t now_ns)
{
    uint64_t now = sgpu_clock(g, now_ns);
    sgpu_engine_run(g, now);
    /* Page 0 first: one doorbell may carry several stores (eventfd counts
     * add up), and a privileged command that follows a guest's submission
     * (PREEMPT after RING_TAIL) must see it, or the save would lose it. */
    bool reset = sgpu_latch_func(g);
    uint32_t pcmd = sgpu_latch_priv(g, now);
    sgpu_engine_run(g, now);
    sgpu_publish_regs(g);
    /* The triggers read back non-zero until their effects are visible: a
     * driver that waits for 0 cannot have its next stores overwritten by
     * the registers a RESUME or RESET rewrites. The interrupt that says so
     * goes out after the clear. */
    __atomic_thread_fence(__ATOMIC_RELEASE);
    if (reset)
        hw_reg_store32(P0(g), SGPU_F_RESET, 0);
    if (pcmd)
        hw_reg_store32(P1(g), SGPU_P_PCMD, 0);
    if (pcmd == SGPU_PCMD_RESUME || pcmd == SGPU_PCMD_RESET) {
        sgpu_raise_priv(g, SGPU_PIRQ_PCMD_DONE);
        hw_reg_store32(P1(g), SGPU_P_PIRQ_RAWSTAT, g->pirq_raw);
        hw_reg_store32(P1(g), SGPU_P_PIRQ_STATUS, g->pirq_raw & g->pirq_mask);
    }
    sgpu_signal(g);
}

static bool sgpu_reg_ok(struct sgpu *g, unsigned page, uint32_t off, unsigned width, const char *what)
{
    if (page < SGPU_NUM_PAGES && (width == 4 || width == 8) && off % width == 0 &&
        off + width <= HW_PAGE_SIZE)
        return true;
    sgpu_logf(g, "sgpu: bad register %s: page %u offset 0x%x width %u", what, page, off, width);
    return false;
}

int sgpu_reg_write(struct sgpu *g, unsigned page, uint32_t off, unsigned width, uint64_t v)
{
    if (!sgpu_reg_ok(g, page, off, width, "write"))
        return -1;
    uint8_t *p = g->regs + page * HW_PAGE_SIZE;
    if (width == 8)
        hw_reg_store64(p, off, v);
    else
        hw_reg_store32(p, off, (uint32_t)v);
    return 0;
}

int sgpu_reg_read(struct sgpu *g, unsigned page, uint32_t off, unsigned width, uint64_t *v)
{
    *v = 0;
    if (!sgpu_reg_ok(g, page, off, width, "read"))
        return -1;
    uint8_t *p = g->regs + page * HW_PAGE_SIZE;
    *v = width == 8 ? hw_reg_load64(p, off) : hw_reg_load32(p, off);
    return 0;
}

void sgpu_reset(struct sgpu *g, uint64_t now_ns)
{
    memset(g->regs, 0, SGPU_NUM_PAGES * HW_PAGE_SIZE);
    g->preempt_pending = g->preempted = false;
    g->s2_root = g->ctx_addr = g->watchdog_ns = 0;
    g->s2_vmid = g->s2_control = g->ctx_size = g->stall = 0;
    g->pirq_raw = g->pirq_mask = g->pirq_sent = g->pcmd_result = 0;
    g->busy_ns = g->jobs = g->wgs = g->tlb_hits = g->tlb_misses = g->preempt_ns = 0;
    g->ctx_bytes = 0;
    g->now = g->last_seen_ns = now_ns;
    sgpu_func_reset(g);
    sgpu_publish(g);
}

struct sgpu *sgpu_create(const struct sgpu_config *cfg, char *err, size_t errlen)
{
    if (!cfg || !cfg->mem.base || !cfg->mem.size) {
        snprintf(err, errlen, "sgpu: no machine memory given (base and size must be set)");
        return NULL;
    }
    if (cfg->executor != SGPU_EXEC_BUILTIN && cfg->executor != SGPU_EXEC_OPENCL) {
        snprintf(err, errlen, "sgpu: unknown executor %d (0 built-in, 1 OpenCL)", (int)cfg->executor);
        return NULL;
    }
    struct sgpu *g = calloc(1, sizeof(*g));
    if (!g) {
        snprintf(err, errlen, "sgpu: out of memory");
        return NULL;
    }
    g->mem = cfg->mem;
    g->raise_irq = cfg->raise_irq;
    g->irq_ctx = cfg->irq_ctx;
    g->log = cfg->log;
    g->log_ctx = cfg->log_ctx;
    g->clock = cfg->clock;
    g->clock_ctx = cfg->clock_ctx;
    g->regs = cfg->regs;
    if (!g->regs) {
        g->regs = calloc(SGPU_NUM_PAGES, HW_PAGE_SIZE);
        g->own_regs = true;
    }
    if (cfg->executor == SGPU_EXEC_OPENCL) {
        char why[256];
        g->exec = sgpu_opencl_create(why, sizeof(why));
        if (g->exec)
            g->exec_kind = SGPU_EXEC_OPENCL;
        else
            sgpu_logf(g, "sgpu: OpenCL executor unavailable (%s); using the built-in executor", why);
    }
    if (!g->exec) {
        g->exec = sgpu_builtin_create();
        g->exec_kind = SGPU_EXEC_BUILTIN;
    }
    if (!g->regs || !g->exec) {
        snprintf(err, errlen, "sgpu: out of memory");
        sgpu_destroy(g);
        return NULL;
    }
    sgpu_reset(g, cfg->now_ns);
    return g;
}

void sgpu_destroy(struct sgpu *g)
{
    if (!g)
        return;
    if (g->exec) {
        sgpu_engine_drop(g);
        g->exec->ops->destroy(g->exec);
    }
    if (g->own_regs)
        free(g->regs);
    free(g);
}

enum sgpu_executor_kind sgpu_executor(const struct sgpu *g)
{
    return g->exec_kind;
}

uint8_t *sgpu_regs(struct sgpu *g)
{
    return g->regs;
}
