/* A tiny flattened-device-tree reader for the SGPU guests: the virtual
 * SGPU's node, the RAM and /chosen/bootargs. Reads byte by byte (the MMU
 * is off, so every access is Device memory and must be aligned). */
#ifndef APPS_GUEST_DT_H
#define APPS_GUEST_DT_H
#include <stdbool.h>
#include <stdint.h>

struct guest_dt_info {
    bool valid;             /* the blob is an FDT */
    bool have_sgpu;         /* a node compatible "vcoproc,sgpu" (or named vcoproc-sgpu@...) */
    uint64_t sgpu_base;     /* its first reg address */
    uint32_t sgpu_intid;    /* from interrupts (GIC 3 cells: SPI n -> 32 + n) */
    bool have_mem;
    uint64_t mem_base, mem_size;
    const char *bootargs;   /* NULL if none */
};

/* Fills info from the blob at dtb; never reads past its totalsize. */
void guest_dt_read(const void *dtb, struct guest_dt_info *info);
/* Value of "key=<number>" (decimal or 0x hex) in a space-separated string;
 * false when absent or malformed. */
bool guest_dt_arg(const char *args, const char *key, uint64_t *val);
#endif
