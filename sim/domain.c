/* Simulated domains: guest RAM at IPA SIM_RAM_BASE, carved from the
 * machine RAM (sim/machine.c) and mapped by real stage-2 tables whose root
 * and VMID are the domain's IOMMU context; trapped MMIO regions, and virtual
 * interrupts delivered from the event loop. */
#include <stdlib.h>
#include <string.h>
#include "sim/machine.h"
#include "sim/sim.h"

#define SIM_MAX_DOMAINS 256
#define SIM_MAX_MMIO 16

struct sim_mmio {
    uint64_t base, size;
    const struct platform_mmio_ops *ops;
    void *priv;
};

struct platform_domain {
    uint32_t id;
    char name[32];
    uint8_t *ram;
    uint64_t ram_size, ram_pa;
    void *s2_tables;
    uint64_t s2_root;
    uint16_t vmid;
    struct sim_mmio mmio[SIM_MAX_MMIO];
    unsigned nr_mmio;
    sim_virq_fn virq_fn;
    void *virq_arg;
    uint64_t virqs;
};

static struct platform_domain *domains[SIM_MAX_DOMAINS];

struct platform_domain *sim_domain_create(const char *name, uint64_t ram_size)
{
    unsigned i;
    for (i = 0; i < SIM_MAX_DOMAINS && domains[i]; i++)
        ;
    if (i == SIM_MAX_DOMAINS)
        return NULL;
    struct platform_domain *d = calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    ram_size = (ram_size + 4095) & ~4095ull;
    d->ram = sim_machine_alloc(ram_size, &d->ram_pa);
    if (d->ram)
        d->s2_tables = sim_s2_build(SIM_RAM_BASE, d->ram_pa, ram_size, &d->s2_root);
    if (!d->ram || !d->s2_tables) {
        sim_machine_free(d->ram);
        free(d);
        return NULL;
    }
    d->id = i + 1;
    snprintf(d->name, sizeof(d->name), "%s", name);
    d->ram_size = ram_size;
    d->vmid = (uint16_t)(i + 1);
    domains[i] = d;
    return d;
}

void sim_domain_destroy(struct platform_domain *d)
{
    if (!d)
        return;
    domains[d->id - 1] = NULL;
    sim_machine_free(d->s2_tables);
    sim_machine_free(d->ram);
    free(d);
}

unsigned sim_domain_count(void)
{
    unsigned n = 0;
    for (unsigned i = 0; i < SIM_MAX_DOMAINS; i++)
        n += domains[i] != NULL;
    return n;
}

void sim_domain_on_virq(struct platform_domain *d, sim_virq_fn fn, void *arg)
{
    d->virq_fn = fn;
    d->virq_arg = arg;
}

uint64_t sim_domain_ram_pa(const struct platform_domain *d)
{
    return d->ram_pa;
}

uint64_t sim_domain_virqs(const struct platform_domain *d)
{
    return d->virqs;
}

static struct sim_mmio *mmio_find(struct platform_domain *d, uint64_t ipa, unsigned size)
{
    for (unsigned i = 0; i < d->nr_mmio; i++) {
        struct sim_mmio *m = &d->mmio[i];
        if (ipa >= m->base && ipa - m->base < m->size && size <= m->size - (ipa - m->base))
            return m;
    }
    return NULL;
}

bool sim_guest_mmio_read(struct platform_domain *d, uint64_t ipa, unsigned size, uint64_t *val)
{
    struct sim_mmio *m = mmio_find(d, ipa, size);
    *val = 0;
    return m && m->ops->read(m->priv, ipa - m->base, size, val);
}

bool sim_guest_mmio_write(struct platform_domain *d, uint64_t ipa, unsigned size, uint64_t val)
{
    struct sim_mmio *m = mmio_find(d, ipa, size);
    return m && m->ops->write(m->priv, ipa - m->base, size, val);
}

void *sim_domain_ram(struct platform_domain *d, uint64_t ipa, uint64_t len)
{
    if (ipa < SIM_RAM_BASE || ipa - SIM_RAM_BASE > d->ram_size ||
        len > d->ram_size - (ipa - SIM_RAM_BASE))
        return NULL;
    return d->ram + (ipa - SIM_RAM_BASE);
}

struct platform_domain *sim_domain_by_s2(uint64_t root, uint16_t vmid)
{
    if (vmid == 0 || vmid > SIM_MAX_DOMAINS)
        return NULL;
    struct platform_domain *d = domains[vmid - 1];
    return d && d->s2_root == root ? d : NULL;
}

/* ---- platform interface: domains ---- */
uint32_t platform_domain_id(const struct platform_domain *d)
{
    return d->id;
}

const char *platform_domain_name(const struct platform_domain *d)
{
    return d->name;
}

int platform_domain_s2(const struct platform_domain *d, struct platform_s2_ctx *out)
{
    out->root = coproc_pa(d->s2_root);
    out->vmid = d->vmid;
    return 0;
}

int platform_guest_read(struct platform_domain *d, void *dst, coproc_ipa_t src, size_t len)
{
    void *p = sim_domain_ram(d, src.ipa, len);
    if (!p)
        return COPROC_EINVAL;
    memcpy(dst, p, len);
    return 0;
}

int platform_guest_write(struct platform_domain *d, coproc_ipa_t dst, const void *src, size_t len)
{
    void *p = sim_domain_ram(d, dst.ipa, len);
    if (!p)
        return COPROC_EINVAL;
    memcpy(p, src, len);
    return 0;
}

int platform_mmio_register(struct platform_domain *d, coproc_ipa_t base, uint64_t size,
                           const struct platform_mmio_ops *ops, void *priv)
{
    if (d->nr_mmio == SIM_MAX_MMIO || !size)
        return COPROC_ENOMEM;
    for (unsigned i = 0; i < d->nr_mmio; i++) {
        struct sim_mmio *m = &d->mmio[i];
        if (base.ipa < m->base + m->size && m->base < base.ipa + size)
            return COPROC_EBUSY;
    }
    d->mmio[d->nr_mmio++] = (struct sim_mmio){ base.ipa, size, ops, priv };
    return 0;
}

void platform_mmio_unregister(struct platform_domain *d, coproc_ipa_t base)
{
    for (unsigned i = 0; i < d->nr_mmio; i++) {
        if (d->mmio[i].base == base.ipa) {
            d->mmio[i] = d->mmio[--d->nr_mmio];
            return;
        }
    }
}

struct virq_delivery {
    struct platform_domain *d;
    uint32_t virq;
};

static void virq_deliver(void *arg)
{
    struct virq_delivery *vd = arg;
    /* the domain may have gone meanwhile */
    for (unsigned i = 0; i < SIM_MAX_DOMAINS; i++) {
        if (domains[i] == vd->d) {
            vd->d->virqs++;
            if (vd->d->virq_fn)
                vd->d->virq_fn(vd->d->virq_arg, vd->virq);
            break;
        }
    }
    free(vd);
}

int platform_virq_inject(struct platform_domain *d, uint32_t virq)
{
    struct virq_delivery *vd = malloc(sizeof(*vd));
    if (!vd)
        return COPROC_ENOMEM;
    vd->d = d;
    vd->virq = virq;
    /* the guest runs its handler later, outside the framework's lock */
    sim_call_at(sim_now(), virq_deliver, vd);
    return 0;
}
