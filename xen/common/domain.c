/*
 * Domain life cycle: start, SYSTEM_OFF, crash, SYSTEM_RESET. A domain that
 * stops never affects the others; when every domain has stopped the
 * hypervisor prints a summary and powers the machine off.
 *
 * Lock order: domain lock, then the domain's vgic lock, then the console.
 */
#include <xen/arch.h>
#include <xen/coproc_host.h>
#include <xen/domain.h>
#include <xen/host.h>
#include <xen/lib.h>
#include <xen/platform.h>

void vpl011_reset(struct domain *d);
void test_mmio_reset(struct domain *d);

bool domain_ipa_in_ram(const struct domain *d, ipaddr_t ipa, uint64_t len)
{
    return ipa >= GUEST_RAM_BASE && len <= d->ram_size &&
           ipa - GUEST_RAM_BASE <= d->ram_size - len;
}

void *domain_ipa_to_ptr(const struct domain *d, ipaddr_t ipa)
{
    return pa_to_ptr(d->ram_pa + (ipa - GUEST_RAM_BASE));
}

/* Fresh RAM: zeroes, the kernel at +2 MiB, the guest DT at the base. */
void domain_load_images(struct domain *d)
{
    void *ram = pa_to_ptr(d->ram_pa);
    arch_zero_and_clean(ram, d->ram_size);
    memcpy((uint8_t *)ram + GUEST_KERNEL_OFFSET, pa_to_ptr(d->kernel_pa), d->kernel_size);
    memcpy(ram, d->guest_dtb, d->guest_dtb_size);
    uint8_t *bc = (uint8_t *)ram + d->dt_boot_count_off;   /* big-endian u32 */
    bc[0] = (uint8_t)(d->boot_count >> 24);
    bc[1] = (uint8_t)(d->boot_count >> 16);
    bc[2] = (uint8_t)(d->boot_count >> 8);
    bc[3] = (uint8_t)d->boot_count;
    if (d->initrd_size) {
        memcpy((uint8_t *)ram + d->initrd_offset, pa_to_ptr(d->initrd_pa), d->initrd_size);
        arch_clean_dcache_range((uint8_t *)ram + d->initrd_offset, d->initrd_size);
    }
    arch_clean_dcache_range((uint8_t *)ram + GUEST_KERNEL_OFFSET, d->kernel_size);
    arch_clean_dcache_range(ram, d->guest_dtb_size);
}

static void domain_launch(struct domain *d)
{
    d->state = DOMAIN_RUNNING;
    struct vcpu *v0 = &d->vcpus[0];
    v0->boot_entry = GUEST_RAM_BASE + GUEST_KERNEL_OFFSET;
    v0->boot_context = GUEST_RAM_BASE;   /* x0 = DTB */
    v0->power = VCPU_ON_PENDING;
    arch_kick_cpu(v0->pcpu);
}

static void domain_load(struct domain *d)
{
    d->boot_count++;
    domain_load_images(d);
}

void domain_start(struct domain *d)
{
    domain_load(d);
    domain_launch(d);
}

/* Every image is loaded before any domain runs: loading takes the boot pCPU
 * a while, and it may serve device interrupts (vcoproc,service-cpu) that
 * domains started early would already be waiting for. */
void domains_start_all(void)
{
    for (unsigned i = 0; i < nr_domains; i++)
        domain_load(&domains[i]);
    for (unsigned i = 0; i < nr_domains; i++)
        domain_launch(&domains[i]);
}

static void domain_report_all(void)
{
    printk("all domains stopped; summary:");
    for (unsigned i = 0; i < nr_domains; i++) {
        struct domain *d = &domains[i];
        uint64_t traps = 0, wfi = 0;
        for (unsigned c = 0; c < d->nr_vcpus; c++) {
            traps += d->vcpus[c].nr_traps;
            wfi += d->vcpus[c].nr_wfi;
        }
        if (d->state == DOMAIN_CRASHED)
            printk("  d%u (%s): crashed, boots %u, traps %lu, wfi %lu", d->id, d->name,
                   d->boot_count, traps, wfi);
        else
            printk("  d%u (%s): exit code %ld, boots %u, traps %lu, wfi %lu, first entry at tick %lu",
                   d->id, d->name, d->exit_code, d->boot_count, traps, wfi, d->first_entry_ticks);
    }
    coproc_host_report();
    platform_devices_report();
    printk("powering off");
    arch_machine_off();
}

static void domain_stopped(struct domain *d)
{
    for (unsigned c = 0; c < d->nr_vcpus; c++)
        if (d->vcpus[c].pcpu != arch_cpu_id())
            arch_kick_cpu(d->vcpus[c].pcpu);
    for (unsigned i = 0; i < nr_domains; i++)
        if (domains[i].state == DOMAIN_RUNNING)
            return;
    domain_report_all();
}

void domain_shutdown(struct domain *d, int64_t exit_code)
{
    spin_lock(&d->lock);
    bool was_running = d->state == DOMAIN_RUNNING;
    if (was_running) {
        d->exit_code = exit_code;
        d->state = DOMAIN_OFF;
    }
    spin_unlock(&d->lock);
    if (!was_running)
        return;
    printk("d%u (%s): powered off (SYSTEM_OFF), exit code %ld", d->id, d->name, exit_code);
    domain_stopped(d);
}

void domain_crash(struct domain *d, const char *why)
{
    spin_lock(&d->lock);
    bool was_running = d->state == DOMAIN_RUNNING;
    if (was_running)
        d->state = DOMAIN_CRASHED;
    spin_unlock(&d->lock);
    if (!was_running)
        return;
    printk("d%u (%s): guest fault: %s; domain stopped, others unaffected", d->id, d->name, why);
    domain_stopped(d);
}

/* Waits (interrupts enabled) until none of d's other vCPUs runs guest code. */
static void domain_quiesce_others(struct domain *d, struct vcpu *self)
{
    for (unsigned c = 0; c < d->nr_vcpus; c++) {
        struct vcpu *v = &d->vcpus[c];
        if (v == self)
            continue;
        arch_kick_cpu(v->pcpu);
        while (__atomic_load_n(&pcpus[v->pcpu].running, __ATOMIC_ACQUIRE) == v)
            arch_relax_with_irqs();
    }
}

void domain_reset(struct domain *d)
{
    struct vcpu *self = current_vcpu();
    spin_lock(&d->lock);
    d->resetting = true;
    spin_unlock(&d->lock);
    domain_quiesce_others(d, self);
    printk("d%u (%s): SYSTEM_RESET: reloading", d->id, d->name);
    for (unsigned c = 0; c < d->nr_vcpus; c++)
        d->vcpus[c].power = VCPU_OFF;
    arch_domain_reset_state(d);
    if (d->has_vpl011)
        vpl011_reset(d);
    if (d->has_test_mmio)
        test_mmio_reset(d);
    spin_lock(&d->lock);
    d->resetting = false;
    spin_unlock(&d->lock);
    domain_start(d);
    pcpu_reset_to_idle();
}
