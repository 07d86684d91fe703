/* MMIO dispatch: per-domain sorted table of emulated IPA ranges. */
#include <xen/domain.h>
#include <xen/lib.h>
#include <xen/mmio.h>

int mmio_register(struct domain *d, ipaddr_t base, uint64_t size,
                  const struct mmio_ops *ops, void *priv, const char *name)
{
    struct mmio_table *t = &d->mmio;
    if (t->n == MMIO_MAX_REGIONS || size == 0) {
        printk("d%u: cannot register MMIO region %s (table full or empty range)", d->id, name);
        return -1;
    }
    unsigned pos = 0;
    while (pos < t->n && t->r[pos].base < base)
        pos++;
    bool overlaps_prev = pos > 0 && t->r[pos - 1].base + t->r[pos - 1].size > base;
    bool overlaps_next = pos < t->n && base + size > t->r[pos].base;
    if (overlaps_prev || overlaps_next) {
        printk("d%u: MMIO region %s [0x%lx, +0x%lx) overlaps %s", d->id, name, base, size,
               t->r[overlaps_prev ? pos - 1 : pos].name);
        return -1;
    }
    memmove(&t->r[pos + 1], &t->r[pos], (t->n - pos) * sizeof(t->r[0]));
    t->r[pos] = (struct mmio_region){ base, size, ops, priv, name };
    t->n++;
    return 0;
}

void *mmio_unregister(struct domain *d, ipaddr_t base)
{
    struct mmio_table *t = &d->mmio;
    for (unsigned i = 0; i < t->n; i++) {
        if (t->r[i].base != base)
            continue;
        void *priv = t->r[i].priv;
        memmove(&t->r[i], &t->r[i + 1], (t->n - i - 1) * sizeof(t->r[0]));
        t->n--;
        return priv;
    }
    return NULL;
}

const struct mmio_region *mmio_find(const struct mmio_table *t, ipaddr_t ipa)
{
    unsigned lo = 0, hi = t->n;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        const struct mmio_region *r = &t->r[mid];
        if (ipa < r->base)
            hi = mid;
        else if (ipa - r->base >= r->size)
            lo = mid + 1;
        else
            return r;
    }
    return NULL;
}

enum mmio_result mmio_dispatch(struct vcpu *v, ipaddr_t ipa, unsigned size, bool write,
                               uint64_t *val)
{
    const struct mmio_region *r = mmio_find(&v->domain->mmio, ipa);
    if (!r)
        return MMIO_UNHANDLED;
    if (ipa + size > r->base + r->size)
        return MMIO_REJECTED;
    bool ok = write ? r->ops->write(v, ipa - r->base, size, *val, r->priv)
                    : r->ops->read(v, ipa - r->base, size, val, r->priv);
    return ok ? MMIO_HANDLED : MMIO_REJECTED;
}
