/* The SFPGA device: its register pages, doorbell decoding, the time loop
 * over the slots, interrupts, and the hw_model_ops binding. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sfpga_internal.h"

void sfpga_log(struct sfpga *f, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (f->log)
        f->log(f->log_ctx, msg);
    else
        fprintf(stderr, "%s\n", msg);
}

static uint8_t *model_page(struct sfpga *f, unsigned page)
{
    return f->regs + (size_t)page * HW_PAGE_SIZE;
}

/* Writes every read-only value the model owns back into the pages, so a
 * stray store by a driver never survives the next doorbell. */
static void model_publish(struct sfpga *f)
{
    uint8_t *g = model_page(f, SFPGA_PAGE_GLOBAL);
    uint32_t summary = 0;
    hw_reg_store32(g, SFPGA_G_ID, SFPGA_ID_VALUE);
    hw_reg_store32(g, SFPGA_G_VERSION, SFPGA_VERSION_VALUE);
    hw_reg_store32(g, SFPGA_G_NSLOTS, f->nslots);
    uint32_t mask = 0;
    for (unsigned id = 1; id < SFPGA_ACCEL_COUNT; id++)
        if (sfpga_accel_find(id))
            mask |= 1u << id;
    hw_reg_store32(g, SFPGA_G_ACCEL_MASK, mask);
    hw_reg_store32(g, SFPGA_G_RECONF_BASE_NS, SFPGA_RECONF_BASE_NS);
    hw_reg_store32(g, SFPGA_G_RECONF_PS_PER_BYTE, SFPGA_RECONF_PS_PER_BYTE);
    hw_reg_store32(g, SFPGA_G_MAX_BITSTREAM, SFPGA_BS_MAX_SIZE);
    hw_reg_store64(g, SFPGA_G_TIME_LO, f->now);
    for (unsigned k = 0; k < f->nslots; k++) {
        struct sfpga_slot *s = &f->slot[k];
        uint8_t *fp = s->fpage, *pp = s->ppage;
        hw_reg_store32(fp, SFPGA_F_ACCEL_ID, s->accel ? s->accel->id : 0);
        hw_reg_store32(fp, SFPGA_F_ACCEL_VERSION, s->accel ? s->accel_version : 0);
        hw_reg_store32(fp, SFPGA_F_STATUS, s->job_status);
        hw_reg_store32(fp, SFPGA_F_FAULT_CODE, s->fault_code);
        hw_reg_store64(fp, SFPGA_F_FAULT_ADDR_LO, s->fault_addr);
        hw_reg_store32(fp, SFPGA_F_PROGRESS, s->progress);
        for (int i = 0; i < 16; i++)
            hw_reg_store32(fp, SFPGA_F_RESULT(i), s->result[i]);
        /* the status bit after what it announces */
        __atomic_thread_fence(__ATOMIC_RELEASE);
        hw_reg_store32(fp, SFPGA_F_IRQ_STATUS, s->irq_status);
        hw_reg_store32(pp, SFPGA_P_CMD_STATUS, s->cmd_status);
        hw_reg_store32(pp, SFPGA_P_STATE, s->state);
        hw_reg_store32(pp, SFPGA_P_CTX_NEEDED, sfpga_cmd_ctx_size(s->accel));
        hw_reg_store32(pp, SFPGA_P_IRQ_STATUS, s->pirq_status);
        hw_reg_store64(pp, SFPGA_P_BUSY_NS_LO, s->busy_ns);
        hw_reg_store32(pp, SFPGA_P_JOBS, s->jobs);
        hw_reg_store32(pp, SFPGA_P_LOADS, s->loads);
        hw_reg_store32(pp, SFPGA_P_FAULT_CODE, s->pfault_code);
        hw_reg_store64(pp, SFPGA_P_FAULT_ADDR_LO, s->pfault_addr);
        hw_reg_store32(pp, SFPGA_P_FAULT_VMID, s->pfault_vmid);
        if (s->irq_status & hw_reg_load32(fp, SFPGA_F_IRQ_MASK))
            summary |= 1u << k;
        if (s->pirq_status & hw_reg_load32(pp, SFPGA_P_IRQ_MASK))
            summary |= 1u << (16 + k);
    }
    hw_reg_store32(g, SFPGA_G_IRQ_SUMMARY, summary);
}

/* Message-signalled: a vector fires when an enabled status bit is raised
 * (sfpga_raise_*), once per event. */
static void model_signal(struct sfpga *f)
{
    for (unsigned k = 0; k < f->nslots; k++) {
        struct sfpga_slot *s = &f->slot[k];
        uint32_t fire = s->irq_status & hw_reg_load32(s->fpage, SFPGA_F_IRQ_MASK) &
                        ~s->irq_signalled;
        if (fire) {
            s->irq_signalled |= fire;
            if (f->raise_irq)
                f->raise_irq(f->irq_ctx, SFPGA_VEC_FUNC(k));
        }
        fire = s->pirq_status & hw_reg_load32(s->ppage, SFPGA_P_IRQ_MASK) & ~s->pirq_signalled;
        if (fire) {
            s->pirq_signalled |= fire;
            if (f->raise_irq)
                f->raise_irq(f->irq_ctx, SFPGA_VEC_PRIV(f->nslots, k));
        }
    }
}

static void model_run(struct sfpga *f, uint64_t now)
{
    if (now > f->now)
        f->now = now;
    for (unsigned k = 0; k < f->nslots; k++) {
        struct sfpga_slot *s = &f->slot[k];
        if (s->state == SFPGA_SLOT_CONFIGURING && s->load_end <= f->now)
            sfpga_cmd_load_finish(s, s->load_end);
        sfpga_job_run(s, f->now);
    }
}

void sfpga_doorbell(struct sfpga *f, uint64_t now_ns)
{
    uint32_t cmds[SFPGA_MAX_SLOTS] = { 0 };
    model_run(f, now_ns);
    uint8_t *g = model_page(f, SFPGA_PAGE_GLOBAL);
    uint32_t key = hw_reg_load32(g, SFPGA_G_RESET);
    if (key == SFPGA_RESET_KEY) {
        sfpga_reset(f, f->now); /* clears G_RESET last */
        return;
    }
    if (key)
        hw_reg_store32(g, SFPGA_G_RESET, 0); /* not the key: ignored */
    for (unsigned k = 0; k < f->nslots; k++) {
        struct sfpga_slot *s = &f->slot[k];
        uint32_t clr = hw_reg_take32(s->ppage, SFPGA_P_IRQ_CLEAR);
        s->pirq_status &= ~clr;
        s->pirq_signalled &= ~clr;
        /* CMD reads back until it has been carried out and published (see
         * the end of this function), so a driver that waits for 0 never has
         * its next stores overwritten by what the command rewrites. */
        cmds[k] = hw_reg_load32(s->ppage, SFPGA_P_CMD);
        if (cmds[k])
            sfpga_cmd_execute(s, cmds[k], f->now);
        clr = hw_reg_take32(s->fpage, SFPGA_F_IRQ_CLEAR);
        s->irq_status &= ~clr;
        s->irq_signalled &= ~clr;
        uint32_t ctrl = hw_reg_take32(s->fpage, SFPGA_F_CTRL);
        if (ctrl == SFPGA_CTRL_START) {
            sfpga_job_start(s, f->now);
        } else if (ctrl == SFPGA_CTRL_ABORT) {
            sfpga_job_abort(s);
        } else if (ctrl) {
            s->fault_code = SFPGA_FAULT_BAD_PARAM;
            sfpga_raise_func(s, SFPGA_IRQ_ERROR);
            sfpga_log(f, "sfpga: slot %u: unknown CTRL value 0x%x ignored", k, ctrl);
        }
    }
    model_run(f, f->now); /* a zero-length chunk may already be due */
    model_publish(f);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    for (unsigned k = 0; k < f->nslots; k++)
        if (cmds[k])
            hw_reg_store32(f->slot[k].ppage, SFPGA_P_CMD, 0);
    model_signal(f);
}

uint64_t sfpga_advance(struct sfpga *f, uint64_t now_ns)
{
    model_run(f, now_ns);
    model_publish(f);
    model_signal(f);
    uint64_t next = HW_MODEL_IDLE;
    for (unsigned k = 0; k < f->nslots; k++) {
        const struct sfpga_slot *s = &f->slot[k];
        if (s->state == SFPGA_SLOT_CONFIGURING && s->load_end < next)
            next = s->load_end;
        if (s->state == SFPGA_SLOT_BUSY && s->chunk_end < next)
            next = s->chunk_end;
    }
    return next;
}

void sfpga_reset(struct sfpga *f, uint64_t now_ns)
{
    f->now = now_ns;
    /* G_RESET reads back until the reset is complete (every page cleared
     * and republished): the stores a driver made in the same doorbell are
     * gone, and it waits for 0 before it relies on new ones, as it waits
     * for CMD */
    size_t all = (size_t)SFPGA_NUM_PAGES(f->nslots) * HW_PAGE_SIZE;
    memset(f->regs, 0, SFPGA_G_RESET);
    memset(f->regs + SFPGA_G_RESET + 4, 0, all - SFPGA_G_RESET - 4);
    for (unsigned k = 0; k < f->nslots; k++)
        sfpga_cmd_reset_slot(&f->slot[k]);
    model_publish(f);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    hw_reg_store32(model_page(f, SFPGA_PAGE_GLOBAL), SFPGA_G_RESET, 0);
}

struct sfpga *sfpga_create(const struct sfpga_config *cfg, char *err, size_t errlen)
{
    unsigned n = cfg->nslots ? cfg->nslots : SFPGA_DEFAULT_SLOTS;
    if (n > SFPGA_MAX_SLOTS) {
        snprintf(err, errlen, "sfpga: %u slots asked, at most %u", n, SFPGA_MAX_SLOTS);
        return NULL;
    }
    if (!cfg->mem.base || !cfg->mem.size) {
        snprintf(err, errlen, "sfpga: no machine RAM given for DMA");
        return NULL;
    }
    struct sfpga *f = calloc(1, sizeof *f);
    if (!f) {
        snprintf(err, errlen, "sfpga: out of memory");
        return NULL;
    }
    f->mem = cfg->mem;
    f->nslots = n;
    f->raise_irq = cfg->raise_irq;
    f->irq_ctx = cfg->irq_ctx;
    f->log = cfg->log;
    f->log_ctx = cfg->log_ctx;
    f->clock = cfg->clock;
    f->job_scale = cfg->job_scale ? cfg->job_scale : 1;
    f->clock_ctx = cfg->clock_ctx;
    f->regs = cfg->regs;
    if (!f->regs) {
        f->regs = calloc(SFPGA_NUM_PAGES(n), HW_PAGE_SIZE);
        f->own_regs = true;
        if (!f->regs) {
            free(f);
            snprintf(err, errlen, "sfpga: out of memory");
            return NULL;
        }
    }
    for (unsigned k = 0; k < n; k++) {
        f->slot[k].dev = f;
        f->slot[k].index = k;
        f->slot[k].fpage = model_page(f, SFPGA_PAGE_FUNC(k));
        f->slot[k].ppage = model_page(f, SFPGA_PAGE_PRIV(n, k));
    }
    sfpga_reset(f, cfg->now_ns);
    return f;
}

void sfpga_destroy(struct sfpga *f)
{
    if (!f)
        return;
    for (unsigned k = 0; k < f->nslots; k++)
        free(f->slot[k].mm.b);
    if (f->own_regs)
        free(f->regs);
    free(f);
}

unsigned sfpga_nslots(const struct sfpga *f) { return f->nslots; }
uint8_t *sfpga_regs(struct sfpga *f) { return f->regs; }

uint32_t sfpga_ctx_size(unsigned accel_id)
{
    return sfpga_cmd_ctx_size(sfpga_accel_find(accel_id));
}

/* Options: "slots=N" (1..SFPGA_MAX_SLOTS); the page and vector counts of
 * hw_sfpga_model_ops are those of the maximum, the default uses fewer.
 * "job-scale=N" (1..SFPGA_MAX_JOB_SCALE): jobs run N times slower than
 * modelled, so that under emulation (where the guests compute far slower
 * than the cost model assumes) the device stays the bottleneck and
 * time-sharing is exercised; loads, saves and restores keep their times. */
#define SFPGA_MAX_JOB_SCALE 1000u
static void *ops_create(const struct hw_model_env *env, char *err, size_t errlen)
{
    struct sfpga_config cfg = { .mem = env->mem, .regs = env->regs, .raise_irq = env->raise_irq,
                                .irq_ctx = env->irq_ctx, .now_ns = env->now_ns,
                                .clock = env->clock, .clock_ctx = env->clock_ctx };
    const char *o = env->options;
    while (o && *o) {
        size_t len = strcspn(o, ",");
        char *end;
        if (len > 6 && !strncmp(o, "slots=", 6)) {
            unsigned long n = strtoul(o + 6, &end, 10);
            if (end != o + len || n < 1 || n > SFPGA_MAX_SLOTS) {
                snprintf(err, errlen, "sfpga: option '%.*s': slots must be 1..%u", (int)len, o,
                         SFPGA_MAX_SLOTS);
                return NULL;
            }
            cfg.nslots = (unsigned)n;
        } else if (len > 10 && !strncmp(o, "job-scale=", 10)) {
            unsigned long n = strtoul(o + 10, &end, 10);
            if (end != o + len || n < 1 || n > SFPGA_MAX_JOB_SCALE) {
                snprintf(err, errlen, "sfpga: option '%.*s': job-scale must be 1..%u", (int)len,
                         o, SFPGA_MAX_JOB_SCALE);
                return NULL;
            }
            cfg.job_scale = (unsigned)n;
        } else {
            snprintf(err, errlen,
                     "sfpga: unknown option '%.*s' (known: slots=N, job-scale=N)", (int)len, o);
            return NULL;
        }
        o += len;
        if (*o == ',')
            o++;
    }
    return sfpga_create(&cfg, err, errlen);
}

static void ops_destroy(void *m) { sfpga_destroy(m); }
static void ops_doorbell(void *m, uint64_t now) { sfpga_doorbell(m, now); }
static uint64_t ops_advance(void *m, uint64_t now) { return sfpga_advance(m, now); }
static void ops_reset(void *m, uint64_t now) { sfpga_reset(m, now); }

const struct hw_model_ops hw_sfpga_model_ops = {
    .name = "sfpga",
    .n_pages = SFPGA_NUM_PAGES(SFPGA_MAX_SLOTS),
    .n_vectors = 2 * SFPGA_MAX_SLOTS,
    .create = ops_create,
    .destroy = ops_destroy,
    .doorbell = ops_doorbell,
    .advance = ops_advance,
    .reset = ops_reset,
};
