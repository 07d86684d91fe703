/* Guest traps: decode the syndrome, hand the access to its handler, advance
 * the PC. Anything the decoder cannot handle becomes an abort injected into
 * the guest, or stops the domain; never a hang or a panic. */
#include <asm/gic.h>
#include <asm/vgic.h>
#include <xen/arch.h>
#include <xen/domain.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sysregs.h>
#include "regs.h"

bool vpsci_handle(struct vcpu *v, struct cpu_regs *r);

#define ISS_DABT_ISV  (1UL << 24)
#define ISS_DABT_SSE  (1UL << 21)
#define ISS_DABT_SF   (1UL << 15)
#define ISS_DABT_WNR  (1UL << 6)

/* Delivers a synchronous external data abort to the guest's EL1 vector. */
static void inject_data_abort(struct cpu_regs *r, uint64_t far)
{
    unsigned mode = r->spsr & 0xf;
    uint64_t offset = mode == 0 ? 0x400 : (mode == 5 ? 0x200 : 0x0);
    uint64_t ec = mode == 0 ? 0x24 : 0x25;
    WRITE_SYSREG(esr_el1, (ec << 26) | (1UL << 25) | 0x10);
    WRITE_SYSREG(far_el1, far);
    WRITE_SYSREG(elr_el1, r->elr);
    WRITE_SYSREG(spsr_el1, r->spsr);
    r->elr = READ_SYSREG(vbar_el1) + offset;
    r->spsr = SPSR_EL1H_MASKED;
}

static void trap_data_abort(struct vcpu *v, struct cpu_regs *r, uint64_t esr)
{
    struct domain *d = v->domain;
    uint64_t far = READ_SYSREG(far_el2);
    ipaddr_t ipa = ((READ_SYSREG(hpfar_el2) >> 4) << 12) | (far & 0xfff);
    bool write = esr & ISS_DABT_WNR;

    if (!mmio_find(&d->mmio, ipa)) {
        char why[160];
        snprintf(why, sizeof(why), "%s of unmapped IPA 0x%lx at PC 0x%lx (ESR 0x%lx)",
                 write ? "write" : "read", ipa, r->elr, esr);
        domain_crash(d, why);
        return;
    }
    if (!(esr & ISS_DABT_ISV)) {
        printk("d%u: undecodable access to IPA 0x%lx at PC 0x%lx (ESR 0x%lx): abort injected",
               d->id, ipa, r->elr, esr);
        inject_data_abort(r, far);
        return;
    }
    unsigned size = 1u << ((esr >> 22) & 3);
    unsigned reg = (esr >> 16) & 0x1f;
    if (!IS_ALIGNED(ipa, size)) {
        printk("d%u: unaligned %u-byte access to IPA 0x%lx: abort injected", d->id, size, ipa);
        inject_data_abort(r, far);
        return;
    }
    uint64_t val = 0;
    if (write)
        val = regs_get(r, reg) & (size == 8 ? ~0UL : ((1UL << (size * 8)) - 1));
    if (mmio_dispatch(v, ipa, size, write, &val) != MMIO_HANDLED) {
        inject_data_abort(r, far);
        return;
    }
    if (!write) {
        if ((esr & ISS_DABT_SSE) && size < 8) {
            unsigned shift = 64 - size * 8;
            val = (uint64_t)((int64_t)(val << shift) >> shift);
        }
        if (!(esr & ISS_DABT_SF))
            val &= 0xffffffffUL;
        regs_set(r, reg, val);
    }
    r->elr += 4;
}

/* ICC_SGI1R_EL1 is Op0=3 Op1=0 CRn=12 CRm=11 Op2=5 */
#define SYSREG_ISS_MASK   0x3ffc1eUL
#define SYSREG_ICC_SGI1R  ((3UL << 20) | (5UL << 17) | (0UL << 14) | (12UL << 10) | (11UL << 1))

static void trap_sysreg(struct vcpu *v, struct cpu_regs *r, uint64_t esr)
{
    bool read = esr & 1;
    unsigned reg = (esr >> 5) & 0x1f;
    if ((esr & SYSREG_ISS_MASK) == SYSREG_ICC_SGI1R && !read) {
        vgic_handle_sgi1r(v, regs_get(r, reg));
    } else {
        printk("d%u: trapped system register access (ESR 0x%lx) at PC 0x%lx ignored",
               v->domain->id, esr, r->elr);
        if (read)
            regs_set(r, reg, 0);
    }
    r->elr += 4;
}

static void trap_wfi(struct vcpu *v, struct cpu_regs *r, uint64_t esr)
{
    r->elr += 4;
    if (esr & 1)
        return;   /* WFE: just let the guest retry */
    v->nr_wfi++;
    while (!vgic_vcpu_has_pending(v)) {
        vcpu_check_stop(v);
        arch_wait_for_interrupt();
        vgic_sync_lrs(v);
    }
}

static void trap_hvc_smc(struct vcpu *v, struct cpu_regs *r, bool smc)
{
    if (smc)
        r->elr += 4;   /* a trapped SMC returns to itself; HVC already points past */
    if (vpsci_handle(v, r))
        return;
    uint64_t args[4] = { r->x[0], r->x[1], r->x[2], r->x[3] };
    uint64_t res[2] = { (uint64_t)-1, r->x[1] };
    hypercall_dispatch(v, args, res);
    r->x[0] = res[0];
    r->x[1] = res[1];
}

static void trap_sync(struct vcpu *v, struct cpu_regs *r)
{
    uint64_t esr = READ_SYSREG(esr_el2);
    switch (ESR_EC(esr)) {
    case EC_WFX:      trap_wfi(v, r, esr); break;
    case EC_HVC64:    trap_hvc_smc(v, r, false); break;
    case EC_SMC64:    trap_hvc_smc(v, r, true); break;
    case EC_SYSREG:   trap_sysreg(v, r, esr); break;
    case EC_DABT_LOW: trap_data_abort(v, r, esr); break;
    case EC_IABT_LOW: {
        char why[128];
        snprintf(why, sizeof(why), "instruction fetch from unmapped IPA 0x%lx (PC 0x%lx)",
                 ((READ_SYSREG(hpfar_el2) >> 4) << 12) | (r->elr & 0xfff), r->elr);
        domain_crash(v->domain, why);
        break;
    }
    default: {
        char why[96];
        snprintf(why, sizeof(why), "unhandled trap ESR 0x%lx at PC 0x%lx", esr, r->elr);
        domain_crash(v->domain, why);
    }
    }
}

void guest_trap(struct cpu_regs *r, int type)
{
    struct vcpu *v = current_vcpu();
    vgic_sync_lrs(v);
    v->nr_traps++;
    switch (type) {
    case 0: trap_sync(v, r); break;
    case 1: gic_handle_irq(); break;
    case 2: break;   /* FIQs are not used */
    default: domain_crash(v->domain, "SError from the guest"); break;
    }
    vcpu_check_stop(v);
    vgic_flush_lrs(v);
}
