/* Command parser: turns ring dwords into a struct sgpu_cmd or a fault code.
 * It sees only the dwords the engine fetched, so it is a pure function that
 * the fuzz target drives directly. Checks that need memory (argument blocks,
 * addresses) happen later, in the engine and sgpu_kernels.c. */
#include "sgpu_internal.h"

static uint64_t cmd_u64(const uint32_t *w, unsigned i)
{
    return (uint64_t)w[i] | (uint64_t)w[i + 1] << 32;
}

/* Dword count each opcode takes; 0 for "any" (NOP). */
static bool cmd_len_ok(uint32_t op, uint32_t len)
{
    switch (op) {
    case SGPU_OP_NOP: return len >= 1;
    case SGPU_OP_FENCE: return len == 3 || len == 5;
    case SGPU_OP_COPY: return len == 7;
    case SGPU_OP_FILL: return len == 6;
    case SGPU_OP_DISPATCH: return len == 11;
    case SGPU_OP_TIMESTAMP: return len == 3;
    case SGPU_OP_BUSY: return len == 3;
    default: return false;
    }
}

static uint32_t cmd_flags_allowed(uint32_t op)
{
    switch (op) {
    case SGPU_OP_FENCE: return SGPU_FENCE_FLAG_IRQ;
    case SGPU_OP_BUSY: return SGPU_BUSY_FLAG_NOPREEMPT;
    default: return 0;
    }
}

static uint32_t cmd_check_args(const struct sgpu_cmd *c)
{
    const uint32_t *w = c->w;
    switch (c->op) {
    case SGPU_OP_FENCE:
        if (c->len == 5 && (cmd_u64(w, 3) & 7))
            return SGPU_FAULT_BAD_ARGUMENT;
        return 0;
    case SGPU_OP_COPY:
        return cmd_u64(w, 5) > SGPU_MAX_XFER ? SGPU_FAULT_OVERSIZE : 0;
    case SGPU_OP_FILL:
        return cmd_u64(w, 3) > SGPU_MAX_XFER ? SGPU_FAULT_OVERSIZE : 0;
    case SGPU_OP_TIMESTAMP:
        return (cmd_u64(w, 1) & 7) ? SGPU_FAULT_BAD_ARGUMENT : 0;
    case SGPU_OP_DISPATCH: {
        if (w[1] == 0 || w[1] >= SGPU_K_COUNT)
            return SGPU_FAULT_BAD_KERNEL;
        uint64_t items = 1;
        for (unsigned i = 0; i < 3; i++) {
            if (w[2 + i] == 0 || w[2 + i] > SGPU_MAX_GRID || w[5 + i] == 0 ||
                w[5 + i] > SGPU_MAX_WG_ITEMS)
                return SGPU_FAULT_BAD_ARGUMENT;
            items *= w[5 + i];
        }
        if (items > SGPU_MAX_WG_ITEMS)
            return SGPU_FAULT_BAD_ARGUMENT;
        return 0;
    }
    default:
        return 0;
    }
}

uint32_t sgpu_cmd_decode(const uint32_t *w, uint32_t avail, struct sgpu_cmd *out)
{
    if (avail == 0)
        return SGPU_FAULT_TRUNCATED;
    struct sgpu_cmd c = { .op = w[0] & 0xff, .flags = (w[0] >> 8) & 0xff, .len = w[0] >> 16 };
    if (c.op > SGPU_OP_BUSY)
        return SGPU_FAULT_BAD_OPCODE;
    if (!cmd_len_ok(c.op, c.len) || (c.op != SGPU_OP_NOP && c.len > SGPU_CMD_MAX_DWORDS))
        return SGPU_FAULT_BAD_LENGTH;
    if (c.len > avail)
        return SGPU_FAULT_TRUNCATED;
    if (c.flags & ~cmd_flags_allowed(c.op))
        return SGPU_FAULT_BAD_ARGUMENT;
    uint32_t keep = c.len < SGPU_CMD_MAX_DWORDS ? c.len : SGPU_CMD_MAX_DWORDS;
    for (uint32_t i = 0; i < keep; i++)
        c.w[i] = w[i];
    uint32_t f = cmd_check_args(&c);
    if (f)
        return f;
    *out = c;
    return 0;
}
