/* The little the tenant guest needs from its device tree, read without
 * libfdt: the SFPGA slot node, guest RAM and the boot arguments. */
#ifndef APPS_FPGA_TENANT_DT_H
#define APPS_FPGA_TENANT_DT_H
#include <stdbool.h>
#include <stdint.h>

#define TENANT_DT_COMPATIBLE "vcoproc,sfpga-slot"

struct tenant_dt {
    bool slot_found;         /* a node with compatible = TENANT_DT_COMPATIBLE */
    uint64_t slot_base, slot_size;
    bool slot_irq_found;
    uint32_t slot_intid;     /* GIC INTID (SPI n -> 32 + n, PPI n -> 16 + n) */
    bool slot_edge;          /* interrupt flags say edge-triggered */
    bool mem_found;
    uint64_t mem_base, mem_size;
    char bootargs[256];      /* /chosen/bootargs, "" if none */
};

/* Parses the flattened tree at fdt (size bounded by its header). Returns 0,
 * or -1 with *why naming what was wrong. Cells of reg follow the root's
 * #address-cells/#size-cells. */
int tenant_dt_parse(const void *fdt, struct tenant_dt *out, const char **why);

/* Value of "key=value" in a space-separated argument string: copies value
 * into buf (NUL-terminated) and returns true when the key is present. */
bool tenant_dt_arg(const char *args, const char *key, char *buf, unsigned len);
/* Decimal or 0x-hex; false on junk. */
bool tenant_dt_parse_u64(const char *s, uint64_t *v);
#endif
