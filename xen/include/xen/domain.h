/* Domains and vCPUs. Each vCPU is pinned to one pCPU for its whole life
 * (static partitioning), so a pCPU runs at most one vCPU. */
#ifndef XEN_DOMAIN_H
#define XEN_DOMAIN_H
#include <xen/config.h>
#include <xen/mmio.h>
#include <xen/spinlock.h>
#include <xen/timer.h>
#include <xen/types.h>
#include <asm/domain.h>

enum vcpu_power {
    VCPU_OFF,
    VCPU_ON_PENDING,   /* CPU_ON accepted, not yet running */
    VCPU_ON,
};

struct domain;

struct vcpu {
    struct domain *domain;
    unsigned id;                 /* index within the domain = MPIDR Aff0 */
    unsigned pcpu;
    volatile enum vcpu_power power;
    uint64_t boot_entry;         /* where CPU_ON or boot starts it */
    uint64_t boot_context;       /* x0 at start */
    struct arch_vcpu arch;
    uint64_t nr_traps;
    uint64_t nr_wfi;
};

enum domain_state {
    DOMAIN_RUNNING,
    DOMAIN_OFF,       /* SYSTEM_OFF: exit_code is valid */
    DOMAIN_CRASHED,   /* stopped by the hypervisor after a guest fault */
};

struct vpl011 {
    spinlock_t lock;
    char line[256];   /* a guest line longer than this is split */
    unsigned len;
    uint32_t cr, imsc, ibrd, fbrd, lcr_h, ifls;
    uint32_t ris;                /* raw interrupt status */
    bool line_up;                /* ris & imsc was non-zero */
    unsigned tx_level;           /* characters in the modelled TX FIFO */
    uint64_t tx_stamp;           /* when tx_level was last exact */
    bool tx_above;               /* above the trigger level since last TXRIS */
    struct timer drain;          /* raises TXRIS while the interrupt is unmasked */
};

struct domain {
    unsigned id;                 /* 1-based, DT order */
    char name[32];
    const char *dt_path;         /* node in the host DT, for messages */
    unsigned nr_vcpus;
    struct vcpu vcpus[MAX_VCPUS];

    paddr_t ram_pa;
    uint64_t ram_size;
    paddr_t kernel_pa;           /* pristine boot module, reloaded on reset */
    uint64_t kernel_size;
    void *guest_dtb;             /* pristine generated guest DT */
    uint64_t guest_dtb_size;
    const char *bootargs;
    paddr_t initrd_pa;           /* multiboot,ramdisk module, 0 if none */
    uint64_t initrd_size;
    uint64_t initrd_offset;      /* where it goes in guest RAM */
    uint32_t dt_boot_count_off;  /* offset of /chosen/vcoproc,boot-count in the guest DT */
    paddr_t partial_dt_pa;       /* multiboot,device-tree module, 0 if none */
    uint64_t partial_dt_size;

    bool has_vpl011;
    bool has_test_mmio;

    volatile enum domain_state state;
    volatile bool resetting;     /* SYSTEM_RESET in progress: vCPUs must stop */
    int64_t exit_code;
    unsigned boot_count;
    uint64_t first_entry_ticks;  /* CNTPCT at first entry of vCPU 0 */

    spinlock_t lock;             /* state changes: off / crash / reset */
    struct mmio_table mmio;
    struct vpl011 vpl011;
    uint8_t test_mmio[4096];
    uint64_t test_mmio_irqs;
    struct arch_domain arch;
};

extern struct domain domains[MAX_DOMAINS];
extern unsigned nr_domains;

/* Per-pCPU state; the first field is read by assembly (vectors.S). */
struct pcpu {
    uint64_t stack_top;
    unsigned id;
    uint64_t mpidr;
    struct vcpu *vcpu;           /* the vCPU pinned here, or NULL */
    volatile bool online;
    struct vcpu *running;        /* set while the vCPU executes guest code */
};
extern struct pcpu pcpus[NR_CPUS];
extern unsigned nr_pcpus;
struct pcpu *this_pcpu(void);
struct vcpu *current_vcpu(void);

int domains_create_from_dt(const void *fdt);
int domains_build_guest_dts(void);
void domain_start(struct domain *d);
void domains_start_all(void);
void domain_shutdown(struct domain *d, int64_t exit_code);
void domain_crash(struct domain *d, const char *why);
void domain_reset(struct domain *d) __attribute__((noreturn));
void domain_load_images(struct domain *d);
bool domain_ipa_in_ram(const struct domain *d, ipaddr_t ipa, uint64_t len);
void *domain_ipa_to_ptr(const struct domain *d, ipaddr_t ipa);

/* vCPU power, used by PSCI */
int vcpu_power_on(struct vcpu *v, uint64_t entry, uint64_t context);
void vcpu_power_off_self(void) __attribute__((noreturn));
/* After a trap: leaves for the idle loop if this vCPU must stop. */
void vcpu_check_stop(struct vcpu *v);

int guest_dt_build(struct domain *d);
void vpl011_init(struct domain *d);
void test_mmio_init(struct domain *d);
#endif
