/* The SGPU engine: fetches commands from the ring and runs them as "units"
 * (one per work-group of a DISPATCH, per 64 KiB chunk of a COPY or FILL,
 * one for other commands) on the model's clock. A unit's effects land when
 * it completes; preemption and context saves happen only at unit boundaries,
 * except BUSY which can stop at any nanosecond. Every fault stops the
 * function with FAULT_* set; nothing here trusts the ring or memory. */
#include <stdlib.h>
#include <string.h>

#include "sgpu_internal.h"

#define ENGINE_MAX_BATCH 65536u  /* work-groups per executor call */

static uint64_t engine_u64(const uint32_t *w, unsigned i)
{
    return (uint64_t)w[i] | (uint64_t)w[i + 1] << 32;
}

static void engine_stop(struct sgpu *g, uint32_t status, uint64_t addr, uint64_t ipa, uint32_t state)
{
    g->f.fault_status = status | SGPU_FAULT_VALID;
    g->f.fault_addr = addr;
    g->f.fault_ipa = ipa;
    g->f.fault_head = g->f.head;
    g->f.state = state;
    g->f.cmd_valid = 0;
    g->f.progress = 0;
    sgpu_engine_drop(g);
    sgpu_raise_func(g, SGPU_IRQ_FAULT);
    sgpu_raise_priv(g, state == SGPU_ENGINE_HUNG ? SGPU_PIRQ_HUNG : SGPU_PIRQ_FAULT);
}

void sgpu_engine_fault(struct sgpu *g, const struct sgpu_xfault *xf)
{
    sgpu_logf(g, "sgpu: fault 0x%02x at va 0x%llx (ipa 0x%llx, level %u, %s), command at ring offset 0x%x",
              xf->code, (unsigned long long)xf->va, (unsigned long long)xf->ipa, xf->level,
              xf->write ? "write" : "read", g->f.head);
    engine_stop(g, xf->code | xf->level << SGPU_FAULT_LEVEL_SHIFT | (xf->write ? SGPU_FAULT_WRITE : 0),
                xf->va, xf->ipa, SGPU_ENGINE_FAULTED);
}

void sgpu_engine_cmd_fault(struct sgpu *g, uint32_t code, uint64_t addr)
{
    sgpu_logf(g, "sgpu: command fault 0x%02x (value 0x%llx), command at ring offset 0x%x", code,
              (unsigned long long)addr, g->f.head);
    engine_stop(g, code, addr, 0, SGPU_ENGINE_FAULTED);
}

static void engine_hang(struct sgpu *g)
{
    sgpu_logf(g, "sgpu: watchdog: a unit ran %llu ns without a boundary; engine hung at ring offset 0x%x",
              (unsigned long long)g->watchdog_ns, g->f.head);
    if (g->preempt_pending)
        g->pcmd_result = SGPU_PRES_BAD_STATE; /* that preemption will never complete */
    g->preempt_pending = false;
    engine_stop(g, SGPU_FAULT_HANG, 0, 0, SGPU_ENGINE_HUNG);
}

/* Reads the command at head: the header first, then as many dwords as it
 * claims (never past the tail). */
static bool engine_fetch(struct sgpu *g)
{
    struct sgpu_func *f = &g->f;
    uint32_t mask = f->ring_size - 1;
    uint32_t avail = ((f->tail - f->head) & mask) / 4;
    uint32_t w[SGPU_CMD_MAX_DWORDS];
    uint32_t want = avail < SGPU_CMD_MAX_DWORDS ? avail : SGPU_CMD_MAX_DWORDS;
    struct sgpu_xfault xf;
    for (uint32_t i = 0; i < want; i++) {
        uint8_t b[4];
        if (!sgpu_mmu_read(g, f->ring_base + ((f->head + 4 * i) & mask), b, 4, &xf)) {
            sgpu_engine_fault(g, &xf);
            return false;
        }
        w[i] = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
        if (i == 0 && (w[0] >> 16) < want && (w[0] >> 16) > 0)
            want = w[0] >> 16;
    }
    uint32_t code = sgpu_cmd_decode(w, avail, &f->cmd);
    if (code) {
        sgpu_engine_cmd_fault(g, code, f->ring_base + f->head);
        return false;
    }
    sgpu_engine_drop(g);
    f->cmd_valid = 1;
    f->progress = 0;
    return true;
}

/* Checks every address the command will touch before its first unit, so a
 * command that faults here has written nothing. */
static bool engine_prepare(struct sgpu *g)
{
    const struct sgpu_cmd *c = &g->f.cmd;
    struct sgpu_xfault xf;
    bool ok = true;
    switch (c->op) {
    case SGPU_OP_FENCE:
        if (c->len == 5)
            ok = sgpu_mmu_check_range(g, engine_u64(c->w, 3), 8, true, &xf);
        break;
    case SGPU_OP_TIMESTAMP:
        ok = sgpu_mmu_check_range(g, engine_u64(c->w, 1), 8, true, &xf);
        break;
    case SGPU_OP_COPY:
        ok = sgpu_mmu_check_range(g, engine_u64(c->w, 1), engine_u64(c->w, 5), false, &xf) &&
             sgpu_mmu_check_range(g, engine_u64(c->w, 3), engine_u64(c->w, 5), true, &xf);
        break;
    case SGPU_OP_FILL:
        ok = sgpu_mmu_check_range(g, engine_u64(c->w, 1), engine_u64(c->w, 3), true, &xf);
        break;
    case SGPU_OP_DISPATCH: {
        uint32_t code = sgpu_kernels_decode(g, c, &g->dsp, &xf);
        if (code) {
            if (code <= SGPU_FAULT_S2_ACCESS)
                sgpu_engine_fault(g, &xf);
            else
                sgpu_engine_cmd_fault(g, code, xf.va);
            return false;
        }
        for (unsigned i = 0; ok && i < g->dsp.nbufs; i++) {
            const struct sgpu_buf *b = &g->dsp.buf[i];
            ok = sgpu_mmu_check_range(g, b->va, b->len, false, &xf) &&
                 (!b->write || sgpu_mmu_check_range(g, b->va, b->len, true, &xf));
        }
        break;
    }
    default:
        break;
    }
    if (!ok) {
        if (xf.code == SGPU_FAULT_BAD_ARGUMENT)
            sgpu_engine_cmd_fault(g, xf.code, xf.va);
        else
            sgpu_engine_fault(g, &xf);
        return false;
    }
    g->dsp_ready = true;
    return true;
}

static uint64_t engine_div_up(uint64_t a, uint64_t b)
{
    return (a + b - 1) / b;
}

static uint64_t engine_units(const struct sgpu *g)
{
    const struct sgpu_cmd *c = &g->f.cmd;
    switch (c->op) {
    case SGPU_OP_COPY: {
        uint64_t n = engine_div_up(engine_u64(c->w, 5), SGPU_XFER_CHUNK);
        return n ? n : 1;
    }
    case SGPU_OP_FILL: {
        uint64_t n = engine_div_up(engine_u64(c->w, 3), SGPU_XFER_CHUNK);
        return n ? n : 1;
    }
    case SGPU_OP_DISPATCH:
        return g->dsp.total_wgs;
    default:
        return 1;
    }
}

static uint64_t engine_chunk_bytes(uint64_t total, uint64_t idx)
{
    uint64_t off = idx * SGPU_XFER_CHUNK;
    if (off >= total)
        return 0;
    return total - off < SGPU_XFER_CHUNK ? total - off : SGPU_XFER_CHUNK;
}

static uint64_t engine_unit_cost(const struct sgpu *g, uint64_t idx)
{
    const struct sgpu_cmd *c = &g->f.cmd;
    uint64_t t = idx == 0 ? SGPU_T_CMD_NS : 0;
    switch (c->op) {
    case SGPU_OP_COPY:
        return t + engine_div_up(engine_chunk_bytes(engine_u64(c->w, 5), idx), SGPU_T_COPY_BPNS);
    case SGPU_OP_FILL:
        return t + engine_div_up(engine_chunk_bytes(engine_u64(c->w, 3), idx), SGPU_T_FILL_BPNS);
    case SGPU_OP_DISPATCH:
        return t + g->dsp.wg_cost_ns;
    default:
        return t ? t : 1;
    }
}

static bool engine_copy_chunk(struct sgpu *g, uint64_t idx, uint8_t *bounce)
{
    const struct sgpu_cmd *c = &g->f.cmd;
    struct sgpu_xfault xf;
    uint64_t n = engine_chunk_bytes(engine_u64(c->w, 5), idx);
    uint64_t off = idx * SGPU_XFER_CHUNK;
    if (c->op == SGPU_OP_COPY) {
        if (!sgpu_mmu_read(g, engine_u64(c->w, 1) + off, bounce, n, &xf) ||
            !sgpu_mmu_write(g, engine_u64(c->w, 3) + off, bounce, n, &xf)) {
            sgpu_engine_fault(g, &xf);
            return false;
        }
        return true;
    }
    /* FILL: the caller laid the pattern into bounce once; chunks start at
     * multiples of 4 bytes from dst, so every chunk uses it as is. */
    n = engine_chunk_bytes(engine_u64(c->w, 3), idx);
    if (!sgpu_mmu_write(g, engine_u64(c->w, 1) + off, bounce, n, &xf)) {
        sgpu_engine_fault(g, &xf);
        return false;
    }
    return true;
}

void sgpu_engine_drop(struct sgpu *g)
{
    if (g->dsp_held) {
        g->exec->ops->end(g->exec);
        for (unsigned i = 0; i < g->dsp.nbufs; i++)
            sgpu_mmu_buf_release(&g->dsp.buf[i]);
        g->dsp_held = false;
    }
    g->dsp_ready = false;
}

/* Acquires the buffers once per DISPATCH (on its first batch after a fetch
 * or a resume) and begins the executor on them. */
static bool engine_dispatch_hold(struct sgpu *g)
{
    struct sgpu_dispatch *d = &g->dsp;
    struct sgpu_xfault xf;
    for (unsigned i = 0; i < d->nbufs; i++) {
        if (!sgpu_mmu_buf_acquire(g, &d->buf[i], &xf)) {
            for (unsigned j = 0; j < i; j++)
                sgpu_mmu_buf_release(&d->buf[j]);
            sgpu_engine_fault(g, &xf);
            return false;
        }
    }
    if (g->exec->ops->begin(g->exec, d) != 0) {
        for (unsigned i = 0; i < d->nbufs; i++)
            sgpu_mmu_buf_release(&d->buf[i]);
        sgpu_logf(g, "sgpu: executor %s cannot take kernel %u", g->exec->ops->name, d->kernel);
        sgpu_engine_cmd_fault(g, SGPU_FAULT_BAD_KERNEL, d->kernel);
        return false;
    }
    g->dsp_held = true;
    return true;
}

static bool engine_dispatch(struct sgpu *g, uint64_t first, uint64_t count)
{
    struct sgpu_dispatch *d = &g->dsp;
    struct sgpu_xfault xf;
    if (!g->dsp_held && !engine_dispatch_hold(g))
        return false;
    if (g->exec->ops->run(g->exec, d, first, count) != 0) {
        /* An executor that cannot run (e.g. the OpenCL runtime failed) is a
         * device error, reported like a bad kernel. */
        sgpu_logf(g, "sgpu: executor %s failed on kernel %u", g->exec->ops->name, d->kernel);
        sgpu_engine_cmd_fault(g, SGPU_FAULT_BAD_KERNEL, d->kernel);
        return false;
    }
    /* Staged (scattered) outputs go back to memory after every batch, so
     * memory always shows exactly the completed work-groups. */
    for (unsigned i = 0; i < d->nbufs; i++) {
        if (!sgpu_mmu_buf_flush(g, &d->buf[i], &xf)) {
            sgpu_engine_fault(g, &xf);
            return false;
        }
    }
    g->wgs += count;
    return true;
}

/* Runs units [first, first + count) of the current command; g->now is the
 * completion time of the last one. */
static bool engine_exec_units(struct sgpu *g, uint64_t first, uint64_t count)
{
    const struct sgpu_cmd *c = &g->f.cmd;
    struct sgpu_xfault xf;
    switch (c->op) {
    case SGPU_OP_FENCE:
        if (c->len == 5) {
            uint8_t v[8];
            for (int i = 0; i < 8; i++)
                v[i] = (uint8_t)(engine_u64(c->w, 1) >> (8 * i));
            if (!sgpu_mmu_write(g, engine_u64(c->w, 3), v, 8, &xf)) {
                sgpu_engine_fault(g, &xf);
                return false;
            }
        }
        g->f.fence = engine_u64(c->w, 1);
        if (c->flags & SGPU_FENCE_FLAG_IRQ)
            sgpu_raise_func(g, SGPU_IRQ_FENCE);
        return true;
    case SGPU_OP_TIMESTAMP: {
        uint8_t v[8];
        for (int i = 0; i < 8; i++)
            v[i] = (uint8_t)(g->now >> (8 * i));
        if (!sgpu_mmu_write(g, engine_u64(c->w, 1), v, 8, &xf)) {
            sgpu_engine_fault(g, &xf);
            return false;
        }
        return true;
    }
    case SGPU_OP_COPY:
    case SGPU_OP_FILL: {
        uint8_t *bounce = malloc(SGPU_XFER_CHUNK);
        if (!bounce) {
            sgpu_engine_cmd_fault(g, SGPU_FAULT_OVERSIZE, 0);
            return false;
        }
        if (c->op == SGPU_OP_FILL) {
            uint8_t pat[4];
            for (int i = 0; i < 4; i++)
                pat[i] = (uint8_t)(c->w[5] >> (8 * i));
            for (uint32_t i = 0; i < SGPU_XFER_CHUNK; i += 4)
                memcpy(bounce + i, pat, 4);
        }
        bool ok = true;
        for (uint64_t i = first; ok && i < first + count; i++)
            ok = engine_copy_chunk(g, i, bounce);
        free(bounce);
        return ok;
    }
    case SGPU_OP_DISPATCH:
        return engine_dispatch(g, first, count);
    default:
        return true;
    }
}

static void engine_retire(struct sgpu *g)
{
    g->f.head = (g->f.head + 4 * g->f.cmd.len) & (g->f.ring_size - 1);
    g->f.cmd_valid = 0;
    g->f.progress = 0;
    sgpu_engine_drop(g);
    g->jobs++;
}

static bool engine_ring_ready(const struct sgpu *g)
{
    const struct sgpu_func *f = &g->f;
    return (f->control & SGPU_CONTROL_RING_ENABLE) && f->ring_size && f->head != f->tail;
}

/* Whether a unit of `cost` starting at `start` has completed by `now`,
 * without overflow for the huge costs a guest may ask for (BUSY). */
static bool engine_fits(uint64_t start, uint64_t cost, uint64_t now)
{
    return start <= now && cost <= now - start;
}

/* Next time the engine needs a call when the unit starting at g->now costs
 * `cost`: its completion, or the watchdog's deadline if that comes first
 * (a unit longer than the watchdog is a hang). */
static uint64_t engine_wait(struct sgpu *g, uint64_t now, uint64_t cost)
{
    uint64_t done = cost >= UINT64_MAX - g->now ? HW_MODEL_IDLE : g->now + cost;
    if (g->watchdog_ns && cost > g->watchdog_ns && g->watchdog_ns < UINT64_MAX - g->now) {
        uint64_t dl = g->now + g->watchdog_ns;
        if (dl <= now) {
            g->now = dl;
            engine_hang(g);
            return 0;  /* caller loops */
        }
        return dl;
    }
    return done;
}

static uint64_t engine_busy(struct sgpu *g, uint64_t now)
{
    struct sgpu_func *f = &g->f;
    uint64_t ns = engine_u64(f->cmd.w, 1);
    bool preemptible = !(f->cmd.flags & SGPU_BUSY_FLAG_NOPREEMPT);
    if (!preemptible)
        return UINT64_MAX; /* whole-unit rules apply; handled by caller */
    uint64_t left = ns == UINT64_MAX ? UINT64_MAX : ns - f->progress;
    if (left != UINT64_MAX && engine_fits(g->now, left, now)) {
        g->busy_ns += left;
        g->now += left;
        engine_retire(g);
        return 0;
    }
    if (g->now >= now) /* just resumed: the restore is still in progress */
        return left >= UINT64_MAX - g->now ? HW_MODEL_IDLE : g->now + left;
    uint64_t ran = now - g->now;
    g->busy_ns += ran;
    if (ns != UINT64_MAX) {
        f->progress += ran;
        left -= ran;
    }
    g->now = now;
    return left >= UINT64_MAX - now ? HW_MODEL_IDLE : now + left;
}

/* On a host that computes slower than the cost model, the units just
 * executed took longer than modelled: the engine's time slips to the host
 * clock, so the work that fits before `now` stays a unit or two and the
 * caller sees the next doorbell (a preemption request) promptly. The slipped
 * time is device time spent working. */
static void engine_slip(struct sgpu *g)
{
    if (!g->clock)
        return;
    uint64_t real = g->clock(g->clock_ctx);
    if (real > g->now) {
        g->busy_ns += real - g->now;
        g->now = real;
    }
}

uint64_t sgpu_engine_run(struct sgpu *g, uint64_t now)
{
    struct sgpu_func *f = &g->f;
    for (;;) {
        if (g->preempted) {
            if (g->now < now)
                g->now = now;
            return HW_MODEL_IDLE;
        }
        if (g->stall) {
            /* A wedged engine: time passes, nothing moves; the watchdog
             * sees a unit that never ends. */
            if (f->cmd_valid && g->watchdog_ns) {
                uint64_t r = engine_wait(g, now, UINT64_MAX);
                if (r)
                    return r;
                continue;
            }
            if (!f->cmd_valid && g->now < now)
                g->now = now;
            return HW_MODEL_IDLE;
        }
        bool busy_pre = f->cmd_valid && f->cmd.op == SGPU_OP_BUSY &&
                        !(f->cmd.flags & SGPU_BUSY_FLAG_NOPREEMPT);
        /* The doorbell that asked for preemption first ran the engine to
         * the request time, so g->now < preempt_req_ns means a unit is in
         * flight and must finish; otherwise this is a boundary. */
        if (g->preempt_pending && (!f->cmd_valid || busy_pre || g->now >= g->preempt_req_ns)) {
            uint64_t save_ns = SGPU_CTX_BYTES / SGPU_T_CTX_BPNS;
            if (g->now + save_ns > now)
                return g->now + save_ns;
            g->now += save_ns;
            uint32_t r = sgpu_ctx_save(g);
            g->pcmd_result = r;
            g->preempt_pending = false;
            if (r != SGPU_PRES_OK) {
                sgpu_raise_priv(g, SGPU_PIRQ_PCMD_ERR);
                continue;
            }
            g->preempted = true;
            sgpu_engine_drop(g);
            g->preempt_ns = g->now - g->preempt_req_ns;
            sgpu_raise_priv(g, SGPU_PIRQ_PREEMPTED);
            continue;
        }
        if (f->state == SGPU_ENGINE_FAULTED || f->state == SGPU_ENGINE_HUNG) {
            if (g->now < now)
                g->now = now;
            return HW_MODEL_IDLE;
        }
        if (!f->cmd_valid) {
            if (!engine_ring_ready(g)) {
                if (f->state == SGPU_ENGINE_RUNNING) {
                    f->state = SGPU_ENGINE_IDLE;
                    sgpu_raise_func(g, SGPU_IRQ_IDLE);
                    sgpu_raise_priv(g, SGPU_PIRQ_IDLE);
                }
                if (g->now < now)
                    g->now = now;
                return HW_MODEL_IDLE;
            }
            f->state = SGPU_ENGINE_RUNNING;
            if (!engine_fetch(g))
                continue;
        }
        f->state = SGPU_ENGINE_RUNNING;
        if (!g->dsp_ready && !engine_prepare(g))
            continue;
        if (f->cmd.op == SGPU_OP_BUSY) {
            uint64_t ns = engine_u64(f->cmd.w, 1);
            if (busy_pre) {
                uint64_t r = engine_busy(g, now);
                if (r)
                    return r;
                continue;
            }
            /* Non-preemptible BUSY: one unit of ns. */
            if (!engine_fits(g->now, ns, now)) {
                uint64_t r = engine_wait(g, now, ns);
                if (r)
                    return r;
                continue;
            }
            g->now += ns;
            g->busy_ns += ns;
            engine_retire(g);
            continue;
        }
        uint64_t total = engine_units(g);
        if (f->progress >= total) {
            engine_retire(g);
            continue;
        }
        uint64_t cost = engine_unit_cost(g, f->progress);
        if (!engine_fits(g->now, cost, now)) {
            uint64_t r = engine_wait(g, now, cost);
            if (r)
                return r;
            continue;
        }
        /* Batch the units that complete by now (just one when a preemption
         * waits for the next boundary). */
        uint64_t k = 1, t = g->now + cost;
        uint64_t limit = total - f->progress;
        if (limit > ENGINE_MAX_BATCH)
            limit = ENGINE_MAX_BATCH;
        if (g->preempt_pending)
            limit = 1;
        if (f->cmd.op == SGPU_OP_DISPATCH && limit > 1) {
            uint64_t more = (now - t) / g->dsp.wg_cost_ns;
            k += more < limit - 1 ? more : limit - 1;
            t += (k - 1) * g->dsp.wg_cost_ns;
        } else {
            while (k < limit) {
                uint64_t c = engine_unit_cost(g, f->progress + k);
                if (t + c > now)
                    break;
                t += c;
                k++;
            }
        }
        g->busy_ns += t - g->now;
        g->now = t;
        bool ok = engine_exec_units(g, f->progress, k);
        engine_slip(g);
        if (!ok)
            continue;
        f->progress += k;
        if (f->progress >= total)
            engine_retire(g);
    }
}
