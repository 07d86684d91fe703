/* Boot-time page allocator: a bump pointer over the heap after the image. */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>

static paddr_t heap_next, heap_end;
static spinlock_t heap_lock = SPINLOCK_INIT;

void page_alloc_init(paddr_t start, paddr_t end)
{
    heap_next = ALIGN_UP(start, PAGE_SIZE);
    heap_end = end;
}

void *page_alloc_zeroed(unsigned pages)
{
    uint64_t size = (uint64_t)pages * PAGE_SIZE;
    spin_lock(&heap_lock);
    paddr_t p = heap_next;
    bool ok = p + size <= heap_end;
    if (ok)
        heap_next += size;
    spin_unlock(&heap_lock);
    if (!ok) {
        printk("hypervisor heap exhausted (%u pages requested)", pages);
        return NULL;
    }
    memset(pa_to_ptr(p), 0, size);
    return pa_to_ptr(p);
}

void *xzalloc(size_t size)
{
    return page_alloc_zeroed((unsigned)(ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE));
}

paddr_t page_alloc_heap_end(void)
{
    return heap_next;
}
