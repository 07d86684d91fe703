/* libFuzzer target: the hypervisor's host bridge DT parser and BAR window
 * allocator (xen/drivers/pci/host_bridge.c, window.c) on arbitrary property
 * values. The input picks which properties exist and supplies their bytes
 * (#address-cells and #size-cells default to 3 and 2 when not picked);
 * whatever the parser accepts must satisfy the invariants the enumerator
 * relies on, checked here with abort():
 *   - the ECAM region is whole 1 MiB buses and covers bus_first..bus_last;
 *   - every window present is non-empty, does not wrap, and a 32-bit one
 *     stays below 4 GiB;
 *   - every placement is inside its window and naturally aligned;
 *   - a DeviceID comes only from an msi-map entry (or msi-parent) that
 *     names the ITS's phandle. */
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../../xen/drivers/pci/pci.h"

#define ITS_PHANDLE 0x8006

/* Quiet unless FUZZ_VERBOSE is set (to see why a seed is refused). */
void printk(const char *fmt, ...)
{
    static int verbose = -1;
    if (verbose < 0)
        verbose = getenv("FUZZ_VERBOSE") != NULL;
    if (!verbose)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

uint64_t dt_read_cells(const void *p, int cells)
{
    const fdt32_t *c = p;
    uint64_t v = 0;
    for (int i = 0; i < cells; i++)
        v = (v << 32) | fdt32_to_cpu(c[i]);
    return v;
}

static const char *const names[] = { "reg", "ranges", "bus-range", "msi-map", "msi-map-mask",
                                      "msi-parent", "#address-cells", "#size-cells" };
#define NR_NAMES (sizeof(names) / sizeof(names[0]))

static void check_windows(struct pci_host *h, const uint8_t *data, size_t size)
{
    for (unsigned s = 0; s < PCI_NR_SPACES; s++) {
        struct pci_window *w = &h->win[s];
        if (!w->present)
            continue;
        if (w->size == 0 || w->pci + w->size < w->pci)
            abort();
        if (s != PCI_SPACE_MEM64 && w->pci + w->size > (1ull << 32))
            abort();
        for (size_t i = 0; i < size && i < 16; i++) {
            uint64_t sz = 1ull << (data[i] % 40), at;
            if (window_alloc(w, sz, &at) == 0 &&
                (at < w->pci || at + sz > w->pci + w->size || at % sz))
                abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char buf[16384];
    if (size < 1)
        return 0;
    uint8_t present = data[0];
    data++;
    size--;

    fdt_create(buf, sizeof(buf));
    fdt_finish_reservemap(buf);
    fdt_begin_node(buf, "");
    fdt_property_u32(buf, "#address-cells", 2);
    fdt_property_u32(buf, "#size-cells", 2);
    fdt_begin_node(buf, "pcie@10000000");
    fdt_property_string(buf, "compatible", "pci-host-ecam-generic");
    /* each present property takes a length byte, then that many bytes */
    for (unsigned i = 0; i < NR_NAMES; i++) {
        if (!(present & (1u << i))) {
            /* the cell counts default to the valid PCI ones, so that the
             * fuzzer spends its time on the interesting properties */
            if (!strcmp(names[i], "#address-cells"))
                fdt_property_u32(buf, names[i], 3);
            else if (!strcmp(names[i], "#size-cells"))
                fdt_property_u32(buf, names[i], 2);
            continue;
        }
        size_t len = size ? data[0] : 0;
        if (size) {
            data++;
            size--;
        }
        if (len > size)
            len = size;
        fdt_property(buf, names[i], data, (int)len);
        data += len;
        size -= len;
    }
    fdt_end_node(buf);
    fdt_end_node(buf);
    if (fdt_finish(buf))
        return 0;

    int node = fdt_node_offset_by_compatible(buf, -1, "pci-host-ecam-generic");
    struct pci_host h;
    if (node < 0 || host_bridge_parse(buf, node, &h))
        return 0;

    if (h.ecam_size < (1u << 20) || h.ecam % (1u << 20) || h.bus_first > h.bus_last ||
        h.bus_last > 255 || (uint64_t)(h.bus_last - h.bus_first + 1) > h.ecam_size >> 20)
        abort();
    check_windows(&h, data, size);
    for (uint32_t rid = 0; rid < 0x10000; rid += 0x1fd) {
        uint32_t devid;
        if (host_bridge_rid_to_devid(&h, rid, ITS_PHANDLE, &devid) && !h.nr_msi_maps &&
            (h.msi_parent != ITS_PHANDLE || devid != rid))
            abort();
        if (host_bridge_rid_to_devid(&h, rid, 0, &devid))
            abort();   /* no ITS, no DeviceID */
    }
    return 0;
}
