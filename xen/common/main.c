/* Boot: the primary pCPU reads the host DT, sets up the interrupt
 * controller, builds every domain, brings up the other pCPUs, and starts
 * the domains. libfdt is used only here, before any guest runs. */
#include <libfdt.h>
#include <xen/arch.h>
#include <xen/coproc_host.h>
#include <xen/domain.h>
#include <xen/host.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/platform.h>
#include <xen/timer.h>

#define HOST_DTB_MAX (1024 * 1024)

struct pcpu pcpus[NR_CPUS];
unsigned nr_pcpus;
uint8_t cpu_stacks[NR_CPUS][CPU_STACK_SIZE] __attribute__((aligned(16)));
extern char _end[];

void smp_start_secondaries(void);

static void *host_dt_copy(paddr_t dtb)
{
    const void *src = pa_to_ptr(dtb);
    if (fdt_check_header(src)) {
        printk("no valid device tree at 0x%lx (x0 at entry)", dtb);
        return NULL;
    }
    if (fdt_totalsize(src) > HOST_DTB_MAX) {
        printk("host device tree too large (%u bytes)", fdt_totalsize(src));
        return NULL;
    }
    void *copy = xzalloc(fdt_totalsize(src));
    if (copy)
        memcpy(copy, src, fdt_totalsize(src));
    return copy;
}

static void boot_fail(void)
{
    printk("boot stopped: the configuration above cannot run");
    arch_machine_off();
}

void start_xen(paddr_t dtb, uint64_t entry_ticks)
{
    for (unsigned i = 0; i < NR_CPUS; i++)
        pcpus[i].stack_top = (uint64_t)&cpu_stacks[i][CPU_STACK_SIZE];
    arch_set_this_pcpu(&pcpus[0]);
    host.entry_ticks = entry_ticks;

    printk("vcoproc hypervisor starting (entry at tick %lu, counter %lu Hz), DTB at 0x%lx",
           entry_ticks, arch_tick_freq(), dtb);
    page_alloc_init(ptr_to_pa(_end), HYP_REGION_END);
    const void *fdt = host_dt_copy(dtb);
    if (!fdt || host_dt_parse(fdt) || arch_boot_init(fdt))
        boot_fail();
    pcpus[0].online = true;

    if (domains_create_from_dt(fdt))
        boot_fail();
    if (timer_subsystem_init(fdt))
        boot_fail();
    platform_devices_init(fdt);
    if (coproc_host_init(fdt) || domains_build_guest_dts())
        boot_fail();
    smp_start_secondaries();
    domains_start_all();
    printk("%u domain(s) started, %lu ticks after entry", nr_domains, arch_ticks() - entry_ticks);
    pcpu_idle_loop();
}
