/* Opening, probing and resetting the device; interrupts and faults. */
#include <stdarg.h>

#include "sgpu_priv.h"

#define SGPU_DEFAULT_RING    65536u
#define SGPU_DEFAULT_ARGS    65536u
#define SGPU_DEFAULT_TIMEOUT 2000000000ull
#define SGPU_DEFAULT_VA      0x100000000ull
#define SGPU_RESET_TIMEOUT_NS 100000000ull /* a reset is one doorbell: 100 ms is generous */
#define SGPU_RESET_POLL_NS    20000ull
/* IDLE stays masked: every wait is for a fence (which interrupts) or for
 * ring space (re-checked on a short period), so an IDLE interrupt per
 * drained ring would only double the interrupts a trapped guest takes. */
#define SGPU_IRQS            (SGPU_IRQ_FENCE | SGPU_IRQ_FAULT)

uint32_t sgpu_dev_rd32(const struct sgpu_dev *d, uint32_t off)
{
    return d->env.ops->read32(d->env.ctx, off);
}

void sgpu_dev_wr32(struct sgpu_dev *d, uint32_t off, uint32_t v)
{
    d->env.ops->write32(d->env.ctx, off, v);
}

void sgpu_dev_wr64(struct sgpu_dev *d, uint32_t off, uint64_t v)
{
    d->env.ops->write64(d->env.ctx, off, v);
}

uint32_t sgpu_dev_read32(const struct sgpu_dev *d, uint32_t off)
{
    return sgpu_dev_rd32(d, off);
}

uint64_t sgpu_dev_read64(const struct sgpu_dev *d, uint32_t off)
{
    return d->env.ops->read64(d->env.ctx, off);
}

static void dev_vlog(const struct sgpu_env *env, const char *fmt, va_list ap)
{
    char line[192] = "sgpu: ";
    sgpu_fmt_vsnprintf(line + 6, sizeof(line) - 6, fmt, ap);
    env->ops->log(env->ctx, line);
}

static void dev_env_log(const struct sgpu_env *env, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dev_vlog(env, fmt, ap);
    va_end(ap);
}

void sgpu_dev_log(const struct sgpu_dev *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dev_vlog(&d->env, fmt, ap);
    va_end(ap);
}

uint64_t sgpu_dev_now(const struct sgpu_dev *d)
{
    return d->env.ops->now_ns(d->env.ctx);
}

void *sgpu_dev_alloc(struct sgpu_dev *d, uint64_t size, uint64_t *ipa)
{
    size = (size + SGPU_PAGE - 1) & ~(uint64_t)(SGPU_PAGE - 1);
    void *p = d->env.ops->alloc(d->env.ctx, (size_t)size, ipa);
    if (!p)
        sgpu_dev_log(d, "out of guest memory (wanted %llu bytes)", (unsigned long long)size);
    else if (*ipa & (SGPU_PAGE - 1)) {
        sgpu_dev_log(d, "environment returned unaligned memory at IPA 0x%llx", (unsigned long long)*ipa);
        return NULL;
    }
    return p;
}

const struct sgpu_info *sgpu_dev_info(const struct sgpu_dev *d)
{
    return &d->info;
}

const struct sgpu_env *sgpu_dev_env(const struct sgpu_dev *d)
{
    return &d->env;
}

const struct sgpu_fault *sgpu_dev_fault(const struct sgpu_dev *d)
{
    return &d->fault;
}

/* Reads FAULT_* into d->fault and logs it: the one place a device fault
 * becomes a log line. */
static void dev_record_fault(struct sgpu_dev *d)
{
    uint32_t st = sgpu_dev_rd32(d, SGPU_F_FAULT_STATUS);
    struct sgpu_fault *f = &d->fault;

    f->code = st & 0xffu;
    f->level = (st >> SGPU_FAULT_LEVEL_SHIFT) & 0xfu;
    f->write = (st & SGPU_FAULT_WRITE) != 0;
    f->head = sgpu_dev_rd32(d, SGPU_F_FAULT_HEAD);
    f->addr = sgpu_dev_read64(d, SGPU_F_FAULT_ADDR);
    f->ipa = sgpu_dev_read64(d, SGPU_F_FAULT_IPA);
    d->faulted = true;
    sgpu_dev_log(d, "device fault %s (0x%02x) at ring offset 0x%x: addr 0x%llx ipa 0x%llx level %u %s",
                 sgpu_err_fault_name(f->code), f->code, f->head, (unsigned long long)f->addr,
                 (unsigned long long)f->ipa, f->level, f->write ? "write" : "read");
}

int sgpu_dev_poll(struct sgpu_dev *d)
{
    if (d->faulted)
        return SGPU_ERR_FAULT;
    uint32_t st = sgpu_dev_rd32(d, SGPU_F_IRQ_STATUS);
    if (st)
        sgpu_dev_wr32(d, SGPU_F_IRQ_CLEAR, st);
    /* FAULT is unmasked and only this function clears it (recording the
     * fault as it does), so IRQ_STATUS alone tells of a fault: no STATUS
     * read, which would be one more trap per wait under a hypervisor. */
    if (st & SGPU_IRQ_FAULT) {
        dev_record_fault(d);
        return SGPU_ERR_FAULT;
    }
    return SGPU_OK;
}

/* Page-0 programming after a function reset (which clears even the RW
 * registers). Each store is complete on its own, because a virtual SGPU
 * may act on every trapped write: the ring is enabled last. */
static void dev_program(struct sgpu_dev *d)
{
    sgpu_dev_wr64(d, SGPU_F_MMU_ROOT, d->mmu.l1_ipa);
    sgpu_dev_wr32(d, SGPU_F_MMU_CONTROL, SGPU_MMU_ENABLE);
    sgpu_dev_wr32(d, SGPU_F_MMU_INVALIDATE, 1);
    sgpu_dev_wr64(d, SGPU_F_RING_BASE, d->ring_va);
    sgpu_dev_wr32(d, SGPU_F_RING_SIZE, d->ring_size);
    sgpu_dev_wr32(d, SGPU_F_IRQ_CLEAR, SGPU_IRQ_ALL);
    sgpu_dev_wr32(d, SGPU_F_IRQ_MASK, SGPU_IRQS);
    sgpu_dev_wr32(d, SGPU_F_RING_TAIL, 0);
    sgpu_dev_wr32(d, SGPU_F_CONTROL, SGPU_CONTROL_RING_ENABLE);
}

/* Function reset, waited for: RESET reads 1 until the device applied it,
 * and stores made before that could be overwritten by the reset values. */
static int dev_reset_wait(const struct sgpu_env *env)
{
    const struct sgpu_env_ops *o = env->ops;
    o->write32(env->ctx, SGPU_F_RESET, 1);
    uint64_t start = o->now_ns(env->ctx);
    while (o->read32(env->ctx, SGPU_F_RESET) & 1) {
        uint64_t now = o->now_ns(env->ctx);
        if (now - start > SGPU_RESET_TIMEOUT_NS) {
            dev_env_log(env, "RESET not taken by the device within %llu ns",
                        (unsigned long long)SGPU_RESET_TIMEOUT_NS);
            return SGPU_ERR_TIMEOUT;
        }
        o->sleep_until(env->ctx, now + SGPU_RESET_POLL_NS);
    }
    return SGPU_OK;
}

int sgpu_dev_reset(struct sgpu_dev *d)
{
    if (!d)
        return SGPU_ERR_INVAL;
    int err = dev_reset_wait(&d->env);
    if (err)
        return err;
    d->faulted = false;
    d->fault = (struct sgpu_fault){ 0 };
    d->fence_seq = 0;
    d->fence_retired = 0;
    sgpu_cmd_ring_restart(d);
    dev_program(d);
    if (sgpu_dev_rd32(d, SGPU_F_STATUS) & SGPU_STATUS_FAULTED) {
        sgpu_dev_log(d, "function still faulted after reset");
        return SGPU_ERR_NODEV;
    }
    return SGPU_OK;
}

static bool dev_env_ok(const struct sgpu_env *env)
{
    const struct sgpu_env_ops *o = env ? env->ops : NULL;
    return o && o->read32 && o->read64 && o->write32 && o->write64 && o->alloc && o->wait_irq &&
           o->now_ns && o->sleep_until && o->log;
}

static int dev_check_params(const struct sgpu_env *env, struct sgpu_params *p)
{
    if (!p->ring_bytes)
        p->ring_bytes = SGPU_DEFAULT_RING;
    if (!p->args_bytes)
        p->args_bytes = SGPU_DEFAULT_ARGS;
    if (!p->timeout_ns)
        p->timeout_ns = SGPU_DEFAULT_TIMEOUT;
    if (!p->va_base)
        p->va_base = SGPU_DEFAULT_VA;
    if (!sgpu_is_pow2(p->ring_bytes) || p->ring_bytes < 4096 || p->ring_bytes > (1u << 20)) {
        dev_env_log(env, "open: ring_bytes %u is not a power of two in 4 KiB..1 MiB", p->ring_bytes);
        return SGPU_ERR_INVAL;
    }
    if (p->args_bytes < 2 * SGPU_PAGE || p->args_bytes % (2 * SGPU_PAGE)) {
        dev_env_log(env, "open: args_bytes %u is not a multiple of 8 KiB", p->args_bytes);
        return SGPU_ERR_INVAL;
    }
    if (p->va_base % SGPU_PAGE || p->va_base >= (1ull << SGPU_VA_BITS)) {
        dev_env_log(env, "open: va_base 0x%llx is not a 4 KiB aligned 39-bit VA",
                    (unsigned long long)p->va_base);
        return SGPU_ERR_INVAL;
    }
    return SGPU_OK;
}

static int dev_probe(const struct sgpu_env *env, struct sgpu_info *i)
{
    void *c = env->ctx;
    i->id = env->ops->read32(c, SGPU_F_ID);
    if (i->id != SGPU_ID_VALUE) {
        dev_env_log(env, "open: no SGPU here (ID 0x%08x, want 0x%08x)", i->id, SGPU_ID_VALUE);
        return SGPU_ERR_NODEV;
    }
    i->version = env->ops->read32(c, SGPU_F_VERSION);
    i->caps = env->ops->read32(c, SGPU_F_CAPS);
    i->kernels = env->ops->read32(c, SGPU_F_KERNELS);
    i->max_kernel = i->caps & SGPU_CAPS_MAXKERNEL_MASK;
    i->tlb_entries = (i->caps >> SGPU_CAPS_TLB_SHIFT) & 0xffu;
    i->opencl = (i->caps & SGPU_CAPS_OPENCL) != 0;
    if (i->version >> 16 != 1) {
        dev_env_log(env, "open: SGPU version %u.%u not supported (need 1.x)", i->version >> 16,
                    i->version & 0xffffu);
        return SGPU_ERR_NODEV;
    }
    if (!(i->caps & SGPU_CAPS_MMU)) {
        dev_env_log(env, "open: SGPU without a stage-1 MMU (CAPS 0x%08x)", i->caps);
        return SGPU_ERR_NODEV;
    }
    return SGPU_OK;
}

static int dev_setup(struct sgpu_dev *d)
{
    int r = sgpu_mmu_init(d);
    if (r)
        return r;
    struct sgpu_buf ring, args;
    r = sgpu_buf_alloc(d, d->p.ring_bytes, SGPU_BUF_READONLY, &ring);
    if (r)
        return r;
    r = sgpu_buf_alloc(d, d->p.args_bytes, SGPU_BUF_READONLY, &args);
    if (r)
        return r;
    d->ring = ring.cpu;
    d->ring_va = ring.va;
    d->ring_size = d->p.ring_bytes;
    d->args = args.cpu;
    d->args_va = args.va;
    d->args_size = d->p.args_bytes;
    return sgpu_dev_reset(d);
}

struct sgpu_dev *sgpu_dev_open(const struct sgpu_env *env, const struct sgpu_params *params, int *err)
{
    int dummy;
    if (!err)
        err = &dummy;
    if (!dev_env_ok(env)) {
        *err = SGPU_ERR_INVAL;      /* nowhere to log: the env itself is missing */
        return NULL;
    }
    struct sgpu_params p = params ? *params : (struct sgpu_params){ 0 };
    struct sgpu_info info = { 0 };
    *err = dev_check_params(env, &p);
    if (!*err)
        *err = dev_probe(env, &info);
    if (*err)
        return NULL;
    /* Whatever a previous owner left running goes before we touch memory. */
    *err = dev_reset_wait(env);
    if (*err)
        return NULL;

    uint64_t ipa;
    uint64_t bytes = (sizeof(struct sgpu_dev) + SGPU_PAGE - 1) & ~(uint64_t)(SGPU_PAGE - 1);
    struct sgpu_dev *d = env->ops->alloc(env->ctx, (size_t)bytes, &ipa);
    if (!d) {
        dev_env_log(env, "open: out of guest memory for the device state");
        *err = SGPU_ERR_NOMEM;
        return NULL;
    }
    d->env = *env;
    d->p = p;
    d->info = info;
    d->va_next = p.va_base;
    *err = dev_setup(d);
    if (*err)
        return NULL;
    sgpu_dev_log(d, "SGPU %u.%u, kernels 0x%x, %s executor, ring %u bytes at VA 0x%llx",
                 info.version >> 16, info.version & 0xffffu, info.kernels,
                 info.opencl ? "OpenCL" : "built-in", d->ring_size, (unsigned long long)d->ring_va);
    return d;
}
