/* Module placement: every node under /chosen that names a file in
 * `vcoproc,image` and has no `reg` yet gets the next free 64 KiB-aligned
 * slot of the module area, in DT order, and a `reg` written with its parent
 * (domain) node's #address-cells/#size-cells. A module that already has
 * `reg` is left exactly as written and nothing is loaded for it: tests use
 * that to hand the hypervisor crafted, even invalid, modules. Whether the
 * result makes a sensible domain is the hypervisor's call, not this tool's. */
#include <errno.h>
#include <libfdt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sysdt.h"

/* Reads one of the parent's cell counts; only 1 and 2 can hold the module
 * area's addresses and sizes, anything else cannot be written faithfully. */
static unsigned place_read_cells(const struct dtb *out, int parent, const char *prop,
                                 const char *module)
{
    int len;
    const fdt32_t *v = fdt_getprop(out->blob, parent, prop, &len);
    char ppath[1024];
    unsigned n;

    snprintf(ppath, sizeof(ppath), "%s", dtb_node_path(out, parent));
    if (!v)
        diag_fail("domain %s has no %s (needed to write reg of module %s)",
                  ppath, prop, module);
    if (len != 4)
        diag_fail("domain %s: %s must be one cell, not %d bytes", ppath, prop, len);
    n = fdt32_to_cpu(*v);
    if (n != 1 && n != 2)
        diag_fail("domain %s: %s = <%u> cannot describe module %s (use 1 or 2)",
                  ppath, prop, n, module);
    return n;
}

/* Writes value into cells big-endian cells, most significant first. */
static void place_put_cells(fdt32_t *dst, unsigned cells, uint64_t value)
{
    if (cells == 2)
        *dst++ = cpu_to_fdt32((uint32_t)(value >> 32));
    *dst = cpu_to_fdt32((uint32_t)value);
}

static const char *place_read_image(const struct dtb *out, int node, const char *module)
{
    int len;
    const char *img = fdt_getprop(out->blob, node, "vcoproc,image", &len);

    if (len <= 1 || img[len - 1] != '\0' || strlen(img) != (size_t)len - 1)
        diag_fail("module %s: vcoproc,image must be one non-empty string naming a file",
                  module);
    return img;
}

static void place_add(struct sysdt_modules *mods, const char *node, const char *image,
                      machine_pa_t addr, uint64_t size)
{
    struct sysdt_module *m;

    if (mods->n == mods->cap) {
        mods->cap = mods->cap ? mods->cap * 2 : 8;
        mods->v = realloc(mods->v, mods->cap * sizeof(*mods->v));
        if (!mods->v)
            diag_fail("out of memory placing module %s", node);
    }
    m = &mods->v[mods->n++];
    m->node = xalloc_strdup(node);
    m->image = xalloc_strdup(image);
    m->addr = addr;
    m->size = size;
}

/* Places one module node; returns the first free address after it. */
static machine_pa_t place_one(struct dtb *out, int node, machine_pa_t next,
                              struct sysdt_modules *mods)
{
    char module[1024], abs[PATH_MAX];
    const char *img;
    unsigned ac, sc;
    machine_pa_t addr;
    fdt32_t reg[4];
    struct stat st;
    int parent;

    snprintf(module, sizeof(module), "%s", dtb_node_path(out, node));
    img = place_read_image(out, node, module);
    parent = fdt_parent_offset(out->blob, node);
    ac = place_read_cells(out, parent, "#address-cells", module);
    sc = place_read_cells(out, parent, "#size-cells", module);
    if (stat(img, &st) != 0 || !realpath(img, abs))
        diag_fail("module %s: vcoproc,image '%s': %s", module, img, strerror(errno));
    if (!S_ISREG(st.st_mode))
        diag_fail("module %s: vcoproc,image '%s' is not a regular file", module, img);
    if (st.st_size == 0)
        diag_fail("module %s: vcoproc,image '%s' is empty", module, img);
    addr = (next + SYSDT_MODULE_ALIGN - 1) & ~(machine_pa_t)(SYSDT_MODULE_ALIGN - 1);
    if (addr >= SYSDT_MODULE_AREA_END ||
        (uint64_t)st.st_size > SYSDT_MODULE_AREA_END - addr)
        diag_fail("module %s: vcoproc,image '%s' (%lld bytes) overflows the module area "
                  "0x%llx-0x%llx (%llu bytes left at 0x%llx)", module, img,
                  (long long)st.st_size, (unsigned long long)SYSDT_MODULE_AREA_BASE,
                  (unsigned long long)SYSDT_MODULE_AREA_END,
                  (unsigned long long)(addr < SYSDT_MODULE_AREA_END ?
                                       SYSDT_MODULE_AREA_END - addr : 0),
                  (unsigned long long)addr);
    place_put_cells(reg, ac, addr);
    place_put_cells(reg + ac, sc, (uint64_t)st.st_size);
    dtb_set_prop(out, node, "reg", reg, (int)((ac + sc) * sizeof(fdt32_t)));
    place_add(mods, module, abs, addr, (uint64_t)st.st_size);
    return addr + (uint64_t)st.st_size;
}

void place_modules(struct dtb *out, struct sysdt_modules *mods)
{
    machine_pa_t next = SYSDT_MODULE_AREA_BASE;
    int chosen = fdt_path_offset(out->blob, "/chosen");
    int node, depth = 0;

    if (chosen < 0)
        diag_fail("output DTB has no /chosen node");
    /* Setting reg only moves what follows the current node, and the walk
     * resumes from the current node's offset, so editing while walking is
     * safe; depth tells when the walk leaves /chosen. */
    for (node = fdt_next_node(out->blob, chosen, &depth); node >= 0 && depth > 0;
         node = fdt_next_node(out->blob, node, &depth)) {
        if (!fdt_getprop(out->blob, node, "vcoproc,image", NULL) ||
            fdt_getprop(out->blob, node, "reg", NULL))
            continue;
        next = place_one(out, node, next, mods);
    }
}
