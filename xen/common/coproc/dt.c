/* The device-tree half of the framework's platform: reading host nodes
 * (at boot, with libfdt) and writing a guest's node into its DT. A node
 * backed by an ivshmem device (`vcoproc,pci-bdf`) takes its `reg` and
 * interrupts from the device: BAR2 and the MSI-X vectors' LPIs. */
#include <coproc/coproc.h>
#include <libfdt.h>
#include <xen/host.h>
#include <xen/lib.h>
#include "host.h"

const char *platform_dt_node_name(const struct platform_dt_node *n)
{
    return fdt_get_name(n->fdt, n->off, NULL);
}

bool platform_dt_is_compatible(const struct platform_dt_node *n, const char *compat)
{
    return fdt_node_check_compatible(n->fdt, n->off, compat) == 0;
}

int platform_dt_read_u32(const struct platform_dt_node *n, const char *prop, uint32_t *out)
{
    int len;
    const fdt32_t *p = fdt_getprop(n->fdt, n->off, prop, &len);
    if (!p)
        return COPROC_ENOENT;
    if (len != 4)
        return COPROC_EINVAL;
    *out = fdt32_to_cpu(*p);
    return COPROC_OK;
}

int platform_dt_read_u64(const struct platform_dt_node *n, const char *prop, uint64_t *out)
{
    int len;
    const fdt32_t *p = fdt_getprop(n->fdt, n->off, prop, &len);
    if (!p)
        return COPROC_ENOENT;
    if (len != 4 && len != 8)
        return COPROC_EINVAL;
    *out = dt_read_cells(p, len / 4);
    return COPROC_OK;
}

const char *platform_dt_read_string(const struct platform_dt_node *n, const char *prop)
{
    int len;
    const char *s = fdt_getprop(n->fdt, n->off, prop, &len);
    return s && len > 0 && s[len - 1] == '\0' ? s : NULL;
}

int platform_dt_read_reg(const struct platform_dt_node *n, unsigned index, uint64_t *base,
                         uint64_t *size)
{
    if (n->transport) {
        if (index > 0)
            return COPROC_ENOENT;
        *base = n->transport->base;
        *size = n->transport->size;
        return COPROC_OK;
    }
    int parent = fdt_parent_offset(n->fdt, n->off);
    int ac = fdt_address_cells(n->fdt, parent), sc = fdt_size_cells(n->fdt, parent);
    int len;
    const fdt32_t *reg = fdt_getprop(n->fdt, n->off, "reg", &len);
    if (!reg)
        return COPROC_ENOENT;
    if (ac < 1 || ac > 2 || sc < 1 || sc > 2 || len % ((ac + sc) * 4))
        return COPROC_EINVAL;
    if ((index + 1) * (unsigned)(ac + sc) * 4 > (unsigned)len)
        return COPROC_ENOENT;
    reg += index * (unsigned)(ac + sc);
    *base = dt_read_cells(reg, ac);
    *size = dt_read_cells(reg + ac, sc);
    return COPROC_OK;
}

/* GIC specifier: <type number flags>, type 0 = SPI (INTID 32 + n), 1 = PPI
 * (INTID 16 + n). */
int platform_dt_read_irq(const struct platform_dt_node *n, unsigned index, uint32_t *intid)
{
    if (n->transport) {
        if (index >= n->transport->nr_vectors)
            return COPROC_ENOENT;
        *intid = n->transport->lpi[index];
        return COPROC_OK;
    }
    int len;
    const fdt32_t *p = fdt_getprop(n->fdt, n->off, "interrupts", &len);
    if (!p)
        return COPROC_ENOENT;
    if (len % 12)
        return COPROC_EINVAL;
    if ((index + 1) * 12 > (unsigned)len)
        return COPROC_ENOENT;
    uint32_t type = fdt32_to_cpu(p[index * 3]), num = fdt32_to_cpu(p[index * 3 + 1]);
    if (type > 1 || (type == 0 && num >= 988) || (type == 1 && num >= 16))
        return COPROC_EINVAL;
    *intid = (type ? 16 : 32) + num;
    return COPROC_OK;
}

int platform_dtw_begin_node(struct platform_dt_writer *w, const char *name)
{
    return fdt_begin_node(w->fdt, name) ? COPROC_EINVAL : COPROC_OK;
}

int platform_dtw_prop_string(struct platform_dt_writer *w, const char *prop, const char *s)
{
    return fdt_property_string(w->fdt, prop, s) ? COPROC_EINVAL : COPROC_OK;
}

int platform_dtw_prop_cells(struct platform_dt_writer *w, const char *prop, const uint32_t *cells,
                            unsigned n)
{
    fdt32_t be[16];
    if (n > 16)
        return COPROC_EINVAL;
    for (unsigned i = 0; i < n; i++)
        be[i] = cpu_to_fdt32(cells[i]);
    return fdt_property(w->fdt, prop, be, (int)(n * 4)) ? COPROC_EINVAL : COPROC_OK;
}

int platform_dtw_end_node(struct platform_dt_writer *w)
{
    return fdt_end_node(w->fdt) ? COPROC_EINVAL : COPROC_OK;
}
