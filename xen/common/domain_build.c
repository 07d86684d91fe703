/*
 * Domains from the host DT (Xen dom0less bindings, docs/bindings.md): parse
 * every "xen,domain" node under /chosen, check it, place its RAM, then build
 * it. Any bad node stops the boot with a message naming node and property:
 * nothing runs from a configuration that is half understood.
 */
#include <libfdt.h>
#include <xen/arch.h>
#include <xen/domain.h>
#include <xen/host.h>
#include <xen/lib.h>
#include <xen/mm.h>

struct domain domains[MAX_DOMAINS];
unsigned nr_domains;

static char dt_paths[MAX_DOMAINS][64];
static const void *host_fdt;

#define CONFIG_ERROR(d, ...) do { \
        char m_[160]; snprintf(m_, sizeof(m_), __VA_ARGS__); \
        printk("config error: %s: %s", (d)->dt_path, m_); return -1; } while (0)

struct module {
    paddr_t start;
    uint64_t size;
};
static struct module all_modules[MAX_DOMAINS * 2];
static unsigned nr_all_modules;

/* Bytes an image occupies from its load address: the arm64 Image header's
 * image_size when there is one (magic "ARM\x64" at offset 56), else its size. */
static uint64_t image_span(const uint8_t *img, uint64_t size)
{
    if (size >= 64 && img[56] == 'A' && img[57] == 'R' && img[58] == 'M' && img[59] == 0x64) {
        uint64_t image_size = 0;
        memcpy(&image_size, img + 16, sizeof(image_size));
        return MAX(image_size, size);
    }
    return size;
}

static bool fdt_compatible(const void *fdt, int node, const char *c)
{
    return fdt_node_check_compatible(fdt, node, c) == 0;
}

static int parse_module(struct domain *d, int node, int ac, int sc, paddr_t *start, uint64_t *size)
{
    int len;
    const fdt32_t *reg = fdt_getprop(host_fdt, node, "reg", &len);
    const char *name = fdt_get_name(host_fdt, node, NULL);
    if (!reg || len != (ac + sc) * 4)
        CONFIG_ERROR(d, "module %s: property 'reg' missing or not %d cells", name, ac + sc);
    *start = dt_read_cells(reg, ac);
    *size = dt_read_cells(reg + ac, sc);
    if (*size == 0 || !host_range_in_ram(*start, *size))
        CONFIG_ERROR(d, "module %s: property 'reg' [0x%lx, +0x%lx) is outside RAM", name, *start,
                     *size);
    if (ranges_overlap(*start, *size, HYP_BASE, HYP_REGION_END - HYP_BASE))
        CONFIG_ERROR(d, "module %s: property 'reg' overlaps the hypervisor", name);
    all_modules[nr_all_modules++] = (struct module){ *start, *size };
    return 0;
}

static int parse_domain(struct domain *d, int node)
{
    const void *fdt = host_fdt;
    int len;
    const fdt32_t *p;

    p = fdt_getprop(fdt, node, "#address-cells", &len);
    if (!p || len != 4)
        CONFIG_ERROR(d, "missing property '#address-cells'");
    int ac = (int)fdt32_to_cpu(*p);
    p = fdt_getprop(fdt, node, "#size-cells", &len);
    if (!p || len != 4)
        CONFIG_ERROR(d, "missing property '#size-cells'");
    int sc = (int)fdt32_to_cpu(*p);
    if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
        CONFIG_ERROR(d, "'#address-cells' and '#size-cells' must be 1 or 2");

    p = fdt_getprop(fdt, node, "memory", &len);
    if (!p)
        CONFIG_ERROR(d, "missing property 'memory'");
    if (len != 4 && len != 8)
        CONFIG_ERROR(d, "property 'memory' must be 1 or 2 cells (KiB)");
    d->ram_size = dt_read_cells(p, len / 4) * 1024;
    if (d->ram_size < MIB(4) || !IS_ALIGNED(d->ram_size, MIB(2)) || d->ram_size > GIB(2))
        CONFIG_ERROR(d, "property 'memory' (%lu KiB) must be a multiple of 2 MiB between 4 MiB and 2 GiB",
                     d->ram_size / 1024);

    p = fdt_getprop(fdt, node, "cpus", &len);
    if (!p || len != 4)
        CONFIG_ERROR(d, "missing property 'cpus'");
    d->nr_vcpus = fdt32_to_cpu(*p);
    if (d->nr_vcpus < 1 || d->nr_vcpus > MAX_VCPUS)
        CONFIG_ERROR(d, "property 'cpus' (%u) must be 1..%u", d->nr_vcpus, MAX_VCPUS);

    d->has_vpl011 = fdt_getprop(fdt, node, "vpl011", NULL) != NULL;
    d->has_test_mmio = fdt_getprop(fdt, node, "vcoproc,test-mmio", NULL) != NULL;
    const char *name = fdt_getprop(fdt, node, "vcoproc,name", NULL);
    snprintf(d->name, sizeof(d->name), "%s", name ? name : fdt_get_name(fdt, node, NULL));

    d->ram_pa = 0;
    p = fdt_getprop(fdt, node, "xen,static-mem", &len);
    if (p) {
        if (len != (ac + sc) * 4)
            CONFIG_ERROR(d, "property 'xen,static-mem' must be %d cells", ac + sc);
        d->ram_pa = dt_read_cells(p, ac);
        if (dt_read_cells(p + ac, sc) != d->ram_size)
            CONFIG_ERROR(d, "property 'xen,static-mem' size differs from 'memory'");
        if (!IS_ALIGNED(d->ram_pa, MIB(2)) || !host_range_in_ram(d->ram_pa, d->ram_size))
            CONFIG_ERROR(d, "property 'xen,static-mem' [0x%lx, +0x%lx) is outside RAM or not 2 MiB aligned",
                         d->ram_pa, d->ram_size);
        if (ranges_overlap(d->ram_pa, d->ram_size, HYP_BASE, HYP_REGION_END - HYP_BASE))
            CONFIG_ERROR(d, "property 'xen,static-mem' overlaps the hypervisor");
    }

    bool have_kernel = false;
    int child;
    fdt_for_each_subnode(child, fdt, node) {
        if (fdt_compatible(fdt, child, "multiboot,kernel")) {
            if (parse_module(d, child, ac, sc, &d->kernel_pa, &d->kernel_size))
                return -1;
            d->bootargs = fdt_getprop(fdt, child, "bootargs", NULL);
            have_kernel = true;
        } else if (fdt_compatible(fdt, child, "multiboot,ramdisk")) {
            if (parse_module(d, child, ac, sc, &d->initrd_pa, &d->initrd_size))
                return -1;
        } else if (fdt_compatible(fdt, child, "multiboot,device-tree")) {
            if (parse_module(d, child, ac, sc, &d->partial_dt_pa, &d->partial_dt_size))
                return -1;
            const void *pdt = pa_to_ptr(d->partial_dt_pa);
            if (fdt_check_header(pdt) || fdt_totalsize(pdt) > d->partial_dt_size)
                CONFIG_ERROR(d, "module %s: property 'reg' does not hold a valid device tree",
                             fdt_get_name(fdt, child, NULL));
        }
    }
    if (!have_kernel)
        CONFIG_ERROR(d, "no module node compatible with \"multiboot,kernel\"");
    /* An arm64 Image says how much memory it needs from its load address
     * (its BSS included); a raw binary needs its own size. */
    uint64_t kernel_span = image_span(pa_to_ptr(d->kernel_pa), d->kernel_size);
    if (kernel_span + GUEST_KERNEL_OFFSET > d->ram_size)
        CONFIG_ERROR(d, "kernel module (%lu bytes in RAM) does not fit in 'memory'", kernel_span);
    if (d->initrd_size) {
        /* The initrd goes at the top of RAM, clear of the kernel. */
        d->initrd_offset = ALIGN_DOWN(d->ram_size - d->initrd_size, PAGE_SIZE);
        if (d->initrd_size > d->ram_size ||
            d->initrd_offset < GUEST_KERNEL_OFFSET + ALIGN_UP(kernel_span, MIB(2)))
            CONFIG_ERROR(d, "ramdisk module (%lu bytes) does not fit in 'memory' beside the kernel",
                         d->initrd_size);
    }
    return 0;
}

/* Static RAM must not overlap boot modules or other domains. */
static int check_static_ram(void)
{
    for (unsigned i = 0; i < nr_domains; i++) {
        struct domain *d = &domains[i];
        if (!d->ram_pa)
            continue;
        for (unsigned m = 0; m < nr_all_modules; m++)
            if (ranges_overlap(d->ram_pa, d->ram_size, all_modules[m].start, all_modules[m].size))
                CONFIG_ERROR(d, "property 'xen,static-mem' overlaps a boot module at 0x%lx",
                             all_modules[m].start);
        for (unsigned j = 0; j < i; j++)
            if (domains[j].ram_pa &&
                ranges_overlap(d->ram_pa, d->ram_size, domains[j].ram_pa, domains[j].ram_size))
                CONFIG_ERROR(d, "property 'xen,static-mem' overlaps the RAM of %s",
                             domains[j].dt_path);
    }
    return 0;
}

static bool ram_range_free(paddr_t pa, uint64_t size, const struct domain *self)
{
    if (!host_range_in_ram(pa, size))
        return false;
    for (unsigned m = 0; m < nr_all_modules; m++)
        if (ranges_overlap(pa, size, all_modules[m].start, all_modules[m].size))
            return false;
    for (unsigned i = 0; i < nr_domains; i++)
        if (&domains[i] != self && domains[i].ram_pa &&
            ranges_overlap(pa, size, domains[i].ram_pa, domains[i].ram_size))
            return false;
    return true;
}

static int place_dynamic_ram(void)
{
    for (unsigned i = 0; i < nr_domains; i++) {
        struct domain *d = &domains[i];
        if (d->ram_pa)
            continue;
        paddr_t end = host.ram[host.nr_ram - 1].start + host.ram[host.nr_ram - 1].size;
        for (paddr_t pa = DOMAIN_RAM_POOL; pa + d->ram_size <= end; pa += MIB(2)) {
            if (ram_range_free(pa, d->ram_size, d)) {
                d->ram_pa = pa;
                break;
            }
        }
        if (!d->ram_pa)
            CONFIG_ERROR(d, "not enough free RAM for 'memory' (%lu MiB)", d->ram_size >> 20);
    }
    return 0;
}

static int assign_pcpus(void)
{
    unsigned next = 0;
    for (unsigned i = 0; i < nr_domains; i++) {
        struct domain *d = &domains[i];
        if (next + d->nr_vcpus > nr_pcpus)
            CONFIG_ERROR(d, "property 'cpus': %u vCPUs here bring the total to %u, more than the %u pCPUs (each vCPU is pinned to its own pCPU)",
                         d->nr_vcpus, next + d->nr_vcpus, nr_pcpus);
        for (unsigned c = 0; c < d->nr_vcpus; c++) {
            struct vcpu *v = &d->vcpus[c];
            v->domain = d;
            v->id = c;
            v->pcpu = next++;
            v->power = VCPU_OFF;
            pcpus[v->pcpu].vcpu = v;
        }
    }
    return 0;
}

static int domain_build(struct domain *d)
{
    d->lock = (spinlock_t)SPINLOCK_INIT;
    if (arch_domain_create(d) || arch_domain_map_ram(d)) {
        printk("d%u: cannot create stage-2 tables (out of hypervisor memory)", d->id);
        return -1;
    }
    if (d->has_vpl011)
        vpl011_init(d);
    if (d->has_test_mmio)
        test_mmio_init(d);
    printk("d%u (%s): %u vCPU(s) on pCPU %u.., RAM 0x%lx-0x%lx at IPA 0x%lx, kernel %lu bytes",
           d->id, d->name, d->nr_vcpus, d->vcpus[0].pcpu, d->ram_pa, d->ram_pa + d->ram_size,
           GUEST_RAM_BASE, d->kernel_size);
    return 0;
}

int domains_create_from_dt(const void *fdt)
{
    host_fdt = fdt;
    int chosen = fdt_path_offset(fdt, "/chosen");
    int node;
    if (chosen < 0) {
        printk("config error: no /chosen node, so no domains");
        return -1;
    }
    fdt_for_each_subnode(node, fdt, chosen) {
        if (!fdt_compatible(fdt, node, "xen,domain"))
            continue;
        if (nr_domains == MAX_DOMAINS) {
            printk("config error: more than %u domains", MAX_DOMAINS);
            return -1;
        }
        struct domain *d = &domains[nr_domains];
        d->id = ++nr_domains;
        fdt_get_path(fdt, node, dt_paths[d->id - 1], sizeof(dt_paths[0]));
        d->dt_path = dt_paths[d->id - 1];
        if (parse_domain(d, node))
            return -1;
    }
    if (!nr_domains) {
        printk("config error: /chosen has no node compatible with \"xen,domain\"");
        return -1;
    }
    if (check_static_ram() || place_dynamic_ram() || assign_pcpus())
        return -1;
    for (unsigned i = 0; i < nr_domains; i++)
        if (domain_build(&domains[i]))
            return -1;
    return 0;
}

/* Last step of building domains, once every device a guest DT describes
 * (virtual co-processors included) exists. */
int domains_build_guest_dts(void)
{
    for (unsigned i = 0; i < nr_domains; i++)
        if (guest_dt_build(&domains[i]))
            return -1;
    return 0;
}
