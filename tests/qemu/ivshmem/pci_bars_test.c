/* Host unit test of BAR sizing and placement (xen/drivers/pci/bars.c with
 * window.c) against a simulated configuration space: each fake function has
 * BAR registers that keep only their size-aligned bits and read-only type
 * bits, as real hardware does. Prints PASS/FAIL lines per test. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../../../xen/drivers/pci/pci.h"

static char last_msg[512];
static int failures;

void printk(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
    va_end(ap);
}

/* A function's config space: 256 bytes; BAR i keeps bits in writable[i]
 * and always reads its type bits ro[i]. */
struct fake_fn {
    uint32_t regs[64];
    uint32_t writable[6];
    uint32_t ro[6];
};

static uint32_t *reg32(uintptr_t cfg, unsigned reg)
{
    return &((struct fake_fn *)cfg)->regs[reg / 4];
}

uint32_t config_read32(uintptr_t cfg, unsigned reg) { return *reg32(cfg, reg & ~3u); }
uint16_t config_read16(uintptr_t cfg, unsigned reg)
{
    return (uint16_t)(config_read32(cfg, reg) >> (8 * (reg & 2)));
}
uint8_t config_read8(uintptr_t cfg, unsigned reg)
{
    return (uint8_t)(config_read32(cfg, reg) >> (8 * (reg & 3)));
}
void config_write32(uintptr_t cfg, unsigned reg, uint32_t v)
{
    struct fake_fn *f = (struct fake_fn *)cfg;
    if (reg >= PCI_BAR0 && reg < PCI_BAR0 + 24) {
        unsigned i = (reg - PCI_BAR0) / 4;
        v = (v & f->writable[i]) | f->ro[i];
    }
    *reg32(cfg, reg) = v;
}
void config_write16(uintptr_t cfg, unsigned reg, uint16_t v)
{
    uint32_t old = config_read32(cfg, reg & ~3u);
    unsigned sh = 8 * (reg & 2);
    config_write32(cfg, reg & ~3u, (old & ~(0xffffu << sh)) | (uint32_t)v << sh);
}
void config_write8(uintptr_t cfg, unsigned reg, uint8_t v)
{
    uint32_t old = config_read32(cfg, reg & ~3u);
    unsigned sh = 8 * (reg & 3);
    config_write32(cfg, reg & ~3u, (old & ~(0xffu << sh)) | (uint32_t)v << sh);
}

static void check(const char *name, int ok, const char *why)
{
    if (ok) {
        printf("PASS pci-bars.%s\n", name);
    } else {
        printf("FAIL pci-bars.%s: %s (last message: '%s')\n", name, why, last_msg);
        failures++;
    }
}

/* BAR i: a 32-bit memory BAR of size sz. */
static void mem32(struct fake_fn *f, unsigned i, uint32_t sz, bool pref)
{
    f->ro[i] = pref ? 0x8 : 0;
    f->writable[i] = ~(sz - 1);
    f->regs[(PCI_BAR0 / 4) + i] = f->ro[i];
}

/* BARs i, i+1: a 64-bit memory BAR of size sz. */
static void mem64(struct fake_fn *f, unsigned i, uint64_t sz, bool pref)
{
    f->ro[i] = 0x4 | (pref ? 0x8 : 0);
    f->writable[i] = (uint32_t)~(sz - 1) & ~0xfu;
    f->writable[i + 1] = (uint32_t)(~(sz - 1) >> 32);
    f->regs[(PCI_BAR0 / 4) + i] = f->ro[i];
}

static void io(struct fake_fn *f, unsigned i, uint32_t sz)
{
    f->ro[i] = 0x1;
    f->writable[i] = ~(sz - 1) & 0xffff;   /* 16 address bits, as most I/O BARs */
    f->regs[(PCI_BAR0 / 4) + i] = f->ro[i];
}

static struct pci_host qemu_host(void)
{
    struct pci_host h = { .bus_first = 0, .bus_last = 255 };
    h.win[PCI_SPACE_IO] = (struct pci_window){ true, false, true, 0, 0x3eff0000, 0x10000, 0x1000 };
    h.win[PCI_SPACE_MEM32] = (struct pci_window){ true, false, true, 0x10000000, 0x10000000,
                                                  0x2eff0000, 0x10000000 };
    h.win[PCI_SPACE_MEM64] = (struct pci_window){ true, true, false, 0x8000000000ul,
                                                  0x8000000000ul, 0x8000000000ul,
                                                  0x8000000000ul };
    return h;
}

static void test_ivshmem_like(void)
{
    struct fake_fn f = { 0 };
    mem32(&f, 0, 0x100, false);
    mem32(&f, 1, 0x1000, false);
    mem64(&f, 2, 0x100000, true);
    struct pci_host h = qemu_host();
    struct pci_dev d = { .bus = 0, .cfg = (uintptr_t)&f, .bdf = "00:01.0" };
    bars_size_and_assign(&h, &d, PCI_NR_BARS);
    check("sizes", d.bar[0].size == 0x100 && d.bar[1].size == 0x1000 &&
          d.bar[2].size == 0x100000, "BAR sizes misread");
    check("kinds", d.bar[0].kind == PCI_BAR_MEM32 && d.bar[2].kind == PCI_BAR_MEM64 &&
          d.bar[2].prefetchable && d.bar[3].kind == PCI_BAR_NONE,
          "BAR kinds misread (BAR3 is BAR2's upper half)");
    check("largest-first", d.bar[2].pci == 0x10000000 && d.bar[1].pci == 0x10100000 &&
          d.bar[0].pci == 0x10101000, "placement should be BAR2, BAR1, BAR0 in that order");
    check("programmed", f.regs[4] == (0x10101000u) && f.regs[5] == 0x10100000u &&
          f.regs[6] == (0x10000000u | 0xc) && f.regs[7] == 0,
          "BAR registers not programmed with the placed addresses");
    uint16_t cmd = (uint16_t)f.regs[1];
    check("decoding-on", d.enabled && (cmd & PCI_COMMAND_MEMORY) && (cmd & PCI_COMMAND_MASTER) &&
          !(cmd & PCI_COMMAND_IO), "memory decoding and bus mastering must be on, I/O off");
    check("printed", strstr(last_msg, "BAR2 mem64 pref 0x10000000+0x100000") != NULL,
          "the device line does not list BAR2");
}

static void test_io_and_fallback(void)
{
    struct fake_fn f = { 0 };
    io(&f, 0, 0x20);
    mem64(&f, 1, 0x40000000ul, true);   /* 1 GiB: more than the 32-bit window */
    struct pci_host h = qemu_host();
    struct pci_dev d = { .bus = 0, .cfg = (uintptr_t)&f, .bdf = "00:02.0" };
    bars_size_and_assign(&h, &d, PCI_NR_BARS);
    check("io.placed", d.bar[0].kind == PCI_BAR_IO && d.bar[0].size == 0x20 &&
          d.bar[0].pci == 0x1000 && d.bar[0].cpu == 0x3eff1000, "I/O BAR misplaced");
    check("mem64.fallback", d.bar[1].assigned && d.bar[1].pci == 0x8000000000ul &&
          !d.bar[1].hyp_mapped && f.regs[6] == 0x80,
          "a 1 GiB 64-bit BAR must go to the 64-bit window, marked not mapped");
    check("io.decoding", ((uint16_t)f.regs[1] & PCI_COMMAND_IO) != 0, "I/O decoding must be on");

    struct fake_fn g = { 0 };
    mem64(&g, 0, 0x40000000ul, true);
    struct pci_dev e = { .bus = 1, .cfg = (uintptr_t)&g, .bdf = "01:00.0" };
    bars_size_and_assign(&h, &e, PCI_NR_BARS);
    check("behind-bridge.no-fallback", !e.enabled && !((uint16_t)g.regs[1] & PCI_COMMAND_MEMORY) &&
          strstr(last_msg, "no room"),
          "behind a bridge a BAR that misses the 32-bit window must disable the device");
}

static void test_exhaustion(void)
{
    struct fake_fn f = { 0 };
    mem32(&f, 0, 0x1000, false);
    mem32(&f, 1, 0x100000, false);
    struct pci_host h = qemu_host();
    h.win[PCI_SPACE_MEM32].size = 0x10000;   /* 64 KiB */
    h.win[PCI_SPACE_MEM64].present = false;
    f.regs[1] = PCI_COMMAND_MEMORY;          /* firmware left decoding on */
    struct pci_dev d = { .bus = 0, .cfg = (uintptr_t)&f, .bdf = "00:03.0" };
    bars_size_and_assign(&h, &d, PCI_NR_BARS);
    check("exhausted.disabled", !d.enabled && !((uint16_t)f.regs[1] & PCI_COMMAND_MEMORY),
          "a function whose BAR does not fit must be left with decoding off");
    check("exhausted.message", strstr(last_msg, "00:03.0") && strstr(last_msg, "BAR1") &&
          strstr(last_msg, "0x100000"), "the message must name the function, BAR and size");
}

static void test_empty(void)
{
    struct fake_fn f = { 0 };
    struct pci_host h = qemu_host();
    struct pci_dev d = { .bus = 0, .cfg = (uintptr_t)&f, .bdf = "00:00.0" };
    bars_size_and_assign(&h, &d, PCI_NR_BARS);
    check("no-bars", d.enabled && strstr(last_msg, "no BARs") &&
          h.win[PCI_SPACE_MEM32].next == 0x10000000, "a function without BARs takes no space");
}

int main(void)
{
    test_ivshmem_like();
    test_io_and_fallback();
    test_exhaustion();
    test_empty();
    return failures ? 1 : 0;
}
