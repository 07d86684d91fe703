/* Merging the system description into the board DTB.
 *
 * The output is written afresh with libfdt's sequential-write API so that
 * order is predictable: each node keeps the board's properties and children
 * first, in the board's order, followed by what only the config has, in the
 * config's order. Domains therefore keep the order the config gives them,
 * which is the order the hypervisor numbers them in. Where both trees have
 * the same property, the config's value wins (the config is the user's
 * explicit wish); nodes are paired by their exact full names. */
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "sysdt.h"

/* Every libfdt call below may run out of room; the caller retries the whole
 * merge with a bigger buffer, so errors are just passed up. */
#define MERGE_TRY(expr) do { int e_ = (expr); if (e_) return e_; } while (0)

static int merge_copy_props(void *sw, const void *from, int from_node,
                            const void *over, int over_node, const void *skip, int skip_node)
{
    int prop;

    fdt_for_each_property_offset(prop, from, from_node) {
        const char *name;
        int len;
        const void *val = fdt_getprop_by_offset(from, prop, &name, &len);

        if (!val)
            return len;
        if (skip && fdt_getprop(skip, skip_node, name, NULL))
            continue;   /* the other tree emits this one */
        if (over) {
            int olen;
            const void *oval = fdt_getprop(over, over_node, name, &olen);

            if (oval) {
                val = oval;
                len = olen;
            }
        }
        MERGE_TRY(fdt_property(sw, name, val, len));
    }
    return 0;
}

/* Emits one node: the board's version (b_node, or -1) merged with the
 * config's (c_node, or -1). At least one of them exists. */
static int merge_emit_node(void *sw, const void *b, int b_node, const void *c, int c_node)
{
    const char *name = b_node >= 0 ? fdt_get_name(b, b_node, NULL)
                                   : fdt_get_name(c, c_node, NULL);
    int child;

    if (!name)
        return -FDT_ERR_BADSTRUCTURE;
    MERGE_TRY(fdt_begin_node(sw, name));
    if (b_node >= 0)
        MERGE_TRY(merge_copy_props(sw, b, b_node, c_node >= 0 ? c : NULL, c_node, NULL, 0));
    if (c_node >= 0)
        MERGE_TRY(merge_copy_props(sw, c, c_node, NULL, 0, b_node >= 0 ? b : NULL, b_node));
    if (b_node >= 0) {
        fdt_for_each_subnode(child, b, b_node) {
            int pair = c_node >= 0 ? dtb_find_child(c, c_node, fdt_get_name(b, child, NULL)) : -1;

            MERGE_TRY(merge_emit_node(sw, b, child, c, pair < 0 ? -1 : pair));
        }
    }
    if (c_node >= 0) {
        fdt_for_each_subnode(child, c, c_node) {
            if (b_node >= 0 && dtb_find_child(b, b_node, fdt_get_name(c, child, NULL)) >= 0)
                continue;   /* already emitted, merged, above */
            MERGE_TRY(merge_emit_node(sw, b, -1, c, child));
        }
    }
    return fdt_end_node(sw);
}

static int merge_copy_rsvmap(void *sw, const void *fdt)
{
    int n = fdt_num_mem_rsv(fdt);

    if (n < 0)
        return n;
    for (int i = 0; i < n; i++) {
        uint64_t addr, size;

        MERGE_TRY(fdt_get_mem_rsv(fdt, i, &addr, &size));
        MERGE_TRY(fdt_add_reservemap_entry(sw, addr, size));
    }
    return 0;
}

static int merge_write(void *buf, size_t size, const void *b, const void *c)
{
    MERGE_TRY(fdt_create(buf, (int)size));
    MERGE_TRY(merge_copy_rsvmap(buf, b));
    MERGE_TRY(merge_copy_rsvmap(buf, c));
    MERGE_TRY(fdt_finish_reservemap(buf));
    MERGE_TRY(merge_emit_node(buf, b, 0, c, 0));
    MERGE_TRY(fdt_finish(buf));
    fdt_set_boot_cpuid_phys(buf, fdt_boot_cpuid_phys(b));
    return 0;
}

/* dtc numbers the config's phandles from 1 and QEMU the board's from
 * 0x8000; nothing can renumber references inside arbitrary properties, so a
 * clash is the config author's to resolve, and is reported by name. */
static void merge_check_phandles(const struct dtb *board, const struct dtb *config)
{
    for (int node = fdt_next_node(config->blob, -1, NULL); node >= 0;
         node = fdt_next_node(config->blob, node, NULL)) {
        uint32_t ph = fdt_get_phandle(config->blob, node);
        char cpath[1024];
        int other;

        if (!ph)
            continue;
        snprintf(cpath, sizeof(cpath), "%s", dtb_node_path(config, node));
        other = fdt_node_offset_by_phandle(board->blob, ph);
        if (other >= 0 && strcmp(cpath, dtb_node_path(board, other)) != 0)
            diag_fail("config node %s: phandle 0x%x is already used by board node %s",
                      cpath, ph, dtb_node_path(board, other));
        other = fdt_path_offset(board->blob, cpath);
        if (other >= 0 && fdt_get_phandle(board->blob, other) &&
            fdt_get_phandle(board->blob, other) != ph)
            diag_fail("config node %s: phandle 0x%x would replace the board's 0x%x "
                      "for the same node, breaking references to it",
                      cpath, ph, fdt_get_phandle(board->blob, other));
    }
}

void merge_config_into_board(const struct dtb *board, const struct dtb *config, struct dtb *out)
{
    size_t size;
    void *buf;
    int err;

    if (fdt_path_offset(config->blob, "/chosen") < 0)
        diag_fail("config DTB '%s' has no /chosen node (domains are described under /chosen)",
                  config->file);
    merge_check_phandles(board, config);
    size = fdt_size_dt_struct(board->blob) + fdt_size_dt_strings(board->blob) +
           fdt_totalsize(config->blob) + 4096;
    for (;;) {
        buf = xalloc_bytes(size);
        err = merge_write(buf, size, board->blob, config->blob);
        if (err != -FDT_ERR_NOSPACE)
            break;
        free(buf);
        size *= 2;
    }
    if (err) {
        free(buf);
        diag_fail("cannot merge config '%s' into board '%s': %s",
                  config->file, board->file, fdt_strerror(err));
    }
    out->blob = buf;
    out->size = size;
    out->what = "output DTB";
    out->file = NULL;
}
