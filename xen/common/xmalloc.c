/* A small first-fit heap with free, for objects that come and go (the
 * co-processor framework's). Blocks carry a header; freed neighbours are
 * merged. Boot-time structures use the page allocator instead. */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>

#define XMALLOC_ARENA (2UL << 20)
#define XMALLOC_ALIGN 16

struct xblock {
    size_t size;          /* bytes after the header */
    bool free;
    struct xblock *next;  /* address order */
};

#define HDR ALIGN_UP(sizeof(struct xblock), XMALLOC_ALIGN)

static struct xblock *xheap;
static spinlock_t xlock = SPINLOCK_INIT;

static bool xmalloc_init(void)
{
    uint8_t *arena = page_alloc_zeroed(XMALLOC_ARENA / PAGE_SIZE);
    if (!arena)
        return false;
    xheap = (struct xblock *)arena;
    xheap->size = XMALLOC_ARENA - HDR;
    xheap->free = true;
    xheap->next = NULL;
    return true;
}

void *xmalloc(size_t size)
{
    size = ALIGN_UP(size ? size : 1, XMALLOC_ALIGN);
    uint64_t flags = spin_lock_irqsave(&xlock);
    if (!xheap && !xmalloc_init()) {
        spin_unlock_irqrestore(&xlock, flags);
        return NULL;
    }
    for (struct xblock *b = xheap; b; b = b->next) {
        if (!b->free || b->size < size)
            continue;
        if (b->size >= size + HDR + XMALLOC_ALIGN) {   /* split */
            struct xblock *rest = (struct xblock *)((uint8_t *)b + HDR + size);
            rest->size = b->size - size - HDR;
            rest->free = true;
            rest->next = b->next;
            b->next = rest;
            b->size = size;
        }
        b->free = false;
        spin_unlock_irqrestore(&xlock, flags);
        void *p = (uint8_t *)b + HDR;
        memset(p, 0, size);
        return p;
    }
    spin_unlock_irqrestore(&xlock, flags);
    printk("xmalloc: out of memory for %lu bytes", (uint64_t)size);
    return NULL;
}

void xfree(void *p)
{
    if (!p)
        return;
    uint64_t flags = spin_lock_irqsave(&xlock);
    struct xblock *b = (struct xblock *)((uint8_t *)p - HDR);
    b->free = true;
    for (struct xblock *c = xheap; c; c = c->next) {
        while (c->free && c->next && c->next->free) {   /* merge with the next */
            c->size += HDR + c->next->size;
            c->next = c->next->next;
        }
    }
    spin_unlock_irqrestore(&xlock, flags);
}
