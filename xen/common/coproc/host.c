/*
 * Boot-time set-up of co-processor sharing in the hypervisor:
 *  - every host DT node whose `compatible` names a registered vcoproc driver
 *    is a physical co-processor (`vcoproc,pci-bdf` = <bus << 8 | dev << 3 |
 *    fn> puts it behind an ivshmem device: reg = BAR2, interrupts = MSI-X);
 *  - every child of a domain node with compatible "vcoproc,virtual" is one
 *    of the domain's virtual co-processors; `vcoproc,device` is the physical
 *    one's phandle; the framework reads the rest (reg, interrupts, weights).
 * A bad node stops the boot with a message naming node and property.
 */
#include <coproc/coproc.h>
#include <libfdt.h>
#include <xen/coproc_host.h>
#include <xen/domain.h>
#include <xen/lib.h>
#include "host.h"
#include "report.h"

#define MAX_PHYS 4
#define MAX_VIRT 16

struct phys_coproc {
    struct coproc *c;
    uint32_t phandle;
    struct platform_dt_node node;
    char path[64];
};

struct virt_coproc {
    struct vcoproc *v;
    const struct domain *d;
    struct platform_dt_node node;
};

static struct phys_coproc phys[MAX_PHYS];
static unsigned nr_phys;
static struct virt_coproc virt[MAX_VIRT];
static unsigned nr_virt;

#define HOST_ERROR(path, ...) do { char m_[160]; snprintf(m_, sizeof(m_), __VA_ARGS__); \
        printk("config error: %s: %s", (path), m_); return -1; } while (0)

/* The registered driver for one of the node's compatible strings, or NULL. */
static const struct coproc_driver *host_driver_for(const void *fdt, int node)
{
    int len;
    const char *c = fdt_getprop(fdt, node, "compatible", &len);
    for (int i = 0; c && i < len; i += (int)strlen(c + i) + 1) {
        const struct coproc_driver *drv = coproc_driver_find(c + i);
        if (drv)
            return drv;
    }
    return NULL;
}

static int host_probe_phys(const void *fdt, int node)
{
    struct phys_coproc *p = &phys[nr_phys];
    fdt_get_path(fdt, node, p->path, sizeof(p->path));
    if (nr_phys == MAX_PHYS)
        HOST_ERROR(p->path, "more than %u physical co-processors", MAX_PHYS);
    p->node = (struct platform_dt_node){ fdt, node, NULL };
    int len;
    const fdt32_t *bdf = fdt_getprop(fdt, node, "vcoproc,pci-bdf", &len);
    if (bdf) {
        uint32_t v = len == 4 ? fdt32_to_cpu(*bdf) : 0xffffffffu;
        if (v > 0xffff)
            HOST_ERROR(p->path, "property 'vcoproc,pci-bdf' must be one cell <bus << 8 | dev << 3 | fn>");
        p->node.transport = coproc_transport_attach(v >> 8, (v >> 3) & 0x1f, v & 7);
        if (!p->node.transport)
            HOST_ERROR(p->path, "property 'vcoproc,pci-bdf': no ivshmem device there");
    }
    int err = coproc_probe(&p->node, nr_phys, &p->c);
    if (err)
        HOST_ERROR(p->path, "co-processor probe failed: %s", coproc_strerror(err));
    p->phandle = fdt_get_phandle(fdt, node);
    printk("coproc %u %s: driver %s, %u slot(s)%s", nr_phys, p->path, p->c->driver->name,
           p->c->nr_slots, p->node.transport ? ", behind ivshmem" : "");
    nr_phys++;
    return 0;
}

static int host_create_virt(const void *fdt, int node, struct domain *d)
{
    char path[80];
    fdt_get_path(fdt, node, path, sizeof(path));
    if (nr_virt == MAX_VIRT)
        HOST_ERROR(path, "more than %u virtual co-processors", MAX_VIRT);
    int len;
    const fdt32_t *ph = fdt_getprop(fdt, node, "vcoproc,device", &len);
    if (!ph || len != 4)
        HOST_ERROR(path, "missing property 'vcoproc,device' (phandle of the physical co-processor)");
    struct phys_coproc *p = NULL;
    for (unsigned i = 0; i < nr_phys; i++)
        if (phys[i].phandle && phys[i].phandle == fdt32_to_cpu(*ph))
            p = &phys[i];
    if (!p)
        HOST_ERROR(path, "property 'vcoproc,device' names no physical co-processor");
    struct virt_coproc *vc = &virt[nr_virt];
    vc->node = (struct platform_dt_node){ fdt, node, NULL };
    vc->d = d;
    struct vcoproc_config cfg;
    int err = vcoproc_config_from_dt(&vc->node, &cfg);
    if (err)
        HOST_ERROR(path, "bad virtual co-processor properties (see the line above)");
    snprintf(cfg.name, sizeof(cfg.name), "%s", d->name);
    err = vcoproc_create(p->c, (struct platform_domain *)d, &cfg, &vc->v);
    if (err)
        HOST_ERROR(path, "cannot create the virtual co-processor: %s", coproc_strerror(err));
    printk("d%u (%s): virtual %s at IPA 0x%lx, INTID %u, on coproc %u", d->id, d->name,
           p->c->driver->name, cfg.base.ipa, cfg.virq, (unsigned)(p - phys));
    nr_virt++;
    return 0;
}

/* The optional name lines of the trace format (docs/framework.md). */
static void host_trace_names(void)
{
    char line[120];
    for (unsigned i = 0; i < nr_phys; i++) {
        int n = snprintf(line, sizeof(line), "# coproc c=%u name=%s slots=%u policy=%s", i,
                         phys[i].c->driver->name, phys[i].c->nr_slots, phys[i].c->sched.ops->name);
        console_raw_line(line, (size_t)MIN(n, (int)sizeof(line) - 1));
    }
    for (unsigned i = 0; i < nr_virt; i++) {
        struct vcoproc *v = virt[i].v;
        int n = snprintf(line, sizeof(line), "# vcoproc c=%u v=%u name=%s domain=%u", v->coproc->id,
                         v->id, v->cfg.name, virt[i].d->id);
        console_raw_line(line, (size_t)MIN(n, (int)sizeof(line) - 1));
    }
}

int coproc_host_init(const void *fdt)
{
    int node = -1;
    int chosen = fdt_path_offset(fdt, "/chosen");
    bool trace = chosen >= 0 && fdt_getprop(fdt, chosen, "vcoproc,trace", NULL);
    while ((node = fdt_next_node(fdt, node, NULL)) >= 0)
        if (host_driver_for(fdt, node) && host_probe_phys(fdt, node))
            return -1;
    for (unsigned i = 0; i < nr_domains; i++) {
        struct domain *d = &domains[i];
        int dn = fdt_path_offset(fdt, d->dt_path), child;
        fdt_for_each_subnode(child, fdt, dn)
            if (fdt_node_check_compatible(fdt, child, "vcoproc,virtual") == 0 &&
                host_create_virt(fdt, child, d))
                return -1;
    }
    if (trace && nr_phys) {
        host_trace_names();
        coproc_host_trace_enable(true);
    }
    return 0;
}

int coproc_host_guest_dt(void *fdt, const struct domain *d)
{
    struct platform_dt_writer w = { fdt };
    for (unsigned i = 0; i < nr_virt; i++) {
        if (virt[i].d != d)
            continue;
        int err = vcoproc_guest_dt(virt[i].v, &w);
        if (err)
            return -FDT_ERR_BADSTRUCTURE;
    }
    return 0;
}

void coproc_host_report(void)
{
    static struct coproc_report_vc vcs[MAX_VIRT];
    coproc_host_trace_dump();
    for (unsigned i = 0; i < nr_phys; i++) {
        struct coproc_report r;
        unsigned n = coproc_report(phys[i].c, &r, vcs, MAX_VIRT);
        printk("  coproc %u (%s): %lu switches (latency p50 %lu ns, p99 %lu ns, max %lu ns), "
               "busy %u.%u%%, Jain %u.%03u", i, phys[i].c->driver->name, r.switches, r.sw_p50,
               r.sw_p99, r.sw_max, r.busy_ppm / 10000, r.busy_ppm / 1000 % 10,
               r.jain_ppm / 1000000, r.jain_ppm / 1000 % 1000);
        for (unsigned k = 0; k < n; k++)
            printk("    vcoproc %s: share %u.%u%%, busy %lu us, %lu switches (p50 %lu ns, p99 "
                   "%lu ns), jobs %lu, deadline misses %lu/%lu, faults %lu", vcs[k].name,
                   vcs[k].share_ppm / 10000, vcs[k].share_ppm / 1000 % 10, vcs[k].busy_ns / 1000,
                   vcs[k].switches, vcs[k].sw_p50, vcs[k].sw_p99, vcs[k].jobs, vcs[k].misses,
                   vcs[k].deadline_jobs, vcs[k].faults);
        coproc_host_report_sfpga(phys[i].c, r.elapsed);
    }
}
