/* Device-tree nodes for the simulator: a node is a name plus text
 * properties (what a scenario line says), read through the platform's DT
 * accessors exactly as the hypervisor reads a flattened tree. The writer
 * produces device-tree source text. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "sim/sim.h"

#define DT_MAX_PROPS 32

struct dt_prop {
    char key[48];
    char val[160];
};

struct platform_dt_node {
    char name[48];
    unsigned n;
    struct dt_prop props[DT_MAX_PROPS];
};

struct platform_dt_node *sim_dt_node_new(const char *name)
{
    struct platform_dt_node *n = calloc(1, sizeof(*n));
    if (n)
        snprintf(n->name, sizeof(n->name), "%s", name);
    return n;
}

void sim_dt_node_free(struct platform_dt_node *n)
{
    free(n);
}

int sim_dt_set(struct platform_dt_node *n, const char *prop, const char *val)
{
    if (strlen(prop) >= sizeof(n->props[0].key) || strlen(val) >= sizeof(n->props[0].val))
        return COPROC_EINVAL;
    for (unsigned i = 0; i < n->n; i++) {
        if (!strcmp(n->props[i].key, prop)) {
            snprintf(n->props[i].val, sizeof(n->props[i].val), "%s", val);
            return 0;
        }
    }
    if (n->n == DT_MAX_PROPS)
        return COPROC_ENOMEM;
    snprintf(n->props[n->n].key, sizeof(n->props[0].key), "%s", prop);
    snprintf(n->props[n->n].val, sizeof(n->props[0].val), "%s", val);
    n->n++;
    return 0;
}

static const char *dt_get(const struct platform_dt_node *n, const char *prop)
{
    for (unsigned i = 0; i < n->n; i++)
        if (!strcmp(n->props[i].key, prop))
            return n->props[i].val;
    return NULL;
}

/* The index-th whitespace-separated number of a property. */
static int dt_number(const struct platform_dt_node *n, const char *prop, unsigned index,
                     uint64_t *out)
{
    const char *s = dt_get(n, prop);
    if (!s)
        return COPROC_ENOENT;
    for (unsigned i = 0;; i++) {
        while (*s == ' ')
            s++;
        if (!*s)
            return COPROC_ENOENT;
        char *end;
        errno = 0;
        unsigned long long v = strtoull(s, &end, 0);
        if (end == s || errno || (*end && *end != ' '))
            return COPROC_EINVAL;
        if (i == index) {
            *out = v;
            return 0;
        }
        s = end;
    }
}

const char *platform_dt_node_name(const struct platform_dt_node *n)
{
    return n->name;
}

bool platform_dt_is_compatible(const struct platform_dt_node *n, const char *compat)
{
    const char *s = dt_get(n, "compatible");
    size_t len = strlen(compat);
    while (s && *s) {
        while (*s == ' ')
            s++;
        size_t w = strcspn(s, " ");
        if (w == len && !strncmp(s, compat, len))
            return true;
        s += w;
    }
    return false;
}

int platform_dt_read_u32(const struct platform_dt_node *n, const char *prop, uint32_t *out)
{
    uint64_t v;
    int err = dt_number(n, prop, 0, &v);
    if (err)
        return err;
    if (v > UINT32_MAX)
        return COPROC_EINVAL;
    *out = (uint32_t)v;
    return 0;
}

int platform_dt_read_u64(const struct platform_dt_node *n, const char *prop, uint64_t *out)
{
    return dt_number(n, prop, 0, out);
}

const char *platform_dt_read_string(const struct platform_dt_node *n, const char *prop)
{
    return dt_get(n, prop);
}

int platform_dt_read_reg(const struct platform_dt_node *n, unsigned index, uint64_t *base,
                         uint64_t *size)
{
    int err = dt_number(n, "reg", 2 * index, base);
    if (!err)
        err = dt_number(n, "reg", 2 * index + 1, size);
    return err;
}

int platform_dt_read_irq(const struct platform_dt_node *n, unsigned index, uint32_t *intid)
{
    uint64_t v;
    int err = dt_number(n, "interrupts", index, &v);
    if (err)
        return err;
    if (v > 1019)
        return COPROC_EINVAL;
    *intid = (uint32_t)v;
    return 0;
}

/* ---- writer: device-tree source text ---- */
struct platform_dt_writer {
    char *buf;
    size_t len, cap;
    int depth;
};

struct platform_dt_writer *sim_dtw_new(void)
{
    return calloc(1, sizeof(struct platform_dt_writer));
}

void sim_dtw_free(struct platform_dt_writer *w)
{
    if (w)
        free(w->buf);
    free(w);
}

const char *sim_dtw_text(const struct platform_dt_writer *w)
{
    return w->buf ? w->buf : "";
}

static int dtw_put(struct platform_dt_writer *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int dtw_put(struct platform_dt_writer *w, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(tmp))
        return COPROC_EINVAL;
    if (w->len + (size_t)n + 1 > w->cap) {
        size_t ncap = (w->cap ? w->cap * 2 : 256) + (size_t)n;
        char *nb = realloc(w->buf, ncap);
        if (!nb)
            return COPROC_ENOMEM;
        w->buf = nb;
        w->cap = ncap;
    }
    memcpy(w->buf + w->len, tmp, (size_t)n + 1);
    w->len += (size_t)n;
    return 0;
}

int platform_dtw_begin_node(struct platform_dt_writer *w, const char *name)
{
    int err = dtw_put(w, "%*s%s {\n", w->depth * 4, "", name);
    w->depth++;
    return err;
}

int platform_dtw_prop_string(struct platform_dt_writer *w, const char *prop, const char *s)
{
    return dtw_put(w, "%*s%s = \"%s\";\n", w->depth * 4, "", prop, s);
}

int platform_dtw_prop_cells(struct platform_dt_writer *w, const char *prop, const uint32_t *cells,
                            unsigned n)
{
    int err = dtw_put(w, "%*s%s = <", w->depth * 4, "", prop);
    for (unsigned i = 0; i < n && !err; i++)
        err = dtw_put(w, i ? " 0x%x" : "0x%x", cells[i]);
    return err ? err : dtw_put(w, ">;\n");
}

int platform_dtw_end_node(struct platform_dt_writer *w)
{
    if (w->depth == 0)
        return COPROC_EINVAL;
    w->depth--;
    return dtw_put(w, "%*s};\n", w->depth * 4, "");
}
