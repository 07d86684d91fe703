/* Physical interrupt handlers, by INTID. */
#include <asm/gic.h>
#include <xen/lib.h>

#define NR_LINE_IRQS 1020
#define NR_LPI_HANDLERS 64

struct irq_action {
    uint32_t intid;
    irq_handler_t fn;
    void *arg;
};

static struct irq_action line_irqs[NR_LINE_IRQS];
static struct irq_action lpi_irqs[NR_LPI_HANDLERS];

int irq_set_handler(uint32_t intid, irq_handler_t fn, void *arg)
{
    if (intid < NR_LINE_IRQS) {
        line_irqs[intid] = (struct irq_action){ intid, fn, arg };
        return 0;
    }
    for (unsigned i = 0; i < NR_LPI_HANDLERS; i++) {
        if (!lpi_irqs[i].fn || lpi_irqs[i].intid == intid) {
            lpi_irqs[i] = (struct irq_action){ intid, fn, arg };
            return 0;
        }
    }
    return -1;
}

void irq_dispatch(uint32_t intid)
{
    struct irq_action *a = NULL;
    if (intid < NR_LINE_IRQS) {
        a = &line_irqs[intid];
    } else {
        for (unsigned i = 0; i < NR_LPI_HANDLERS && lpi_irqs[i].fn; i++)
            if (lpi_irqs[i].intid == intid)
                a = &lpi_irqs[i];
    }
    if (a && a->fn)
        a->fn(intid, a->arg);
    else
        printk("unexpected physical interrupt %u ignored", intid);
}

void hyp_irq(void)
{
    gic_handle_irq();
}
