/* List-register accessors. */
#include "gic_sysregs.h"

#define LR_CASE_READ(n) case n: return READ_SYSREG(ich_lr##n##_el2);
#define LR_CASE_WRITE(n) case n: WRITE_SYSREG(ich_lr##n##_el2, v); return;

uint64_t gic_read_lr(unsigned n)
{
    switch (n) {
    LR_CASE_READ(0) LR_CASE_READ(1) LR_CASE_READ(2) LR_CASE_READ(3)
    LR_CASE_READ(4) LR_CASE_READ(5) LR_CASE_READ(6) LR_CASE_READ(7)
    LR_CASE_READ(8) LR_CASE_READ(9) LR_CASE_READ(10) LR_CASE_READ(11)
    LR_CASE_READ(12) LR_CASE_READ(13) LR_CASE_READ(14) LR_CASE_READ(15)
    }
    return 0;
}

void gic_write_lr(unsigned n, uint64_t v)
{
    switch (n) {
    LR_CASE_WRITE(0) LR_CASE_WRITE(1) LR_CASE_WRITE(2) LR_CASE_WRITE(3)
    LR_CASE_WRITE(4) LR_CASE_WRITE(5) LR_CASE_WRITE(6) LR_CASE_WRITE(7)
    LR_CASE_WRITE(8) LR_CASE_WRITE(9) LR_CASE_WRITE(10) LR_CASE_WRITE(11)
    LR_CASE_WRITE(12) LR_CASE_WRITE(13) LR_CASE_WRITE(14) LR_CASE_WRITE(15)
    }
}

unsigned gic_nr_lrs(void)
{
    unsigned n = (READ_SYSREG(ich_vtr_el2) & 0x1f) + 1;
    return n > 16 ? 16 : n;
}
