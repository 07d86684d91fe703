/* Starting a vCPU on its pCPU: EL2 controls for the guest, a clean EL1
 * state, and the boot frame (arm64 Linux boot protocol). */
#include <asm/gic.h>
#include <asm/stage2.h>
#include <asm/vgic.h>
#include <xen/arch.h>
#include <xen/domain.h>
#include <xen/lib.h>
#include <xen/sysregs.h>

void guest_enter_fresh(const struct cpu_regs *frame) __attribute__((noreturn));

#define SCTLR_EL1_RESET 0x30d00800UL   /* RES1 bits; MMU and caches off */

static void vcpu_setup_el2(struct vcpu *v)
{
    WRITE_SYSREG(hcr_el2,
                 HCR_VM       /* stage-2 translation for the guest */
                 | HCR_SWIO   /* set/way invalidates become clean+invalidate */
                 | HCR_FMO | HCR_IMO | HCR_AMO /* physical FIQ/IRQ/SError come to EL2 */
                 | HCR_FB     /* guest TLB/cache maintenance broadcast to its other vCPUs */
                 | HCR_BSU_IS /* guest barriers at least inner shareable */
                 | HCR_TWI    /* trap WFI so the pCPU idles in the hypervisor */
                 | HCR_TSC    /* trap SMC: PSCI over SMC comes to us, never to firmware */
                 | HCR_RW);   /* EL1 is AArch64 */
    WRITE_SYSREG(vtcr_el2, VTCR_VALUE);
    WRITE_SYSREG(vttbr_el2, p2m_vttbr(v->domain));
    WRITE_SYSREG(vmpidr_el2, (1UL << 31) | v->id);   /* MPIDR RES1 bit 31, Aff0 = index */
    WRITE_SYSREG(vpidr_el2, READ_SYSREG(midr_el1));
    WRITE_SYSREG(cntvoff_el2, 0);                    /* virtual count == physical count */
    WRITE_SYSREG(cnthctl_el2, 1UL << 0);             /* EL1 may read CNTPCT; CNTP_* traps */
    isb();
    __asm__ volatile("tlbi vmalls12e1\n dsb nsh\n ic iallu\n dsb nsh\n isb" ::: "memory");
}

static void vcpu_reset_el1(void)
{
    WRITE_SYSREG(sctlr_el1, SCTLR_EL1_RESET);
    WRITE_SYSREG(tcr_el1, 0);
    WRITE_SYSREG(ttbr0_el1, 0);
    WRITE_SYSREG(ttbr1_el1, 0);
    WRITE_SYSREG(mair_el1, 0);
    WRITE_SYSREG(vbar_el1, 0);
    WRITE_SYSREG(cpacr_el1, 0);
    WRITE_SYSREG(sp_el1, 0);
    WRITE_SYSREG(sp_el0, 0);
    WRITE_SYSREG(tpidr_el1, 0);
    WRITE_SYSREG(tpidr_el0, 0);
    WRITE_SYSREG(tpidrro_el0, 0);
    WRITE_SYSREG(contextidr_el1, 0);
    WRITE_SYSREG(cntkctl_el1, 0);
    WRITE_SYSREG(cntv_ctl_el0, 0);
    WRITE_SYSREG(cntv_cval_el0, 0);
    WRITE_SYSREG(esr_el1, 0);
    WRITE_SYSREG(far_el1, 0);
    WRITE_SYSREG(elr_el1, 0);
    WRITE_SYSREG(spsr_el1, 0);
    isb();
}

void arch_vcpu_boot(struct vcpu *v)
{
    struct cpu_regs *r = &v->arch.boot_regs;
    memset(r, 0, sizeof(*r));
    r->x[0] = v->boot_context;
    r->elr = v->boot_entry;
    r->spsr = SPSR_EL1H_MASKED;

    vcpu_setup_el2(v);
    vcpu_reset_el1();
    vgic_cpu_reset();
    gic_enable_ppi(PPI_VTIMER);
    vgic_flush_lrs(v);
    if (v->id == 0 && v->domain->first_entry_ticks == 0)
        v->domain->first_entry_ticks = arch_ticks();
    guest_enter_fresh(r);
}
