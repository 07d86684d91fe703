/* The command ring: commands are written at the library's tail (wrapping
 * modulo the ring size, so a command may straddle the end, as the device
 * allows) and handed over by one RING_TAIL write. Four bytes always stay
 * free so that head == tail means empty. When a command does not fit, the
 * pending commands are submitted and the library waits for the device to
 * move RING_HEAD (back-pressure), bounded by the device timeout. */
#include "sgpu_priv.h"

void sgpu_cmd_ring_restart(struct sgpu_dev *d)
{
    d->tail = 0;
    d->submitted = 0;
    d->head = 0;
    d->args_pos = 0;
    d->args_cur = 0;
    d->args_half_fence[0] = 0;
    d->args_half_fence[1] = 0;
}

uint32_t sgpu_cmd_ring_free(struct sgpu_dev *d)
{
    d->head = sgpu_dev_rd32(d, SGPU_F_RING_HEAD) & (d->ring_size - 1);
    return d->ring_size - ((d->tail - d->head) & (d->ring_size - 1)) - 4;
}

uint64_t sgpu_cmd_ring_wraps(const struct sgpu_dev *d)
{
    return d->wraps;
}

int sgpu_cmd_submit(struct sgpu_dev *d)
{
    if (!d)
        return SGPU_ERR_INVAL;
    if (d->faulted)
        return SGPU_ERR_FAULT;
    if (d->tail != d->submitted) {
        sgpu_dev_wr32(d, SGPU_F_RING_TAIL, d->tail);
        d->submitted = d->tail;
    }
    return SGPU_OK;
}

static int cmd_reserve(struct sgpu_dev *d, uint32_t bytes)
{
    uint32_t mask = d->ring_size - 1;
    uint64_t deadline = 0;

    if (d->faulted)
        return SGPU_ERR_FAULT;
    if (d->ring_size - ((d->tail - d->head) & mask) - 4 >= bytes)
        return SGPU_OK;
    for (;;) {
        if (sgpu_cmd_ring_free(d) >= bytes)
            return SGPU_OK;
        int r = sgpu_cmd_submit(d);
        if (!r)
            r = sgpu_dev_poll(d);
        if (r)
            return r;
        uint64_t now = sgpu_dev_now(d);
        if (!deadline)
            deadline = now + d->p.timeout_ns;
        if (now >= deadline) {
            sgpu_dev_log(d, "ring full: the device made no room in %llu ns (head 0x%x, tail 0x%x)",
                         (unsigned long long)d->p.timeout_ns, d->head, d->tail);
            return SGPU_ERR_TIMEOUT;
        }
        /* Only fences interrupt (IDLE is masked): re-read the head now and then. */
        uint64_t until = now + SGPU_POLL_NS < deadline ? now + SGPU_POLL_NS : deadline;
        d->env.ops->wait_irq(d->env.ctx, until);
    }
}

static int cmd_emit(struct sgpu_dev *d, const uint32_t *w, uint32_t n)
{
    int r = cmd_reserve(d, 4 * n);
    if (r)
        return r;
    uint32_t words = d->ring_size / 4, at = d->tail / 4;
    for (uint32_t i = 0; i < n; i++)
        d->ring[(at + i) & (words - 1)] = w[i];
    if (d->tail + 4 * n >= d->ring_size)
        d->wraps++;
    d->tail = (d->tail + 4 * n) & (d->ring_size - 1);
    return SGPU_OK;
}

static void cmd_put64(uint32_t *w, uint64_t v)
{
    w[0] = (uint32_t)v;
    w[1] = (uint32_t)(v >> 32);
}

int sgpu_cmd_raw(struct sgpu_dev *d, const uint32_t *words, uint32_t n)
{
    if (!d || !words || !n || n > d->ring_size / 4 - 1) {
        if (d)
            sgpu_dev_log(d, "cmd_raw: %u words do not fit a ring of %u bytes", n, d->ring_size);
        return SGPU_ERR_INVAL;
    }
    return cmd_emit(d, words, n);
}

int sgpu_cmd_nop(struct sgpu_dev *d, uint32_t words)
{
    if (!d)
        return SGPU_ERR_INVAL;
    if (!words || words > 0xffffu || words > d->ring_size / 4 - 1) {
        sgpu_dev_log(d, "cmd_nop: length %u words is 0 or does not fit the ring", words);
        return SGPU_ERR_INVAL;
    }
    int r = cmd_reserve(d, 4 * words);
    if (r)
        return r;
    uint32_t hdr = SGPU_CMD_HDR(SGPU_OP_NOP, 0, words), zero = 0;
    r = cmd_emit(d, &hdr, 1);
    for (uint32_t i = 1; i < words && !r; i++)
        r = cmd_emit(d, &zero, 1);
    return r;
}

static int cmd_fence(struct sgpu_dev *d, uint64_t mem_va, uint64_t *seq)
{
    uint32_t w[5];
    uint32_t n = mem_va ? 5 : 3;
    w[0] = SGPU_CMD_HDR(SGPU_OP_FENCE, SGPU_FENCE_FLAG_IRQ, n);
    cmd_put64(&w[1], d->fence_seq + 1);
    if (mem_va)
        cmd_put64(&w[3], mem_va);
    int r = cmd_emit(d, w, n);
    if (r)
        return r;
    d->fence_seq++;
    if (seq)
        *seq = d->fence_seq;
    return SGPU_OK;
}

int sgpu_cmd_fence_internal(struct sgpu_dev *d, uint64_t *seq)
{
    return cmd_fence(d, 0, seq);
}

int sgpu_cmd_fence(struct sgpu_dev *d, uint64_t mem_va, uint64_t *seq)
{
    if (!d)
        return SGPU_ERR_INVAL;
    if (mem_va % 8) {
        sgpu_dev_log(d, "cmd_fence: VA 0x%llx is not 8-byte aligned", (unsigned long long)mem_va);
        return SGPU_ERR_INVAL;
    }
    return cmd_fence(d, mem_va, seq);
}

static bool cmd_size_ok(struct sgpu_dev *d, const char *what, uint64_t bytes)
{
    if (bytes > SGPU_MAX_XFER) {
        sgpu_dev_log(d, "%s: %llu bytes exceed the device's %u", what, (unsigned long long)bytes,
                     SGPU_MAX_XFER);
        return false;
    }
    return true;
}

int sgpu_cmd_copy(struct sgpu_dev *d, uint64_t src_va, uint64_t dst_va, uint64_t bytes)
{
    if (!d || !cmd_size_ok(d, "cmd_copy", bytes))
        return SGPU_ERR_INVAL;
    uint32_t w[7] = { SGPU_CMD_HDR(SGPU_OP_COPY, 0, 7) };
    cmd_put64(&w[1], src_va);
    cmd_put64(&w[3], dst_va);
    cmd_put64(&w[5], bytes);
    return cmd_emit(d, w, 7);
}

int sgpu_cmd_fill(struct sgpu_dev *d, uint64_t dst_va, uint64_t bytes, uint32_t pattern)
{
    if (!d || !cmd_size_ok(d, "cmd_fill", bytes))
        return SGPU_ERR_INVAL;
    uint32_t w[6] = { SGPU_CMD_HDR(SGPU_OP_FILL, 0, 6) };
    cmd_put64(&w[1], dst_va);
    cmd_put64(&w[3], bytes);
    w[5] = pattern;
    return cmd_emit(d, w, 6);
}

int sgpu_cmd_timestamp(struct sgpu_dev *d, uint64_t va)
{
    if (!d)
        return SGPU_ERR_INVAL;
    if (va % 8) {
        sgpu_dev_log(d, "cmd_timestamp: VA 0x%llx is not 8-byte aligned", (unsigned long long)va);
        return SGPU_ERR_INVAL;
    }
    uint32_t w[3] = { SGPU_CMD_HDR(SGPU_OP_TIMESTAMP, 0, 3) };
    cmd_put64(&w[1], va);
    return cmd_emit(d, w, 3);
}

int sgpu_cmd_busy(struct sgpu_dev *d, uint64_t ns, bool nopreempt)
{
    if (!d)
        return SGPU_ERR_INVAL;
    uint32_t w[3] = { SGPU_CMD_HDR(SGPU_OP_BUSY, nopreempt ? SGPU_BUSY_FLAG_NOPREEMPT : 0, 3) };
    cmd_put64(&w[1], ns);
    return cmd_emit(d, w, 3);
}

/* The arena is used in two halves: leaving a half puts a fence behind its
 * last user, and entering a half waits for the fence that closed it last
 * time, so blocks are never overwritten while a DISPATCH may still read
 * them (a DISPATCH re-reads its block after a preemption). */
uint64_t sgpu_cmd_args_put(struct sgpu_dev *d, const void *args, uint32_t bytes)
{
    uint32_t half = d->args_size / 2;
    uint32_t len = (bytes + 15u) & ~15u;

    if (d->args_pos + len > half) {
        unsigned cur = d->args_cur, next = cur ^ 1u;
        if (sgpu_cmd_fence_internal(d, &d->args_half_fence[cur]))
            return 0;
        if (d->args_half_fence[next] > sgpu_fence_retired(d) &&
            sgpu_fence_wait(d, d->args_half_fence[next], 0))
            return 0;
        d->args_cur = next;
        d->args_pos = 0;
    }
    uint32_t at = d->args_cur * half + d->args_pos;
    const uint8_t *src = args;
    for (uint32_t i = 0; i < bytes; i++)
        d->args[at + i] = src[i];
    d->args_pos += len;
    return d->args_va + at;
}

int sgpu_cmd_dispatch(struct sgpu_dev *d, uint32_t kernel, const uint32_t grid[3],
                      const uint32_t wg[3], const void *args, uint32_t args_bytes)
{
    if (!d || !grid || !wg || !args)
        return SGPU_ERR_INVAL;
    if (kernel == 0 || kernel > 31 || !(d->info.kernels & (1u << kernel))) {
        sgpu_dev_log(d, "cmd_dispatch: kernel %u not available (KERNELS 0x%x)", kernel, d->info.kernels);
        return SGPU_ERR_INVAL;
    }
    uint64_t items = 1;
    for (int i = 0; i < 3; i++) {
        if (grid[i] == 0 || grid[i] > SGPU_MAX_GRID || wg[i] == 0 || wg[i] > SGPU_MAX_WG_ITEMS) {
            sgpu_dev_log(d, "cmd_dispatch: grid %ux%ux%u / work-group %ux%ux%u out of range", grid[0],
                         grid[1], grid[2], wg[0], wg[1], wg[2]);
            return SGPU_ERR_INVAL;
        }
        items *= wg[i];
    }
    if (items > SGPU_MAX_WG_ITEMS) {
        sgpu_dev_log(d, "cmd_dispatch: %llu items per work-group (max %u)", (unsigned long long)items,
                     SGPU_MAX_WG_ITEMS);
        return SGPU_ERR_INVAL;
    }
    if (!args_bytes || args_bytes > d->args_size / 2) {
        sgpu_dev_log(d, "cmd_dispatch: argument block of %u bytes (max %u)", args_bytes, d->args_size / 2);
        return SGPU_ERR_INVAL;
    }
    uint64_t args_va = sgpu_cmd_args_put(d, args, args_bytes);
    if (!args_va)
        return d->faulted ? SGPU_ERR_FAULT : SGPU_ERR_TIMEOUT;
    uint32_t w[11] = { SGPU_CMD_HDR(SGPU_OP_DISPATCH, 0, 11), kernel, grid[0], grid[1], grid[2],
                       wg[0], wg[1], wg[2] };
    cmd_put64(&w[8], args_va);
    w[10] = args_bytes;
    return cmd_emit(d, w, 11);
}
