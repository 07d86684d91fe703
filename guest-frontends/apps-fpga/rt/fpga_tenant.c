/* fpga-tenant.bin: a bare-metal tenant of one SFPGA slot. The slot comes
 * from the guest DT node compatible "vcoproc,sfpga-slot" (reg, interrupts)
 * or, without one, from the defaults below. /chosen/bootargs choose the
 * workload:
 *   fpga.workload=sha256|aes|crc32c|fir|matmul|mix (default mix)
 *   fpga.bytes=N fpga.rounds=N fpga.chunk=N fpga.dim=N fpga.bs=N
 *   fpga.seed=N (default: the domain id) fpga.repeat=N (default 1)
 *   fpga.noload (the window is the function page only)
 *   fpga.timeout_ms=N (per job or load; default the driver's 5 s)
 *   fpga.base=ADDR (the window's address, overriding the DT and default)
 *   fpga.loadpage=ADDR (the load page is not right after the function page,
 *   e.g. a bare SFPGA's slot privileged page)
 * Prints one TENANT line per workload run and RESULT fpga-tenant PASS|FAIL. */
#include "apps-fpga/tenant.h"
#include "hw/sfpga_regs.h"
#include "rt/rt.h"
#include "rt/test.h"
#include "tenant_dt.h"
#include "tenant_rt_env.h"

#define TENANT_DEFAULT_IPA   0x0B100000ull /* slot window: function page + load page */
#define TENANT_DEFAULT_SIZE  0x2000ull
#define TENANT_DEFAULT_INTID 49u           /* SPI 17 */
#define TENANT_DEFAULT_RAM_END 0x44000000ull /* 64 MiB of RAM when the DT does not say */

extern char __image_end[];

static uint64_t probe_base, probe_size;
static volatile bool probe_aborted;

/* A data abort inside the slot window means nothing is mapped there: say
 * so instead of dying on an unexplained exception. */
static bool probe_on_abort(struct exception_frame *frame)
{
    if (ESR_EC(frame->esr) != ESR_EC_DABT_CUR || frame->far < probe_base ||
        frame->far - probe_base >= probe_size)
        return false;
    probe_aborted = true;
    frame->elr += 4;
    return true;
}

static uint32_t arg_u32(const char *args, const char *key, uint32_t def)
{
    char v[24];
    uint64_t x;
    if (!tenant_dt_arg(args, key, v, sizeof v))
        return def;
    if (!tenant_dt_parse_u64(v, &x) || x > 0xffffffffu) {
        printf("fpga-tenant: bootargs %s=%s is not a 32-bit number; using %u\n", key, v, def);
        return def;
    }
    return (uint32_t)x;
}

int main(void *dtb)
{
    test_begin("fpga-tenant");
    struct tenant_dt dt;
    const char *why = "no DTB";
    if (tenant_dt_parse(dtb, &dt, &why)) {
        printf("fpga-tenant: device tree unusable (%s); using defaults\n", why);
        for (unsigned i = 0; i < sizeof dt; i++)
            ((uint8_t *)&dt)[i] = 0;
    }
    uint64_t base = dt.slot_found ? dt.slot_base : TENANT_DEFAULT_IPA;
    base = arg_u32(dt.bootargs, "fpga.base", (uint32_t)base);
    uint64_t size = dt.slot_found ? dt.slot_size : TENANT_DEFAULT_SIZE;
    uint32_t intid = dt.slot_irq_found ? dt.slot_intid : TENANT_DEFAULT_INTID;
    bool edge = dt.slot_irq_found ? dt.slot_edge : true;
    const char *args = dt.bootargs;
    char wl[16] = "mix", tmp[4];
    tenant_dt_arg(args, "fpga.workload", wl, sizeof wl);
    bool noload = tenant_dt_arg(args, "fpga.noload", tmp, sizeof tmp) || size < 0x2000;

    uint64_t heap = ((uint64_t)(uintptr_t)__image_end + 4095) & ~4095ull;
    uint64_t heap_end = dt.mem_found ? dt.mem_base + dt.mem_size : TENANT_DEFAULT_RAM_END;
    uint64_t dtb_at = (uint64_t)(uintptr_t)dtb;
    if (dtb_at >= heap && dtb_at < heap_end)
        heap_end = dtb_at & ~4095ull; /* never hand out the DTB */
    printf("fpga-tenant: slot at 0x%lx size 0x%lx intid %u %s (%s), load page %s, "
           "workload %s, heap 0x%lx-0x%lx\n", (unsigned long)base, (unsigned long)size, intid,
           edge ? "edge" : "level", dt.slot_found ? "from DT" : "defaults",
           noload ? "no" : "yes", wl, (unsigned long)heap, (unsigned long)heap_end);

    struct tenant_params p = {
        .bytes = arg_u32(args, "fpga.bytes", 0), .rounds = arg_u32(args, "fpga.rounds", 1),
        .chunk = arg_u32(args, "fpga.chunk", 0), .dim = arg_u32(args, "fpga.dim", 0),
        .bs_size = arg_u32(args, "fpga.bs", 0),
        .seed = arg_u32(args, "fpga.seed", (uint32_t)test_domain_id()),
    };
    uint32_t repeat = arg_u32(args, "fpga.repeat", 1);
    tenant_fn fn = tenant_find(wl);
    if (!fn && !(wl[0] == 'm' && wl[1] == 'i' && wl[2] == 'x' && !wl[3])) {
        printf("fpga-tenant: bootargs fpga.workload=%s is not sha256|aes|crc32c|fir|matmul|mix\n",
               wl);
        T_CHECK(false);
        return test_end();
    }

    static struct tenant_rt_env e;
    static struct fpga_slot slot;
    struct sgpu_env env;
    if (tenant_rt_env_init(&e, (uintptr_t)base, intid, edge, heap, heap_end)) {
        T_CHECK(false);
        return test_end();
    }
    tenant_rt_env_bind(&e, &env);
    uint32_t lp = arg_u32(args, "fpga.loadpage", 0);
    if (lp)
        e.load_base = lp;
    probe_base = base;
    probe_size = size;
    exceptions_set_sync_hook(probe_on_abort);
    (void)mmio_read32((uintptr_t)base + SFPGA_F_ACCEL_ID);
    exceptions_set_sync_hook(NULL);
    if (probe_aborted) {
        printf("fpga-tenant: no SFPGA slot at 0x%lx: a read there aborts\n", (unsigned long)base);
        T_CHECK(false);
        return test_end();
    }
    int err = fpga_slot_open(&slot, &env, noload ? FPGA_OPEN_NO_LOAD_PAGE : 0);
    if (err) {
        printf("fpga-tenant: slot open failed: %s\n", fpga_strerror(err));
        T_CHECK_EQ(err, 0);
        return test_end();
    }
    uint32_t tmo = arg_u32(args, "fpga.timeout_ms", 0);
    if (tmo)
        slot.timeout_ns = (uint64_t)tmo * 1000000;
    /* The image buffer outlives every round; the rest is released after each. */
    printf("fpga-tenant: slot holds %s\n", fpga_accel_name(slot.accel_id));
    if (!noload && fpga_buf_alloc(&slot, tenant_bs_size(&p), &slot.img)) {
        T_CHECK(false);
        return test_end();
    }
    uint64_t mark = tenant_rt_env_mark(&e);
    uint64_t t0 = env.ops->now_ns(env.ctx);
    unsigned failed = 0;
    for (uint32_t i = 0; i < repeat; i++) {
        struct tenant_result r;
        int rc = fn ? fn(&slot, &p, &r) : tenant_mix(&slot, &p, &r);
        if (rc)
            failed++;
        T_CHECK(r.ok);
        tenant_rt_env_release(&e, mark);
        p.seed += 101; /* new data each repetition */
    }
    uint64_t t = env.ops->now_ns(env.ctx) - t0;
    printf("FPGA_TENANT_DONE workload=%s repeat=%u failed=%u jobs=%lu bytes=%lu loads=%lu "
           "load_ns=%lu irq_waits=%lu wall_ns=%lu\n", wl, repeat, failed,
           (unsigned long)slot.jobs, (unsigned long)slot.job_bytes, (unsigned long)slot.loads,
           (unsigned long)slot.load_ns, (unsigned long)slot.irq_waits, (unsigned long)t);
    return test_end();
}
