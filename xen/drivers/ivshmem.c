/* ivshmem-doorbell (PCI 1af4:1110) in the hypervisor: the transport the
 * physical co-processors' models use (docs/pci.md).
 *
 * BAR0 holds four registers (IntrMask and IntrStatus serve only INTx, which
 * this device no longer has; IVPosition is our peer id; writing
 * peer << 16 | vector to Doorbell interrupts that peer on that vector).
 * BAR1 holds the MSI-X table, BAR2 the shared memory. Each MSI-X vector
 * becomes one LPI on the pCPU that serves device interrupts (the timer
 * service pCPU, one without a vCPU); every interrupt is counted and logged
 * (the first 1000 per vector, then one in 1000).
 *
 * At boot the driver rings the other party's doorbell once, on the last
 * vector, so that an echoing peer proves the whole path both ways. In the
 * project's ivshmem server (hw/ivshmem) the model is always peer 0. */
#include <asm/its.h>
#include <xen/lib.h>
#include <xen/timer.h>
#include "pci/drivers.h"
#include "pci/pci.h"

#define IVSHMEM_VENDOR      0x1af4
#define IVSHMEM_DEVICE      0x1110
#define IVSHMEM_IVPOSITION  0x08
#define IVSHMEM_DOORBELL    0x0c
#define IVSHMEM_REGS_SIZE   0x10
#define IVSHMEM_PEER        0       /* the model, in hw/ivshmem's server */
#define IVSHMEM_MAX         4
#define IVSHMEM_MAX_VECTORS 8
#define IVSHMEM_LOG_ALL     1000    /* interrupts per vector logged one by one */

struct ivshmem {
    struct pci_dev *pci;
    uintptr_t regs;
    paddr_t shm;
    uint64_t shm_size;
    uint32_t ivposition;
    unsigned nr_vectors;
    uint32_t lpi[IVSHMEM_MAX_VECTORS];
    uint64_t irqs[IVSHMEM_MAX_VECTORS];
    unsigned rung_vector;
    uint64_t doorbells;
    bool claimed;         /* a co-processor transport took it over */
};

static struct ivshmem ivs[IVSHMEM_MAX];
static unsigned nr_ivs;

static void ivshmem_irq(uint32_t intid, void *arg)
{
    struct ivshmem *iv = arg;
    for (unsigned v = 0; v < iv->nr_vectors; v++) {
        if (iv->lpi[v] != intid)
            continue;
        uint64_t k = __atomic_add_fetch(&iv->irqs[v], 1, __ATOMIC_RELAXED);
        /* every interrupt is logged up to a point; past it, one in 1000, so
         * that a busy peer cannot drown the console */
        if (k > IVSHMEM_LOG_ALL && k % 1000)
            return;
        printk("ivshmem %s: vector %u interrupt #%lu%s", iv->pci->bdf, v, k,
               iv->doorbells && v == iv->rung_vector && k == 1 ? " (echo of our doorbell)" : "");
        return;
    }
    printk("ivshmem %s: LPI %u is none of its vectors", iv->pci->bdf, intid);
}

static void ivshmem_ring(struct ivshmem *iv, unsigned peer, unsigned vector)
{
    *(volatile uint32_t *)(iv->regs + IVSHMEM_DOORBELL) = peer << 16 | vector;
    iv->doorbells++;
}

/* Logs the first bytes of the shared memory (printable ones, up to a NUL):
 * a peer's signature there shows BAR2 is the memory the peer sees. */
static void ivshmem_show_shm(const struct ivshmem *iv)
{
    const struct pci_bar *b = &iv->pci->bar[2];
    if (!b->assigned || !b->hyp_mapped || b->size < 16)
        return;
    char head[17];
    unsigned n = 0;
    for (; n < 16; n++) {
        char c = *(volatile char *)(uintptr_t)(b->cpu + n);
        if (!c)
            break;
        head[n] = c >= 0x20 && c < 0x7f ? c : '.';
    }
    head[n] = 0;
    printk("ivshmem %s: shared memory begins \"%s\"", iv->pci->bdf, head);
}

static int ivshmem_probe(struct ivshmem *iv, struct pci_dev *d)
{
    const struct pci_bar *regs = &d->bar[0], *shm = &d->bar[2];
    *iv = (struct ivshmem){ .pci = d };
    if (!d->enabled) {
        printk("ivshmem %s: not used: its BARs could not be placed", d->bdf);
        return -1;
    }
    if (!regs->assigned || regs->kind == PCI_BAR_IO || !regs->hyp_mapped ||
        regs->size < IVSHMEM_REGS_SIZE) {
        printk("ivshmem %s: not used: BAR0 (registers) is missing, too small or not mapped "
               "at EL2", d->bdf);
        return -1;
    }
    iv->regs = (uintptr_t)regs->cpu;
    if (shm->assigned) {
        iv->shm = shm->cpu;
        iv->shm_size = shm->size;
    }
    iv->ivposition = *(volatile uint32_t *)(iv->regs + IVSHMEM_IVPOSITION);
    printk("ivshmem %s: registers at 0x%lx, shared memory %s0x%lx (0x%lx bytes), peer id %u",
           d->bdf, iv->regs, shm->assigned && !shm->hyp_mapped ? "(not mapped at EL2) " : "",
           iv->shm, iv->shm_size, iv->ivposition);

    ivshmem_show_shm(iv);

    int n = msix_vector_count(d);
    if (n <= 0) {
        printk("ivshmem %s: no MSI-X vectors: started without the 'vectors' property or "
               "without a server?", d->bdf);
        return -1;
    }
    iv->nr_vectors = MIN((unsigned)n, IVSHMEM_MAX_VECTORS);
    if (msix_enable(d, iv->nr_vectors, timer_service_cpu(), ivshmem_irq, iv, iv->lpi))
        return -1;

    if (iv->ivposition == IVSHMEM_PEER) {
        printk("ivshmem %s: we are peer %u ourselves: no doorbell rung", d->bdf, IVSHMEM_PEER);
        return 0;
    }
    iv->rung_vector = iv->nr_vectors - 1;
    ivshmem_ring(iv, IVSHMEM_PEER, iv->rung_vector);
    printk("ivshmem %s: rang peer %u's doorbell on vector %u", d->bdf, IVSHMEM_PEER,
           iv->rung_vector);
    return 0;
}

unsigned ivshmem_probe_all(void)
{
    unsigned ok = 0;
    struct pci_dev *d;
    for (unsigned i = 0; (d = pci_find_device(IVSHMEM_VENDOR, IVSHMEM_DEVICE, i)); i++) {
        if (nr_ivs == IVSHMEM_MAX) {
            printk("ivshmem %s: more than %u devices; ignored", d->bdf, IVSHMEM_MAX);
            continue;
        }
        if (ivshmem_probe(&ivs[nr_ivs], d) == 0) {
            nr_ivs++;
            ok++;
        }
    }
    return ok;
}

void ivshmem_report_all(void)
{
    for (unsigned i = 0; i < nr_ivs; i++) {
        const struct ivshmem *iv = &ivs[i];
        if (iv->claimed) {
            printk("  ivshmem %s: a co-processor's transport (its interrupts and doorbells "
                   "are the co-processor's)", iv->pci->bdf);
            continue;
        }
        char per[96];
        int n = 0;
        uint64_t total = 0;
        for (unsigned v = 0; v < iv->nr_vectors && n < (int)sizeof(per); v++) {
            uint64_t k = __atomic_load_n(&iv->irqs[v], __ATOMIC_RELAXED);
            n += snprintf(per + n, sizeof(per) - (size_t)n, "%s%lu", v ? "/" : "", k);
            total += k;
        }
        printk("  ivshmem %s: %lu interrupts (per vector %s), %lu doorbells rung", iv->pci->bdf,
               total, per, iv->doorbells);
    }
}

int ivshmem_lookup(unsigned bus, unsigned dev, unsigned fn, struct ivshmem_info *info)
{
    for (unsigned i = 0; i < nr_ivs; i++) {
        struct ivshmem *iv = &ivs[i];
        if (iv->pci->bus != bus || iv->pci->dev != dev || iv->pci->fn != fn)
            continue;
        if (!iv->shm || !iv->pci->bar[2].hyp_mapped)
            return -1;
        iv->claimed = true;
        info->regs = iv->regs;
        info->shm = iv->shm;
        info->shm_size = iv->shm_size;
        info->nr_vectors = MIN(iv->nr_vectors, (unsigned)IVSHMEM_INFO_MAX_VECTORS);
        for (unsigned v = 0; v < info->nr_vectors; v++)
            info->lpi[v] = iv->lpi[v];
        return 0;
    }
    return -1;
}
