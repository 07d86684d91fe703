/* Host device tree at boot: RAM banks and CPUs. */
#include <libfdt.h>
#include <xen/domain.h>
#include <xen/host.h>
#include <xen/lib.h>

struct host_info host;

uint64_t dt_read_cells(const void *p, int cells)
{
    const fdt32_t *c = p;
    uint64_t v = 0;
    for (int i = 0; i < cells; i++)
        v = (v << 32) | fdt32_to_cpu(c[i]);
    return v;
}

bool ranges_overlap(paddr_t a, uint64_t asz, paddr_t b, uint64_t bsz)
{
    return a < b + bsz && b < a + asz;
}

bool host_range_in_ram(paddr_t start, uint64_t size)
{
    for (unsigned i = 0; i < host.nr_ram; i++)
        if (start >= host.ram[i].start && start + size >= start &&
            start + size <= host.ram[i].start + host.ram[i].size)
            return true;
    return false;
}

static int host_parse_memory(const void *fdt)
{
    int ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0);
    int node = -1;
    while ((node = fdt_node_offset_by_prop_value(fdt, node, "device_type", "memory", 7)) >= 0) {
        int len;
        const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
        int entry = (ac + sc) * 4;
        for (int off = 0; reg && off + entry <= len && host.nr_ram < MAX_MEM_BANKS; off += entry) {
            host.ram[host.nr_ram].start = dt_read_cells(reg + off / 4, ac);
            host.ram[host.nr_ram].size = dt_read_cells(reg + off / 4 + ac, sc);
            host.nr_ram++;
        }
    }
    if (!host.nr_ram) {
        printk("host DT: no memory node with a 'reg'");
        return -1;
    }
    return 0;
}

static int host_parse_cpus(const void *fdt)
{
    int cpus = fdt_path_offset(fdt, "/cpus");
    if (cpus < 0) {
        printk("host DT: no /cpus node");
        return -1;
    }
    int ac = fdt_address_cells(fdt, cpus);
    int node;
    fdt_for_each_subnode(node, fdt, cpus) {
        const char *type = fdt_getprop(fdt, node, "device_type", NULL);
        if (!type || strcmp(type, "cpu") || nr_pcpus == NR_CPUS)
            continue;
        const fdt32_t *reg = fdt_getprop(fdt, node, "reg", NULL);
        if (!reg)
            continue;
        pcpus[nr_pcpus].id = nr_pcpus;
        pcpus[nr_pcpus].mpidr = dt_read_cells(reg, ac);
        nr_pcpus++;
    }
    return nr_pcpus ? 0 : -1;
}

int host_dt_parse(const void *fdt)
{
    if (host_parse_memory(fdt) || host_parse_cpus(fdt))
        return -1;
    for (unsigned i = 0; i < host.nr_ram; i++)
        printk("RAM bank %u: 0x%lx-0x%lx", i, host.ram[i].start,
               host.ram[i].start + host.ram[i].size);
    printk("%u pCPUs", nr_pcpus);
    return 0;
}
