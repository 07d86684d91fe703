/* Co-processor transports over ivshmem-doorbell (see transport.h). */
#include <xen/lib.h>
#include "../../drivers/pci/drivers.h"
#include "transport.h"

#define MAX_TRANSPORTS 4
#define MODEL_PEER     0   /* the model is peer 0 of hw/ivshmem's server */

static struct coproc_transport transports[MAX_TRANSPORTS];
static unsigned nr_transports;

const struct coproc_transport *coproc_transport_attach(unsigned bus, unsigned dev, unsigned fn)
{
    struct ivshmem_info info;
    if (ivshmem_lookup(bus, dev, fn, &info)) {
        printk("coproc: no usable ivshmem device at PCI %02x:%02x.%u (absent, BAR2 not "
               "mapped, or no MSI-X)", bus, dev, fn);
        return NULL;
    }
    for (unsigned i = 0; i < nr_transports; i++)
        if (transports[i].base == info.shm)
            return &transports[i];
    if (nr_transports == MAX_TRANSPORTS) {
        printk("coproc: more than %u ivshmem-backed co-processors", MAX_TRANSPORTS);
        return NULL;
    }
    struct coproc_transport *t = &transports[nr_transports++];
    t->base = info.shm;
    t->size = info.shm_size;
    t->doorbell = (volatile uint32_t *)(info.regs + 0x0c);
    t->nr_vectors = MIN(info.nr_vectors, (unsigned)TRANSPORT_MAX_VECTORS);
    for (unsigned v = 0; v < t->nr_vectors; v++)
        t->lpi[v] = info.lpi[v];
    return t;
}

const struct coproc_transport *coproc_transport_find(paddr_t base, uint64_t size)
{
    for (unsigned i = 0; i < nr_transports; i++) {
        const struct coproc_transport *t = &transports[i];
        if (base >= t->base && base + size <= t->base + t->size)
            return t;
    }
    return NULL;
}

void coproc_transport_kick(const struct coproc_transport *t)
{
    __asm__ volatile("dsb sy" ::: "memory");   /* register stores before the doorbell */
    *t->doorbell = MODEL_PEER << 16;
    __atomic_add_fetch(&((struct coproc_transport *)t)->kicks, 1, __ATOMIC_RELAXED);
}
