/* Reading, growing and writing flattened device trees. Every tree the tool
 * reads is checked in full first, so later walks can trust its structure. */
#include <errno.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "sysdt.h"

#define DTB_MAX_FILE (64u << 20)   /* far above any real DTB; bounds the read */

static uint32_t dtb_be32(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;

    return (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | u[3];
}

/* Walks the structure block tag by tag before libfdt looks at it: libfdt
 * 1.6.1's fdt_check_full loops forever, or reads out of bounds, on a
 * property length that wraps an offset around. Each step here moves
 * forward by at least one tag and stays inside the block, and every
 * property's value and name are checked to lie inside theirs. */
static int dtb_scan_struct(const char *fdt)
{
    const char *base = fdt + fdt_off_dt_struct(fdt);
    const char *strings = fdt + fdt_off_dt_strings(fdt);
    uint32_t size = fdt_size_dt_struct(fdt), strings_size = fdt_size_dt_strings(fdt);
    uint32_t off = 0, depth = 0;

    while (size - off >= 4) {
        uint32_t tag = dtb_be32(base + off), len, name;
        const char *nul;

        off += 4;
        switch (tag) {
        case FDT_BEGIN_NODE:
            nul = memchr(base + off, '\0', size - off);
            if (!nul)
                return -FDT_ERR_BADSTRUCTURE;
            off = (uint32_t)(nul - base) + 1;
            depth++;
            break;
        case FDT_END_NODE:
            if (depth-- == 0)
                return -FDT_ERR_BADSTRUCTURE;
            break;
        case FDT_PROP:
            if (size - off < 8)
                return -FDT_ERR_BADSTRUCTURE;
            len = dtb_be32(base + off);
            name = dtb_be32(base + off + 4);
            off += 8;
            if (len > size - off || name >= strings_size ||
                !memchr(strings + name, '\0', strings_size - name))
                return -FDT_ERR_BADSTRUCTURE;
            off += len;
            break;
        case FDT_NOP:
            break;
        case FDT_END:
            return depth == 0 ? 0 : -FDT_ERR_BADSTRUCTURE;
        default:
            return -FDT_ERR_BADSTRUCTURE;
        }
        off = (off + 3) & ~3u;
        if (off > size)
            return -FDT_ERR_BADSTRUCTURE;
    }
    return -FDT_ERR_TRUNCATED;
}

void dtb_load(struct dtb *d, const char *file, const char *what)
{
    FILE *f = fopen(file, "rb");
    size_t cap = 4096, len = 0;
    char *buf;

    if (!f)
        diag_fail("cannot read %s '%s': %s", what, file, strerror(errno));
    buf = xalloc_bytes(cap);
    for (;;) {
        size_t got = fread(buf + len, 1, cap - len, f);

        len += got;
        if (len < cap)
            break;
        if (cap >= DTB_MAX_FILE)
            diag_fail("%s '%s' is larger than %u bytes", what, file, DTB_MAX_FILE);
        cap *= 2;
        buf = realloc(buf, cap);
        if (!buf)
            diag_fail("out of memory reading %s '%s'", what, file);
    }
    if (ferror(f))
        diag_fail("cannot read %s '%s': %s", what, file, strerror(errno));
    fclose(f);
    dtb_adopt(d, buf, len, file, what);
}

/* Takes ownership of buf (len bytes) at once, so that a caller that
 * recovers from the error can still free it through d. */
void dtb_adopt(struct dtb *d, void *buf, size_t len, const char *file, const char *what)
{
    int err;

    d->blob = buf;
    d->size = len;
    d->what = what;
    d->file = file;
    if (len < sizeof(struct fdt_header))
        diag_fail("%s '%s' is not a DTB: only %zu bytes", what, file, len);
    err = fdt_check_header(buf);
    /* dtc and QEMU write version 17; libfdt 1.6.1's full check can crash on
     * the old layouts it otherwise accepts, so they are refused up front. */
    if (!err && fdt_version(buf) < 17)
        diag_fail("%s '%s' is DTB version %u; only version 17 or later is read",
                  what, file, fdt_version(buf));
    if (!err && fdt_totalsize(buf) > len)
        err = -FDT_ERR_TRUNCATED;
    if (!err)
        err = dtb_scan_struct(buf);
    if (!err)
        err = fdt_check_full(buf, len);
    if (err)
        diag_fail("%s '%s' is not a valid DTB: %s", what, file, fdt_strerror(err));
}

void dtb_write(struct dtb *d, const char *file)
{
    FILE *f;
    int err = fdt_pack(d->blob);

    if (err)
        diag_fail("cannot pack the output DTB: %s", fdt_strerror(err));
    f = fopen(file, "wb");
    if (!f)
        diag_fail("cannot write output DTB '%s': %s", file, strerror(errno));
    if (fwrite(d->blob, 1, fdt_totalsize(d->blob), f) != fdt_totalsize(d->blob) ||
        fclose(f) != 0)
        diag_fail("cannot write output DTB '%s': %s", file, strerror(errno));
}

/* Node offsets count from the start of the structure block, which
 * fdt_open_into keeps first, so they stay valid across a grow. */
static void dtb_grow(struct dtb *d, size_t extra)
{
    size_t size = d->size * 2 + extra;
    void *blob = xalloc_bytes(size);
    int err = fdt_open_into(d->blob, blob, (int)size);

    if (err) {
        free(blob);
        diag_fail("cannot enlarge the %s: %s", d->what, fdt_strerror(err));
    }
    free(d->blob);
    d->blob = blob;
    d->size = size;
}

void dtb_set_prop(struct dtb *d, int node, const char *name, const void *val, int len)
{
    int err;

    while ((err = fdt_setprop(d->blob, node, name, val, len)) == -FDT_ERR_NOSPACE)
        dtb_grow(d, (size_t)len + strlen(name) + 64);
    if (err)
        diag_fail("%s: cannot set %s: %s", dtb_node_path(d, node), name, fdt_strerror(err));
}

/* Returns the node's path in a static buffer: for one message at a time. */
const char *dtb_node_path(const struct dtb *d, int node)
{
    static char path[1024];

    if (fdt_get_path(d->blob, node, path, sizeof(path)) != 0)
        snprintf(path, sizeof(path), "<node at offset %d>", node);
    return path;
}

/* libfdt's own lookup lets "chosen" match "chosen@0"; merging must pair
 * nodes by their exact full names. */
int dtb_find_child(const void *fdt, int parent, const char *name)
{
    int child;

    fdt_for_each_subnode(child, fdt, parent) {
        const char *n = fdt_get_name(fdt, child, NULL);

        if (n && strcmp(n, name) == 0)
            return child;
    }
    return -FDT_ERR_NOTFOUND;
}

void dtb_free(struct dtb *d)
{
    free(d->blob);
    d->blob = NULL;
    d->size = 0;
}
