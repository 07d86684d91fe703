/* The arm64 nodes of a guest's device tree: CPUs, PSCI, GICv3, timer. */
#include <libfdt.h>
#include <xen/arch.h>
#include <xen/domain.h>
#include <xen/lib.h>

#define GIC_PHANDLE 1

#define TRY(x) do { int e_ = (x); if (e_ < 0) return e_; } while (0)

static int dt_reg(void *fdt, uint64_t a, uint64_t s)
{
    fdt64_t reg[2] = { cpu_to_fdt64(a), cpu_to_fdt64(s) };
    return fdt_property(fdt, "reg", reg, sizeof(reg));
}

int arch_guest_dt_root_props(void *fdt, const struct domain *d)
{
    (void)d;
    return fdt_property_u32(fdt, "interrupt-parent", GIC_PHANDLE);
}

int arch_guest_dt_add_nodes(void *fdt, const struct domain *d)
{
    char name[32];

    TRY(fdt_begin_node(fdt, "cpus"));
    TRY(fdt_property_u32(fdt, "#address-cells", 1));
    TRY(fdt_property_u32(fdt, "#size-cells", 0));
    for (unsigned i = 0; i < d->nr_vcpus; i++) {
        snprintf(name, sizeof(name), "cpu@%u", i);
        TRY(fdt_begin_node(fdt, name));
        TRY(fdt_property_string(fdt, "device_type", "cpu"));
        TRY(fdt_property_string(fdt, "compatible", "arm,armv8"));
        TRY(fdt_property_u32(fdt, "reg", i));
        TRY(fdt_property_string(fdt, "enable-method", "psci"));
        TRY(fdt_end_node(fdt));
    }
    TRY(fdt_end_node(fdt));

    TRY(fdt_begin_node(fdt, "psci"));
    static const char psci_compat[] = "arm,psci-1.0\0arm,psci-0.2";
    TRY(fdt_property(fdt, "compatible", psci_compat, sizeof(psci_compat)));
    TRY(fdt_property_string(fdt, "method", "hvc"));
    TRY(fdt_end_node(fdt));

    snprintf(name, sizeof(name), "interrupt-controller@%lx", GUEST_GICD_BASE);
    TRY(fdt_begin_node(fdt, name));
    TRY(fdt_property_string(fdt, "compatible", "arm,gic-v3"));
    TRY(fdt_property_u32(fdt, "#interrupt-cells", 3));
    TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
    TRY(fdt_property_u32(fdt, "#address-cells", 0));   /* no children, no interrupt-map */
    TRY(fdt_property_u32(fdt, "#redistributor-regions", 1));
    fdt64_t gic_reg[4] = { cpu_to_fdt64(GUEST_GICD_BASE), cpu_to_fdt64(GUEST_GICD_SIZE),
                           cpu_to_fdt64(GUEST_GICR_BASE),
                           cpu_to_fdt64(GUEST_GICR_STRIDE * d->nr_vcpus) };
    TRY(fdt_property(fdt, "reg", gic_reg, sizeof(gic_reg)));
    TRY(fdt_property_u32(fdt, "phandle", GIC_PHANDLE));
    TRY(fdt_end_node(fdt));

    TRY(fdt_begin_node(fdt, "timer"));
    static const char timer_compat[] = "arm,armv8-timer";
    TRY(fdt_property(fdt, "compatible", timer_compat, sizeof(timer_compat)));
    /* PPIs 13 (secure phys), 14 (phys), 11 (virt), 10 (hyp), level high */
    fdt32_t irqs[12] = {
        cpu_to_fdt32(1), cpu_to_fdt32(13), cpu_to_fdt32(4),
        cpu_to_fdt32(1), cpu_to_fdt32(14), cpu_to_fdt32(4),
        cpu_to_fdt32(1), cpu_to_fdt32(11), cpu_to_fdt32(4),
        cpu_to_fdt32(1), cpu_to_fdt32(10), cpu_to_fdt32(4),
    };
    TRY(fdt_property(fdt, "interrupts", irqs, sizeof(irqs)));
    TRY(fdt_end_node(fdt));
    (void)dt_reg;
    return 0;
}
