/* Placing BARs in a host bridge window: a cursor that only moves up, each
 * BAR at the next address aligned to its own size (BARs decode naturally
 * aligned power-of-two ranges). Pure logic, no hardware. */
#include <xen/lib.h>
#include "pci.h"

int window_alloc(struct pci_window *w, uint64_t size, uint64_t *pci)
{
    if (!w->present || size == 0 || (size & (size - 1)))
        return -1;
    uint64_t at = ALIGN_UP(w->next, size);
    uint64_t end = w->pci + w->size;
    if (at < w->next || at + size < at || at + size > end)
        return -1;
    w->next = at + size;
    *pci = at;
    return 0;
}
