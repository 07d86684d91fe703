/* Hypervisor memory: a page allocator over the heap that follows the image
 * in the hypervisor's region. Allocations live as long as the hypervisor:
 * domains are created once at boot and reuse their memory across resets. */
#ifndef XEN_MM_H
#define XEN_MM_H
#include <xen/types.h>

void page_alloc_init(paddr_t start, paddr_t end);
void *page_alloc_zeroed(unsigned pages);
void *xzalloc(size_t size);
paddr_t page_alloc_heap_end(void);
/* Heap objects that can be freed (xmalloc.c); zeroed. */
void *xmalloc(size_t size);
void xfree(void *p);
#endif
