/* Exception dispatch: IRQs to irq.c, synchronous exceptions to the test's
 * hook if it takes them, anything else is reported and ends the domain. */
#include "rt/format.h"
#include "rt/rt.h"

static exceptions_sync_hook_fn exceptions_sync_hook;

static const char *const exceptions_kind_name[] = {
    "synchronous exception", "IRQ", "FIQ", "SError", "exception through an unused vector",
};

void exceptions_set_sync_hook(exceptions_sync_hook_fn hook)
{
    __atomic_store_n(&exceptions_sync_hook, hook, __ATOMIC_RELEASE);
}

static void exceptions_die(const struct exception_frame *f, uint64_t kind)
    __attribute__((noreturn));

static void exceptions_put(void *ctx, char c)
{
    (void)ctx;
    console_write_locked(&c, 1);
}

static void exceptions_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void exceptions_print(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    format_output(exceptions_put, NULL, fmt, ap);
    va_end(ap);
}

static void exceptions_die(const struct exception_frame *f, uint64_t kind)
{
    /* Keep the console to the end: the report must be the last output. */
    (void)console_lock_panic();
    exceptions_print("\nrt: vCPU %u: unexpected %s: ESR=0x%08lx (EC=0x%02lx) ELR=0x%lx "
                     "FAR=0x%lx SPSR=0x%lx\n", smp_cpu_id(),
                     exceptions_kind_name[kind < 5 ? kind : 4], f->esr,
                     (unsigned long)ESR_EC(f->esr), f->elr, f->far, f->spsr);
    exceptions_print("rt: SYSTEM_OFF exit=%d\n", RT_EXIT_EXCEPTION);
    psci_system_off(RT_EXIT_EXCEPTION);
}

void exceptions_dispatch(struct exception_frame *frame, uint64_t kind)
{
    exceptions_sync_hook_fn hook;

    switch (kind) {
    case EXCEPTION_IRQ:
        irq_handle();
        return;
    case EXCEPTION_SYNC:
        hook = __atomic_load_n(&exceptions_sync_hook, __ATOMIC_ACQUIRE);
        if (hook && hook(frame))
            return;
        exceptions_die(frame, kind);
    default:
        exceptions_die(frame, kind);
    }
}
