/* The device tree each guest finds at the start of its RAM, built once at
 * boot (libfdt is used at boot only) and copied again on every reset. */
#include <libfdt.h>
#include <xen/arch.h>
#include <xen/coproc_host.h>
#include <xen/domain.h>
#include <xen/lib.h>
#include <xen/mm.h>

#define TRY(x) do { if ((err = (x)) < 0) goto fail; } while (0)

static int dt_reg64(void *fdt, uint64_t a, uint64_t s)
{
    fdt64_t reg[2] = { cpu_to_fdt64(a), cpu_to_fdt64(s) };
    return fdt_property(fdt, "reg", reg, sizeof(reg));
}

#define PL011_CLK_PHANDLE 2

static int guest_dt_pl011(void *fdt)
{
    char name[32];
    snprintf(name, sizeof(name), "pl011@%lx", GUEST_PL011_BASE);
    int e;
    if ((e = fdt_begin_node(fdt, "apb-pclk")) ||
        (e = fdt_property_string(fdt, "compatible", "fixed-clock")) ||
        (e = fdt_property_u32(fdt, "#clock-cells", 0)) ||
        (e = fdt_property_u32(fdt, "clock-frequency", 24000000)) ||
        (e = fdt_property_u32(fdt, "phandle", PL011_CLK_PHANDLE)) || (e = fdt_end_node(fdt)))
        return e;
    static const char compat[] = "arm,pl011\0arm,primecell";
    static const char clk_names[] = "uartclk\0apb_pclk";
    fdt32_t clocks[2] = { cpu_to_fdt32(PL011_CLK_PHANDLE), cpu_to_fdt32(PL011_CLK_PHANDLE) };
    fdt32_t irq[3] = { cpu_to_fdt32(0), cpu_to_fdt32(GUEST_PL011_SPI), cpu_to_fdt32(4) };
    if ((e = fdt_begin_node(fdt, name)) ||
        (e = fdt_property(fdt, "compatible", compat, sizeof(compat))) ||
        (e = dt_reg64(fdt, GUEST_PL011_BASE, GUEST_PL011_SIZE)) ||
        (e = fdt_property(fdt, "interrupts", irq, sizeof(irq))) ||
        (e = fdt_property(fdt, "clocks", clocks, sizeof(clocks))) ||
        (e = fdt_property(fdt, "clock-names", clk_names, sizeof(clk_names))) ||
        (e = fdt_end_node(fdt)))
        return e;
    return 0;
}

/* Copies node (with its properties and children) of src into fdt. */
static int guest_dt_copy_node(void *fdt, const void *src, int node, int depth)
{
    int e, prop, child;
    if (depth > 8)
        return -FDT_ERR_BADSTRUCTURE;
    if ((e = fdt_begin_node(fdt, fdt_get_name(src, node, NULL))))
        return e;
    fdt_for_each_property_offset(prop, src, node) {
        const char *name;
        int len;
        const void *val = fdt_getprop_by_offset(src, prop, &name, &len);
        if (!val || (e = fdt_property(fdt, name, val, len)))
            return val ? e : -FDT_ERR_BADSTRUCTURE;
    }
    fdt_for_each_subnode(child, src, node)
        if ((e = guest_dt_copy_node(fdt, src, child, depth + 1)))
            return e;
    return fdt_end_node(fdt);
}

/* A multiboot,device-tree module adds its nodes to the guest's DT, as Xen's
 * dom0less partial device trees do: the children of /passthrough if there is
 * one, otherwise every child of the root. */
static int guest_dt_merge_partial(void *fdt, const struct domain *d)
{
    const void *src = pa_to_ptr(d->partial_dt_pa);
    int parent = fdt_path_offset(src, "/passthrough");
    int child, e;
    if (parent < 0)
        parent = 0;
    unsigned n = 0;
    fdt_for_each_subnode(child, src, parent) {
        if ((e = guest_dt_copy_node(fdt, src, child, 0)))
            return e;
        n++;
    }
    printk("d%u: %u node(s) added to its device tree from its multiboot,device-tree module",
           d->id, n);
    return 0;
}

int guest_dt_build(struct domain *d)
{
    void *fdt = xzalloc(GUEST_DTB_MAX);
    char buf[64];
    if (!fdt)
        return -1;
    int err;
    TRY(fdt_create(fdt, GUEST_DTB_MAX));
    TRY(fdt_finish_reservemap(fdt));
    TRY(fdt_begin_node(fdt, ""));
    TRY(fdt_property_u32(fdt, "#address-cells", 2));
    TRY(fdt_property_u32(fdt, "#size-cells", 2));
    static const char compat[] = "vcoproc,guest\0linux,dummy-virt";
    TRY(fdt_property(fdt, "compatible", compat, sizeof(compat)));
    snprintf(buf, sizeof(buf), "vcoproc domain %u (%s)", d->id, d->name);
    TRY(fdt_property_string(fdt, "model", buf));
    TRY(arch_guest_dt_root_props(fdt, d));

    TRY(fdt_begin_node(fdt, "chosen"));
    if (d->bootargs)
        TRY(fdt_property_string(fdt, "bootargs", d->bootargs));
    if (d->has_vpl011) {
        snprintf(buf, sizeof(buf), "/pl011@%lx", GUEST_PL011_BASE);
        TRY(fdt_property_string(fdt, "stdout-path", buf));
    }
    TRY(fdt_property_u32(fdt, "vcoproc,domain-id", d->id));
    TRY(fdt_property_u32(fdt, "vcoproc,boot-count", 0));   /* set at each (re)start */
    if (d->initrd_size) {
        TRY(fdt_property_u64(fdt, "linux,initrd-start", GUEST_RAM_BASE + d->initrd_offset));
        TRY(fdt_property_u64(fdt, "linux,initrd-end",
                             GUEST_RAM_BASE + d->initrd_offset + d->initrd_size));
    }
    TRY(fdt_end_node(fdt));

    snprintf(buf, sizeof(buf), "memory@%lx", GUEST_RAM_BASE);
    TRY(fdt_begin_node(fdt, buf));
    TRY(fdt_property_string(fdt, "device_type", "memory"));
    TRY(dt_reg64(fdt, GUEST_RAM_BASE, d->ram_size));
    TRY(fdt_end_node(fdt));

    TRY(arch_guest_dt_add_nodes(fdt, d));
    if (d->has_vpl011)
        TRY(guest_dt_pl011(fdt));
    if (d->has_test_mmio) {
        snprintf(buf, sizeof(buf), "test-mmio@%lx", GUEST_TESTMMIO_BASE);
        TRY(fdt_begin_node(fdt, buf));
        TRY(fdt_property_string(fdt, "compatible", "vcoproc,test-mmio"));
        TRY(dt_reg64(fdt, GUEST_TESTMMIO_BASE, GUEST_TESTMMIO_SIZE));
        fdt32_t irq[3] = { cpu_to_fdt32(0), cpu_to_fdt32(GUEST_TESTMMIO_SPI), cpu_to_fdt32(1) };
        TRY(fdt_property(fdt, "interrupts", irq, sizeof(irq)));
        TRY(fdt_end_node(fdt));
    }
    TRY(coproc_host_guest_dt(fdt, d));
    if (d->partial_dt_pa)
        TRY(guest_dt_merge_partial(fdt, d));
    TRY(fdt_end_node(fdt));
    TRY(fdt_finish(fdt));
    d->guest_dtb = fdt;
    d->guest_dtb_size = fdt_totalsize(fdt);
    /* Remember where the boot count lives so a restart can update it
     * without libfdt (used at boot only). */
    int chosen = fdt_path_offset(fdt, "/chosen");
    const void *bc = fdt_getprop(fdt, chosen, "vcoproc,boot-count", NULL);
    if (!bc)
        goto fail;
    d->dt_boot_count_off = (uint32_t)((const uint8_t *)bc - (const uint8_t *)fdt);
    return 0;
fail:
    printk("d%u: cannot build its guest device tree (max %lu bytes): %s", d->id, GUEST_DTB_MAX,
           fdt_strerror(err));
    return -1;
}
