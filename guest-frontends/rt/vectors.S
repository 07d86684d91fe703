/* Exception vectors (VBAR_EL1). Every exception saves the full general
 * register state plus the caller-saved FP/SIMD registers (handlers written
 * in C may use them while the interrupted code had live values there) and
 * calls exceptions_dispatch(frame, kind); returning from it resumes at
 * frame->elr. */

#define EXC_FRAME_GPR   0       /* x0..x30 */
#define EXC_FRAME_SP    248
#define EXC_FRAME_ELR   256
#define EXC_FRAME_ESR   272
#define EXC_FRAME_FP    288     /* q0-q7, q16-q31, then fpsr, fpcr */
#define EXC_FRAME_SIZE  688     /* multiple of 16: sp stays aligned */

.macro vector_entry kind
    .balign 0x80
    sub     sp, sp, #EXC_FRAME_SIZE
    stp     x0, x1, [sp, #EXC_FRAME_GPR]
    mov     x1, #\kind
    b       rt_vector_common
.endm

    .section .text.vectors, "ax"
    .balign 2048
    .globl rt_vectors
rt_vectors:
    /* current EL with SP_EL0: never used (we run on SP_EL1) */
    vector_entry 4
    vector_entry 4
    vector_entry 4
    vector_entry 4
    /* current EL with SP_ELx */
    vector_entry 0          /* synchronous */
    vector_entry 1          /* IRQ */
    vector_entry 2          /* FIQ */
    vector_entry 3          /* SError */
    /* lower EL, AArch64 and AArch32: nothing runs below us */
    vector_entry 4
    vector_entry 4
    vector_entry 4
    vector_entry 4
    vector_entry 4
    vector_entry 4
    vector_entry 4
    vector_entry 4

rt_vector_common:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    add     x2, sp, #EXC_FRAME_SIZE
    stp     x30, x2, [sp, #240]
    mrs     x2, elr_el1
    mrs     x3, spsr_el1
    stp     x2, x3, [sp, #EXC_FRAME_ELR]
    mrs     x2, esr_el1
    mrs     x3, far_el1
    stp     x2, x3, [sp, #EXC_FRAME_ESR]
    add     x2, sp, #EXC_FRAME_FP
    stp     q0, q1, [x2, #0]
    stp     q2, q3, [x2, #32]
    stp     q4, q5, [x2, #64]
    stp     q6, q7, [x2, #96]
    stp     q16, q17, [x2, #128]
    stp     q18, q19, [x2, #160]
    stp     q20, q21, [x2, #192]
    stp     q22, q23, [x2, #224]
    stp     q24, q25, [x2, #256]
    stp     q26, q27, [x2, #288]
    stp     q28, q29, [x2, #320]
    stp     q30, q31, [x2, #352]
    mrs     x3, fpsr
    mrs     x4, fpcr
    stp     x3, x4, [x2, #384]

    mov     x0, sp
    bl      exceptions_dispatch

    add     x2, sp, #EXC_FRAME_FP
    ldp     q0, q1, [x2, #0]
    ldp     q2, q3, [x2, #32]
    ldp     q4, q5, [x2, #64]
    ldp     q6, q7, [x2, #96]
    ldp     q16, q17, [x2, #128]
    ldp     q18, q19, [x2, #160]
    ldp     q20, q21, [x2, #192]
    ldp     q22, q23, [x2, #224]
    ldp     q24, q25, [x2, #256]
    ldp     q26, q27, [x2, #288]
    ldp     q28, q29, [x2, #320]
    ldp     q30, q31, [x2, #352]
    ldp     x3, x4, [x2, #384]
    msr     fpsr, x3
    msr     fpcr, x4
    ldp     x2, x3, [sp, #EXC_FRAME_ELR]
    msr     elr_el1, x2
    msr     spsr_el1, x3
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    ldr     x30, [sp, #240]
    ldp     x0, x1, [sp, #0]
    add     sp, sp, #EXC_FRAME_SIZE
    eret
