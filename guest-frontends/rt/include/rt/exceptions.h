/* Exception frames and the synchronous-exception hook. Without a hook, a
 * synchronous exception prints ESR/ELR/FAR and powers the domain off with
 * RT_EXIT_EXCEPTION; so do FIQ and SError. */
#ifndef RT_EXCEPTIONS_H
#define RT_EXCEPTIONS_H
#include <stdbool.h>
#include <stdint.h>

/* Layout shared with vectors.S (EXC_FRAME_* offsets there). */
struct exception_frame {
    uint64_t x[31];
    uint64_t sp;        /* the interrupted stack pointer */
    uint64_t elr;       /* written back on return: advance it to skip */
    uint64_t spsr;
    uint64_t esr;
    uint64_t far;
};

enum exception_kind {
    EXCEPTION_SYNC = 0,
    EXCEPTION_IRQ = 1,
    EXCEPTION_FIQ = 2,
    EXCEPTION_SERROR = 3,
    EXCEPTION_UNEXPECTED = 4,   /* taken through a vector we never use */
};

#define ESR_EC(esr) (((esr) >> 26) & 0x3F)
#define ESR_EC_DABT_CUR 0x25    /* data abort at EL1 */

/* A hook returns true when it handled the exception (after moving
 * frame->elr past the faulting instruction, usually by 4). Lets a test
 * expect an abort injected by the hypervisor. NULL removes the hook. */
typedef bool (*exceptions_sync_hook_fn)(struct exception_frame *frame);
void exceptions_set_sync_hook(exceptions_sync_hook_fn hook);

/* Called by vectors.S. */
void exceptions_dispatch(struct exception_frame *frame, uint64_t kind);

#endif
