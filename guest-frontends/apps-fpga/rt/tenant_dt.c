/* Flattened device tree walk (devicetree spec, chapter 5): one pass over
 * the structure block, every offset and length checked against the blob. */
#include "tenant_dt.h"

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u
#define MAX_DEPTH 16

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool str_eq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static bool str_prefix(const char *s, const char *pre)
{
    while (*pre)
        if (*s++ != *pre++)
            return false;
    return true;
}

/* A cells value of n (1 or 2) cells at p. */
static uint64_t cells(const uint8_t *p, uint32_t n)
{
    return n == 2 ? (uint64_t)be32(p) << 32 | be32(p + 4) : be32(p);
}

struct node {
    const char *name;
    bool compat;
    const uint8_t *reg, *irq;
    uint32_t reg_len, irq_len;
};

static bool compat_has(const uint8_t *v, uint32_t len, const char *want)
{
    uint32_t i = 0;
    while (i < len) {
        const char *s = (const char *)v + i;
        uint32_t n = 0;
        while (i + n < len && s[n])
            n++;
        if (i + n == len)
            return false; /* not NUL-terminated */
        if (str_eq(s, want))
            return true;
        i += n + 1;
    }
    return false;
}

static int node_end(const struct node *nd, int depth, uint32_t ac, uint32_t sc,
                    struct tenant_dt *out, const char **why)
{
    if (depth == 1 && str_prefix(nd->name, "memory") && nd->reg && !out->mem_found) {
        if (nd->reg_len < 4 * (ac + sc))
            return *why = "memory node: reg shorter than its cells", -1;
        out->mem_found = true;
        out->mem_base = cells(nd->reg, ac);
        out->mem_size = cells(nd->reg + 4 * ac, sc);
    }
    if (!nd->compat || out->slot_found)
        return 0;
    if (!nd->reg || nd->reg_len < 4 * (ac + sc))
        return *why = "sfpga-slot node: reg missing or short", -1;
    out->slot_found = true;
    out->slot_base = cells(nd->reg, ac);
    out->slot_size = cells(nd->reg + 4 * ac, sc);
    if (nd->irq) {
        if (nd->irq_len < 12)
            return *why = "sfpga-slot node: interrupts needs 3 cells", -1;
        uint32_t type = be32(nd->irq), num = be32(nd->irq + 4), flags = be32(nd->irq + 8);
        if (type > 1 || (type == 0 && num > 987) || (type == 1 && num > 15))
            return *why = "sfpga-slot node: interrupts type or number out of range", -1;
        out->slot_irq_found = true;
        out->slot_intid = (type == 0 ? 32 : 16) + num;
        out->slot_edge = (flags & 0xf) == 1 || (flags & 0xf) == 2;
    }
    return 0;
}

int tenant_dt_parse(const void *fdt, struct tenant_dt *out, const char **why)
{
    const uint8_t *b = fdt;
    static const char *dummy;
    if (!why)
        why = &dummy;
    for (unsigned i = 0; i < sizeof *out; i++)
        ((uint8_t *)out)[i] = 0;
    if (!b || be32(b) != FDT_MAGIC)
        return *why = "no FDT magic", -1;
    uint32_t total = be32(b + 4), so = be32(b + 8), stro = be32(b + 12);
    uint32_t strsz = be32(b + 32), structsz = be32(b + 36);
    if (total < 40 || so > total || structsz > total - so || stro > total || strsz > total - stro)
        return *why = "FDT header offsets outside the blob", -1;
    const uint8_t *p = b + so, *end = p + structsz;
    const char *strs = (const char *)b + stro;
    uint32_t ac = 2, sc = 1; /* the spec's defaults */
    struct node stack[MAX_DEPTH];
    int depth = 0;
    while (p + 4 <= end) {
        uint32_t tok = be32(p);
        p += 4;
        if (tok == FDT_BEGIN_NODE) {
            const char *name = (const char *)p;
            while (p < end && *p)
                p++;
            if (p >= end)
                return *why = "node name runs past the structure block", -1;
            p += 1;
            p = b + ((p - b + 3) & ~(uintptr_t)3);
            if (depth >= MAX_DEPTH)
                return *why = "tree deeper than 16 levels", -1;
            stack[depth++] = (struct node){ .name = name };
        } else if (tok == FDT_END_NODE) {
            if (depth == 0)
                return *why = "unbalanced END_NODE", -1;
            depth--;
            if (node_end(&stack[depth], depth, ac, sc, out, why))
                return -1;
        } else if (tok == FDT_PROP) {
            if (p + 8 > end)
                return *why = "property header past the end", -1;
            uint32_t len = be32(p), nameoff = be32(p + 4);
            const uint8_t *v = p + 8;
            if (len > (uint32_t)(end - v) || nameoff >= strsz || depth == 0)
                return *why = "property outside the blob", -1;
            const char *pn = strs + nameoff;
            struct node *nd = &stack[depth - 1];
            if (depth == 1 && str_eq(pn, "#address-cells") && len == 4)
                ac = be32(v);
            else if (depth == 1 && str_eq(pn, "#size-cells") && len == 4)
                sc = be32(v);
            else if (str_eq(pn, "compatible"))
                nd->compat = compat_has(v, len, TENANT_DT_COMPATIBLE);
            else if (str_eq(pn, "reg"))
                nd->reg = v, nd->reg_len = len;
            else if (str_eq(pn, "interrupts"))
                nd->irq = v, nd->irq_len = len;
            else if (depth == 2 && str_eq(nd->name, "chosen") && str_eq(pn, "bootargs")) {
                uint32_t n = len < sizeof out->bootargs ? len : sizeof out->bootargs - 1;
                for (uint32_t i = 0; i < n; i++)
                    out->bootargs[i] = (char)v[i];
                out->bootargs[n] = 0;
            }
            if ((ac != 1 && ac != 2) || (sc != 1 && sc != 2))
                return *why = "#address-cells/#size-cells not 1 or 2", -1;
            p = v + ((len + 3) & ~3u);
        } else if (tok == FDT_NOP) {
            continue;
        } else if (tok == FDT_END) {
            return depth ? (*why = "FDT_END inside a node", -1) : 0;
        } else {
            return *why = "unknown structure token", -1;
        }
    }
    return *why = "structure block ends without FDT_END", -1;
}

bool tenant_dt_arg(const char *args, const char *key, char *buf, unsigned len)
{
    const char *p = args;
    while (p && *p) {
        while (*p == ' ')
            p++;
        const char *k = key, *q = p;
        while (*k && *q == *k)
            k++, q++;
        if (!*k && (*q == '=' || *q == ' ' || !*q)) {
            unsigned n = 0;
            if (*q == '=')
                q++;
            while (*q && *q != ' ' && n + 1 < len)
                buf[n++] = *q++;
            if (len)
                buf[n] = 0;
            return true;
        }
        while (*p && *p != ' ')
            p++;
    }
    return false;
}

bool tenant_dt_parse_u64(const char *s, uint64_t *v)
{
    uint64_t x = 0;
    unsigned base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        base = 16, s += 2;
    if (!*s)
        return false;
    for (; *s; s++) {
        unsigned d;
        if (*s >= '0' && *s <= '9')
            d = (unsigned)(*s - '0');
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = (unsigned)(*s - 'a' + 10);
        else if (base == 16 && *s >= 'A' && *s <= 'F')
            d = (unsigned)(*s - 'A' + 10);
        else
            return false;
        if (x > (UINT64_MAX - d) / base)
            return false;
        x = x * base + d;
    }
    *v = x;
    return true;
}
