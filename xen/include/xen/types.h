/* Basic types of the hypervisor, and distinct address types so that a guest
 * IPA, a machine PA and a hypervisor VA are never mixed up by accident. */
#ifndef XEN_TYPES_H
#define XEN_TYPES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t paddr_t;   /* machine physical address */
typedef uint64_t ipaddr_t;  /* guest intermediate physical address */
typedef uint64_t vaddr_t;   /* hypervisor virtual address (identity-mapped) */

#define KIB(x) ((uint64_t)(x) << 10)
#define MIB(x) ((uint64_t)(x) << 20)
#define GIB(x) ((uint64_t)(x) << 30)

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)

#define ALIGN_UP(x, a)   (((x) + ((a) - 1)) & ~((uint64_t)(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((uint64_t)(a) - 1)) == 0)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

/* The hypervisor identity-maps machine memory, so a PA is usable as a pointer. */
static inline void *pa_to_ptr(paddr_t pa) { return (void *)(uintptr_t)pa; }
static inline paddr_t ptr_to_pa(const void *p) { return (paddr_t)(uintptr_t)p; }
#endif
