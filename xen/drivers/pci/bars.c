/* Sizing a function's BARs and placing them in the host bridge's windows.
 *
 * Sizing is the usual write-all-ones, read back, restore, with decoding off
 * meanwhile so that a half-written BAR never claims someone's addresses.
 * Placement: memory BARs, 64-bit ones included, go to the 32-bit window
 * first because the EL2 page tables map it; a 64-bit BAR that no longer
 * fits there goes to the 64-bit window (only on the root bus: bridge
 * windows here are 32-bit). Largest first, to waste less on alignment. */
#include <xen/lib.h>
#include "pci.h"

#define BAR_IO          (1u << 0)
#define BAR_MEM_TYPE(v) (((v) >> 1) & 3)
#define BAR_MEM_TYPE_64 2
#define BAR_PREFETCH    (1u << 3)

/* Writes all ones to a BAR register, returns what sticks, restores it. */
static uint32_t bars_probe_mask(uintptr_t cfg, unsigned reg)
{
    uint32_t orig = config_read32(cfg, reg);
    config_write32(cfg, reg, 0xffffffff);
    uint32_t mask = config_read32(cfg, reg);
    config_write32(cfg, reg, orig);
    return mask;
}

static void bars_size(struct pci_dev *d, unsigned nr_bars)
{
    for (unsigned i = 0; i < nr_bars; i++) {
        struct pci_bar *b = &d->bar[i];
        unsigned reg = PCI_BAR0 + 4 * i;
        uint32_t orig = config_read32(d->cfg, reg);
        uint32_t mask = bars_probe_mask(d->cfg, reg);
        *b = (struct pci_bar){ .kind = PCI_BAR_NONE };
        if (mask == 0 || mask == 0xffffffff)
            continue;   /* not implemented (all ones: nothing answered) */
        if (orig & BAR_IO) {
            /* an I/O BAR may implement only 16 address bits */
            uint32_t m = mask & ~3u;
            if (!(m & 0xffff0000))
                m |= 0xffff0000;
            b->kind = PCI_BAR_IO;
            b->size = (uint32_t)(~m + 1);
            continue;
        }
        b->prefetchable = orig & BAR_PREFETCH;
        if (BAR_MEM_TYPE(orig) == BAR_MEM_TYPE_64 && i + 1 < nr_bars) {
            uint64_t hi = bars_probe_mask(d->cfg, reg + 4);
            uint64_t m = hi << 32 | (mask & ~0xfu);
            b->kind = PCI_BAR_MEM64;
            b->size = ~m + 1;
            d->bar[++i] = (struct pci_bar){ .kind = PCI_BAR_NONE };
        } else {
            b->kind = PCI_BAR_MEM32;
            b->size = (uint32_t)(~(mask & ~0xfu) + 1);
        }
    }
}

static int bars_place(struct pci_host *h, struct pci_bar *b, bool root_bus)
{
    struct pci_window *w = NULL;
    uint64_t at;
    if (b->kind == PCI_BAR_IO) {
        w = &h->win[PCI_SPACE_IO];
        if (window_alloc(w, b->size, &at))
            w = NULL;
    } else {
        w = &h->win[PCI_SPACE_MEM32];
        if (window_alloc(w, b->size, &at)) {
            w = &h->win[PCI_SPACE_MEM64];
            if (b->kind != PCI_BAR_MEM64 || !root_bus || window_alloc(w, b->size, &at))
                w = NULL;
        }
    }
    if (!w)
        return -1;
    b->pci = at;
    b->cpu = w->cpu + (at - w->pci);
    b->hyp_mapped = w->hyp_mapped;
    b->assigned = true;
    return 0;
}

static void bars_write(struct pci_dev *d, unsigned i)
{
    struct pci_bar *b = &d->bar[i];
    unsigned reg = PCI_BAR0 + 4 * i;
    uint32_t low = config_read32(d->cfg, reg) & (b->kind == PCI_BAR_IO ? 3u : 0xfu);
    config_write32(d->cfg, reg, low | (uint32_t)b->pci);
    if (b->kind == PCI_BAR_MEM64)
        config_write32(d->cfg, reg + 4, (uint32_t)(b->pci >> 32));
}

static const char *bars_kind_name(const struct pci_bar *b)
{
    if (b->kind == PCI_BAR_IO)
        return "io";
    if (b->kind == PCI_BAR_MEM64)
        return b->prefetchable ? "mem64 pref" : "mem64";
    return b->prefetchable ? "mem32 pref" : "mem32";
}

/* One line per device: "PCI 00:03.0 1af4:1110 class 0x050000: BAR0 ...". */
static void bars_print(const struct pci_dev *d, unsigned nr_bars)
{
    char line[224];
    int n = snprintf(line, sizeof(line), "%s %04x:%04x class 0x%06x%s:", d->bdf, d->vendor,
                     d->device, d->class_rev >> 8, d->bridge ? " (bridge)" : "");
    bool any = false;
    for (unsigned i = 0; i < nr_bars && n > 0 && n < (int)sizeof(line); i++) {
        const struct pci_bar *b = &d->bar[i];
        if (b->kind == PCI_BAR_NONE || !b->assigned)
            continue;
        n += snprintf(line + n, sizeof(line) - (size_t)n, " BAR%u %s 0x%lx+0x%lx", i,
                      bars_kind_name(b), b->cpu, b->size);
        any = true;
    }
    printk("PCI %s%s", line, any ? "" : " no BARs");
}

void bars_size_and_assign(struct pci_host *h, struct pci_dev *d, unsigned nr_bars)
{
    uint16_t cmd = config_read16(d->cfg, PCI_COMMAND);
    config_write16(d->cfg, PCI_COMMAND, cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
    bars_size(d, nr_bars);

    bool placed[PCI_NR_BARS] = { false };
    for (;;) {
        int big = -1;
        for (unsigned i = 0; i < nr_bars; i++)
            if (d->bar[i].kind != PCI_BAR_NONE && !placed[i] &&
                (big < 0 || d->bar[i].size > d->bar[big].size))
                big = (int)i;
        if (big < 0)
            break;
        placed[big] = true;
        struct pci_bar *b = &d->bar[big];
        if (bars_place(h, b, d->bus == h->bus_first)) {
            printk("PCI %s: BAR%d (%s, 0x%lx bytes): no room left in the host bridge's windows;"
                   " device left disabled", d->bdf, big, bars_kind_name(b), b->size);
            d->enabled = false;
            return;
        }
    }
    uint16_t on = PCI_COMMAND_MASTER;
    for (unsigned i = 0; i < nr_bars; i++) {
        if (d->bar[i].kind == PCI_BAR_NONE)
            continue;
        bars_write(d, i);
        on |= d->bar[i].kind == PCI_BAR_IO ? PCI_COMMAND_IO : PCI_COMMAND_MEMORY;
    }
    /* bridges always decode memory: their windows forward to the devices behind */
    if (d->bridge)
        on |= PCI_COMMAND_MEMORY;
    config_write16(d->cfg, PCI_COMMAND, (uint16_t)(cmd | on));
    d->enabled = true;
    bars_print(d, nr_bars);
}
