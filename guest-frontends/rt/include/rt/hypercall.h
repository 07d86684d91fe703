/* The hypervisor's vendor hypercalls (docs/guest-abi.md). Without the
 * hypervisor (plain QEMU) every one returns -1 (SMCCC NOT_SUPPORTED). */
#ifndef RT_HYPERCALL_H
#define RT_HYPERCALL_H
#include <stddef.h>
#include <stdint.h>

#define HYPERCALL_VERSION        0xC6000000u
#define HYPERCALL_CONSOLE_WRITE  0xC6000001u
#define HYPERCALL_YIELD          0xC6000002u
#define HYPERCALL_DOMAIN_ID      0xC6000003u

#define HYPERCALL_CONSOLE_MAX    4096

/* major << 16 | minor, or -1. */
int64_t hypercall_version(void);
/* Bytes written, -2 if buf is not in the domain's RAM, -1 if unsupported.
 * len must not exceed HYPERCALL_CONSOLE_MAX. */
int64_t hypercall_console_write(const void *buf, size_t len);
int64_t hypercall_yield(void);
/* Domain id (1-based) and, through boot_count if not NULL, the boot count
 * (1 on first boot); -1 when unsupported, *boot_count then untouched. */
int64_t hypercall_domain_id(uint64_t *boot_count);

#endif
