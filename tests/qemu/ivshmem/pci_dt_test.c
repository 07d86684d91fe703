/* Host unit test of the hypervisor's PCI logic that needs no hardware: the
 * ECAM host bridge DT parser (xen/drivers/pci/host_bridge.c) and the BAR
 * window allocator (window.c), built for the host with the system libfdt.
 * Each malformed node must be refused (or the bad entry skipped) with a
 * message naming the property. Prints PASS/FAIL lines per test. */
#include <libfdt.h>
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

uint64_t dt_read_cells(const void *p, int cells)
{
    const fdt32_t *c = p;
    uint64_t v = 0;
    for (int i = 0; i < cells; i++)
        v = (v << 32) | fdt32_to_cpu(c[i]);
    return v;
}

static void check(const char *name, int ok, const char *why)
{
    if (ok) {
        printf("PASS pci-dt.%s\n", name);
    } else {
        printf("FAIL pci-dt.%s: %s (last message: '%s')\n", name, why, last_msg);
        failures++;
    }
}

#define ITS_PHANDLE 0x8006
#define MAX_PROPS 8

struct prop {
    const char *name;
    const uint32_t *cells;   /* host order; converted when the DT is built */
    int n;
};

/* Builds "/ { #address-cells = <2>; #size-cells = <2>; pcie@10000000 {...} }"
 * with the QEMU virt defaults unless a prop of the same name replaces one
 * (n < 0 leaves that property out). */
static const void *build_dt(const struct prop *over, int nover)
{
    static char buf[8192];
    static const uint32_t reg[] = { 0x40, 0x10000000, 0, 0x10000000 };
    static const uint32_t ranges[] = {
        0x1000000, 0, 0, 0, 0x3eff0000, 0, 0x10000,
        0x2000000, 0, 0x10000000, 0, 0x10000000, 0, 0x2eff0000,
        0x3000000, 0x80, 0, 0x80, 0, 0x80, 0,
    };
    static const uint32_t busr[] = { 0, 0xff }, msimap[] = { 0, ITS_PHANDLE, 0, 0x10000 };
    static const uint32_t three[] = { 3 }, two[] = { 2 };
    struct prop props[MAX_PROPS] = {
        { "#address-cells", three, 1 }, { "#size-cells", two, 1 }, { "reg", reg, 4 },
        { "ranges", ranges, 21 }, { "bus-range", busr, 2 }, { "msi-map", msimap, 4 },
    };
    int np = 6;
    for (int i = 0; i < nover; i++) {
        int j;
        for (j = 0; j < np && strcmp(props[j].name, over[i].name); j++)
            ;
        props[j] = over[i];
        if (j == np)
            np++;
    }
    fdt_create(buf, sizeof(buf));
    fdt_finish_reservemap(buf);
    fdt_begin_node(buf, "");
    fdt_property_u32(buf, "#address-cells", 2);
    fdt_property_u32(buf, "#size-cells", 2);
    fdt_begin_node(buf, "pcie@10000000");
    fdt_property_string(buf, "compatible", "pci-host-ecam-generic");
    for (int i = 0; i < np; i++) {
        if (props[i].n < 0)
            continue;
        fdt32_t be[32];
        for (int c = 0; c < props[i].n; c++)
            be[c] = cpu_to_fdt32(props[i].cells[c]);
        fdt_property(buf, props[i].name, be, props[i].n * 4);
    }
    fdt_end_node(buf);
    fdt_end_node(buf);
    fdt_finish(buf);
    return buf;
}

static int parse(const struct prop *over, int nover, struct pci_host *h)
{
    const void *fdt = build_dt(over, nover);
    last_msg[0] = 0;
    int node = fdt_node_offset_by_compatible(fdt, -1, "pci-host-ecam-generic");
    return node < 0 ? -2 : host_bridge_parse(fdt, node, h);
}

static void test_qemu_virt_node(void)
{
    struct pci_host h;
    int r = parse(NULL, 0, &h);
    check("virt.parses", r == 0, "the QEMU virt node was refused");
    check("virt.ecam", h.ecam == 0x4010000000ul && h.ecam_size == 0x10000000,
          "ECAM base/size wrong");
    check("virt.buses", h.bus_first == 0 && h.bus_last == 255, "bus range wrong");
    const struct pci_window *io = &h.win[PCI_SPACE_IO], *m32 = &h.win[PCI_SPACE_MEM32],
                            *m64 = &h.win[PCI_SPACE_MEM64];
    check("virt.io-window", io->present && io->cpu == 0x3eff0000 && io->pci == 0 &&
          io->size == 0x10000 && io->next == 0x1000, "I/O window wrong");
    check("virt.mem32-window", m32->present && m32->cpu == 0x10000000 &&
          m32->pci == 0x10000000 && m32->size == 0x2eff0000 && m32->hyp_mapped,
          "32-bit window wrong");
    check("virt.mem64-window", m64->present && m64->cpu == 0x8000000000ul &&
          m64->size == 0x8000000000ul && !m64->hyp_mapped, "64-bit window wrong");
    uint32_t devid = 0;
    check("virt.devid-is-rid", host_bridge_rid_to_devid(&h, 0x108, ITS_PHANDLE, &devid) &&
          devid == 0x108, "RID 0x108 should map to DeviceID 0x108");
    check("virt.other-controller", !host_bridge_rid_to_devid(&h, 0x8, 0x1234, &devid),
          "a RID must not map for another MSI controller's phandle");
}

static void test_bad_ranges(void)
{
    struct pci_host h;
    static const uint32_t six[] = { 0x2000000, 0, 0x10000000, 0, 0x10000000, 0 };
    struct prop p = { "ranges", six, 6 };
    int r = parse(&p, 1, &h);
    check("ranges.partial-entry", r == -1 && strstr(last_msg, "'ranges'"),
          "a 6-cell ranges must be refused naming 'ranges'");
    p.n = -1;
    r = parse(&p, 1, &h);
    check("ranges.missing", r == -1 && strstr(last_msg, "'ranges'"),
          "a node without ranges must be refused naming 'ranges'");

    static const uint32_t zero[] = { 0x2000000, 0, 0x10000000, 0, 0x10000000, 0, 0 };
    struct prop z = { "ranges", zero, 7 };
    r = parse(&z, 1, &h);
    check("ranges.empty-window-skipped", r == 0 && !h.win[PCI_SPACE_MEM32].present &&
          strstr(last_msg, "no memory window"), "an empty window must be skipped and noted");

    static const uint32_t over4g[] = { 0x2000000, 0, 0xf0000000, 0, 0xf0000000, 0, 0x20000000 };
    struct prop o = { "ranges", over4g, 7 };
    r = parse(&o, 1, &h);
    check("ranges.mem32-past-4g-skipped", r == 0 && !h.win[PCI_SPACE_MEM32].present,
          "a 32-bit window reaching past 4 GiB must be skipped");

    static const uint32_t twice[] = { 0x2000000, 0, 0x10000000, 0, 0x10000000, 0, 0x100000,
                                      0x2000000, 0, 0x20000000, 0, 0x20000000, 0, 0x100000 };
    struct prop t = { "ranges", twice, 14 };
    r = parse(&t, 1, &h);
    check("ranges.second-window-ignored", r == 0 && h.win[PCI_SPACE_MEM32].pci == 0x10000000 &&
          strstr(last_msg, "second"), "a second 32-bit window must be ignored and noted");

    static const uint32_t two[] = { 2 };
    struct prop ac = { "#address-cells", two, 1 };
    r = parse(&ac, 1, &h);
    check("ranges.bad-address-cells", r == -1 && strstr(last_msg, "#address-cells"),
          "#address-cells 2 on a PCI node must be refused");
}

static void test_bad_reg_and_buses(void)
{
    struct pci_host h;
    struct prop none = { "reg", NULL, -1 };
    check("reg.missing", parse(&none, 1, &h) == -1 && strstr(last_msg, "'reg'"),
          "a node without reg must be refused naming 'reg'");
    static const uint32_t odd[] = { 0x40, 0x10000800, 0, 0x10000000 };
    struct prop r = { "reg", odd, 4 };
    check("reg.unaligned", parse(&r, 1, &h) == -1 && strstr(last_msg, "1 MiB"),
          "an ECAM base not 1 MiB aligned must be refused");
    static const uint32_t small[] = { 0x40, 0x10000000, 0, 0x400000 };
    struct prop s = { "reg", small, 4 };
    check("reg.limits-buses", parse(&s, 1, &h) == 0 && h.bus_last == 3,
          "a 4 MiB ECAM must limit the buses to 0..3");
    static const uint32_t backwards[] = { 5, 2 };
    struct prop b = { "bus-range", backwards, 2 };
    check("bus-range.backwards", parse(&b, 1, &h) == -1 && strstr(last_msg, "'bus-range'"),
          "bus-range <5 2> must be refused naming 'bus-range'");
}

static void test_msi_map(void)
{
    struct pci_host h;
    static const uint32_t three[] = { 0, ITS_PHANDLE, 0 };
    struct prop p = { "msi-map", three, 3 };
    check("msi-map.partial-entry", parse(&p, 1, &h) == -1 && strstr(last_msg, "'msi-map'"),
          "a 3-cell msi-map must be refused naming 'msi-map'");
    static const uint32_t past[] = { 0xff00, ITS_PHANDLE, 0, 0x200 };
    struct prop q = { "msi-map", past, 4 };
    check("msi-map.past-ffff", parse(&q, 1, &h) == -1 && strstr(last_msg, "'msi-map'"),
          "an msi-map entry past RID 0xffff must be refused");

    static const uint32_t two[] = { 0x000, ITS_PHANDLE, 0x1000, 0x100,
                                    0x100, 0x7777, 0x0, 0x100 };
    struct prop m = { "msi-map", two, 8 };
    uint32_t devid = 0;
    int r = parse(&m, 1, &h);
    check("msi-map.offset", r == 0 && host_bridge_rid_to_devid(&h, 0x18, ITS_PHANDLE, &devid) &&
          devid == 0x1018, "RID 0x18 must map to DeviceID 0x1018");
    check("msi-map.other-entry-other-controller",
          !host_bridge_rid_to_devid(&h, 0x118, ITS_PHANDLE, &devid),
          "RID 0x118 goes to phandle 0x7777, not the ITS");
    check("msi-map.uncovered", !host_bridge_rid_to_devid(&h, 0x300, ITS_PHANDLE, &devid),
          "RID 0x300 is covered by no entry");

    static const uint32_t mask[] = { 0x7 };
    struct prop mm[2] = { { "msi-map", two, 8 }, { "msi-map-mask", mask, 1 } };
    r = parse(mm, 2, &h);
    check("msi-map.mask", r == 0 && host_bridge_rid_to_devid(&h, 0x1ff, ITS_PHANDLE, &devid) &&
          devid == 0x1007, "with msi-map-mask 7, RID 0x1ff must map to DeviceID 0x1007");

    static const uint32_t parent[] = { ITS_PHANDLE };
    struct prop pp[2] = { { "msi-map", NULL, -1 }, { "msi-parent", parent, 1 } };
    r = parse(pp, 2, &h);
    check("msi-parent.rid", r == 0 && host_bridge_rid_to_devid(&h, 0x42, ITS_PHANDLE, &devid) &&
          devid == 0x42, "with msi-parent only, the DeviceID is the RID");
    check("no-its.no-devid", !host_bridge_rid_to_devid(&h, 0x42, 0, &devid),
          "without an ITS no RID has a DeviceID");
}

static void test_window_alloc(void)
{
    struct pci_window w = { .present = true, .pci = 0x10000000, .cpu = 0x10000000,
                            .size = 0x300000, .next = 0x10000000 };
    uint64_t a = 0, b = 0, c = 0, d = 0;
    int r1 = window_alloc(&w, 0x100, &a);
    int r2 = window_alloc(&w, 0x100000, &b);
    int r3 = window_alloc(&w, 0x1000, &c);
    check("window.natural-alignment", !r1 && !r2 && !r3 && a == 0x10000000 &&
          b == 0x10100000 && c == 0x10200000, "BARs must be placed naturally aligned in order");
    check("window.exhausted", window_alloc(&w, 0x200000, &d) == -1 && w.next == 0x10201000,
          "a BAR that does not fit must be refused without moving the cursor");
    check("window.not-power-of-two", window_alloc(&w, 0x3000, &d) == -1,
          "a size that is not a power of two must be refused");
    check("window.zero", window_alloc(&w, 0, &d) == -1, "a zero size must be refused");
    struct pci_window top = { .present = true, .pci = 0xfffffffffff00000ul,
                              .size = 0x100000, .next = 0xfffffffffff00000ul };
    check("window.no-wrap", window_alloc(&top, 0x200000, &d) == -1,
          "alignment wrapping past 2^64 must be refused");
    struct pci_window absent = { 0 };
    check("window.absent", window_alloc(&absent, 0x1000, &d) == -1,
          "an absent window must refuse everything");
}

int main(void)
{
    test_qemu_virt_node();
    test_bad_ranges();
    test_bad_reg_and_buses();
    test_msi_map();
    test_window_alloc();
    return failures ? 1 : 0;
}
