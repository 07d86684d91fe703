/* The FDT walk of guest_dt.h: structure block tokens, one pass, with the
 * #address-cells/#size-cells of each parent kept on a small stack. */
#include "guest_dt.h"

#define FDT_MAGIC      0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE   2u
#define FDT_PROP       3u
#define FDT_NOP        4u
#define FDT_END        9u
#define DT_MAX_DEPTH   16

struct dt_walk {
    const uint8_t *blob;
    uint32_t size;
    uint32_t strings;
    uint32_t addr_cells[DT_MAX_DEPTH + 1];  /* cells declared by the node at that depth */
    uint32_t size_cells[DT_MAX_DEPTH + 1];
};

/* What one node said, decided on at its END_NODE. */
struct dt_node {
    bool sgpu_name, sgpu_compat, memory;
    const uint8_t *reg;
    uint32_t reg_len;
    const uint8_t *irq;
    uint32_t irq_len;
};

static uint32_t dt_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t dt_cells(const uint8_t *p, uint32_t n)
{
    uint64_t v = 0;
    for (uint32_t i = 0; i < n; i++)
        v = v << 32 | dt_be32(p + 4 * i);
    return v;
}

/* a (at most max bytes, maybe unterminated) equals the string b. */
static bool dt_str_eq_n(const char *a, uint32_t max, const char *b)
{
    uint32_t i = 0;
    for (; i < max && a[i] && a[i] == b[i]; i++)
        ;
    return i < max && a[i] == b[i];
}

static bool dt_prefix(const char *s, const char *prefix)
{
    while (*prefix)
        if (*s++ != *prefix++)
            return false;
    return true;
}

/* A compatible list holds NUL-separated strings. */
static bool dt_list_has(const uint8_t *v, uint32_t len, const char *want)
{
    uint32_t i = 0;
    while (i < len) {
        if (dt_str_eq_n((const char *)v + i, len - i, want))
            return true;
        while (i < len && v[i])
            i++;
        i++;
    }
    return false;
}

static void dt_finish_node(const struct dt_walk *w, int depth, const struct dt_node *n,
                           struct guest_dt_info *info)
{
    uint32_t ac = depth > 0 ? w->addr_cells[depth - 1] : 2, sc = depth > 0 ? w->size_cells[depth - 1] : 1;
    if ((n->sgpu_compat || n->sgpu_name) && !info->have_sgpu && n->reg && n->reg_len >= 4 * ac && ac <= 2) {
        info->have_sgpu = true;
        info->sgpu_base = dt_cells(n->reg, ac);
        if (n->irq && n->irq_len >= 12) {
            uint32_t type = dt_be32(n->irq), num = dt_be32(n->irq + 4);
            info->sgpu_intid = type == 1 ? num + 16 : num + 32;    /* PPI : SPI */
        }
    }
    if (n->memory && !info->have_mem && n->reg && n->reg_len >= 4 * (ac + sc) && ac <= 2 && sc <= 2) {
        info->have_mem = true;
        info->mem_base = dt_cells(n->reg, ac);
        info->mem_size = dt_cells(n->reg + 4 * ac, sc);
    }
}

void guest_dt_read(const void *dtb, struct guest_dt_info *info)
{
    const uint8_t *b = dtb;
    *info = (struct guest_dt_info){ 0 };
    if (!b || dt_be32(b) != FDT_MAGIC)
        return;
    struct dt_walk w = { .blob = b, .size = dt_be32(b + 4), .strings = dt_be32(b + 12) };
    uint32_t off = dt_be32(b + 8), end = off + dt_be32(b + 36);
    if (end > w.size || w.strings > w.size)
        return;
    info->valid = true;
    struct dt_node nodes[DT_MAX_DEPTH + 1];
    int depth = -1;
    bool in_chosen[DT_MAX_DEPTH + 1] = { false };

    while (off + 4 <= end) {
        uint32_t tok = dt_be32(b + off);
        off += 4;
        if (tok == FDT_BEGIN_NODE) {
            const char *name = (const char *)b + off;
            uint32_t n = 0;
            while (off + n < end && b[off + n])
                n++;
            if (off + n >= end || ++depth > DT_MAX_DEPTH)
                return;
            nodes[depth] = (struct dt_node){ .sgpu_name = dt_prefix(name, "vcoproc-sgpu@"),
                                             .memory = dt_prefix(name, "memory") };
            in_chosen[depth] = depth == 1 && dt_str_eq_n(name, n + 1, "chosen");
            off = (off + n + 1 + 3) & ~3u;
            w.addr_cells[depth] = 2;    /* the spec's defaults */
            w.size_cells[depth] = 1;
        } else if (tok == FDT_END_NODE) {
            if (depth < 0)
                return;
            dt_finish_node(&w, depth, &nodes[depth], info);
            depth--;
        } else if (tok == FDT_PROP) {
            if (off + 8 > end || depth < 0)
                return;
            uint32_t len = dt_be32(b + off), nameoff = dt_be32(b + off + 4);
            const uint8_t *v = b + off + 8;
            if (off + 8 + len > end || w.strings + nameoff >= w.size)
                return;
            const char *pn = (const char *)b + w.strings + nameoff;
            uint32_t pmax = w.size - w.strings - nameoff;
            struct dt_node *nd = &nodes[depth];
            if (dt_str_eq_n(pn, pmax, "compatible"))
                nd->sgpu_compat = dt_list_has(v, len, "vcoproc,sgpu");
            else if (dt_str_eq_n(pn, pmax, "reg")) {
                nd->reg = v;
                nd->reg_len = len;
            } else if (dt_str_eq_n(pn, pmax, "interrupts")) {
                nd->irq = v;
                nd->irq_len = len;
            } else if (dt_str_eq_n(pn, pmax, "device_type") && dt_list_has(v, len, "memory"))
                nd->memory = true;
            else if (dt_str_eq_n(pn, pmax, "#address-cells") && len == 4)
                w.addr_cells[depth] = dt_be32(v);
            else if (dt_str_eq_n(pn, pmax, "#size-cells") && len == 4)
                w.size_cells[depth] = dt_be32(v);
            else if (in_chosen[depth] && dt_str_eq_n(pn, pmax, "bootargs") && len && !v[len - 1])
                info->bootargs = (const char *)v;
            off = (off + 8 + len + 3) & ~3u;
        } else if (tok == FDT_END) {
            return;
        } else if (tok != FDT_NOP) {
            return;
        }
    }
}

bool guest_dt_arg(const char *args, const char *key, uint64_t *val)
{
    for (const char *p = args; p && *p;) {
        while (*p == ' ')
            p++;
        if (dt_prefix(p, key)) {
            const char *q = p;
            for (const char *k = key; *k; k++)
                q++;
            if (*q == '=') {
                q++;
                uint64_t v = 0;
                unsigned base = 10;
                if (q[0] == '0' && (q[1] == 'x' || q[1] == 'X')) {
                    base = 16;
                    q += 2;
                }
                const char *start = q;
                for (;; q++) {
                    unsigned dgt;
                    if (*q >= '0' && *q <= '9')
                        dgt = (unsigned)(*q - '0');
                    else if (base == 16 && *q >= 'a' && *q <= 'f')
                        dgt = (unsigned)(*q - 'a' + 10);
                    else if (base == 16 && *q >= 'A' && *q <= 'F')
                        dgt = (unsigned)(*q - 'A' + 10);
                    else
                        break;
                    v = v * base + dgt;
                }
                if (q == start || (*q && *q != ' '))
                    return false;
                *val = v;
                return true;
            }
        }
        while (*p && *p != ' ')
            p++;
    }
    return false;
}
