/* mmio: every access size and sign-extending load on the test MMIO device
 * (docs/guest-abi.md), checked against a shadow copy of its 4 KiB:
 *  1. initial contents (byte i = 0xF0 ^ (i & 0xFF)) at several offsets,
 *     all sizes, little-endian composition, sign extension to 32 and 64 bits;
 *  2. writes of each size (including zero from wzr/xzr), each followed by
 *     reads of the whole 8-byte word at every size: a write must change
 *     its own bytes and no other;
 *  3. a sweep of the whole register file, so a stray write anywhere shows;
 *  4. an unaligned read and write each end in a data abort for the guest
 *     (which skips them) and change nothing. */
#include "rt/rt.h"
#include "rt/test.h"

#ifdef MMIO_ON_RAM
/* Self-test build: the same checks against plain RAM (in our own BSS, so
 * any domain has it) that starts out with the device's documented
 * contents; they must all pass. */
static uint8_t mmio_ram_device[RT_TEST_MMIO_SIZE] __attribute__((aligned(4096)));
#define DEV        ((uintptr_t)mmio_ram_device)
#define MMIO_NAME  "mmio-ram"
#else
#define DEV        RT_TEST_MMIO_BASE
#define MMIO_NAME  "mmio"
#endif
#define DEV_SIZE   RT_TEST_MMIO_SIZE
#define WRITE_AREA 0x800        /* phase 2 writes only from here */

static uint8_t shadow[DEV_SIZE];

static uint64_t shadow_get(uint32_t off, unsigned size)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)shadow[off + i] << (8 * i);
    return v;
}

static void shadow_put(uint32_t off, unsigned size, uint64_t v)
{
    for (unsigned i = 0; i < size; i++)
        shadow[off + i] = (uint8_t)(v >> (8 * i));
}

static uint64_t dev_read(uint32_t off, unsigned size)
{
    switch (size) {
    case 1: return mmio_read8(DEV + off);
    case 2: return mmio_read16(DEV + off);
    case 4: return mmio_read32(DEV + off);
    default: return mmio_read64(DEV + off);
    }
}

static void dev_write(uint32_t off, unsigned size, uint64_t v)
{
    switch (size) {
    case 1: mmio_write8(DEV + off, (uint8_t)v); break;
    case 2: mmio_write16(DEV + off, (uint16_t)v); break;
    case 4: mmio_write32(DEV + off, (uint32_t)v); break;
    default: mmio_write64(DEV + off, v); break;
    }
    shadow_put(off, size, v);
}

static void expect(int line, const char *what, uint32_t off, unsigned size, uint64_t got,
                   uint64_t want)
{
    if (got == want)
        return;
    printf("mmio: %s%u at +0x%03x = 0x%016lx, expected 0x%016lx\n", what, size * 8, off,
           got, want);
    test_fail(line, what);
}

/* Reads the 8-byte word at off (aligned) at every size and offset. */
static void check_word(uint32_t off)
{
    for (unsigned size = 1; size <= 8; size *= 2)
        for (unsigned o = 0; o < 8; o += size)
            expect(__LINE__, "read", off + o, size, dev_read(off + o, size),
                   shadow_get(off + o, size));
}

/* Every sign-extending load that is aligned within the 8-byte word at off. */
static void check_sign_extension(uint32_t off)
{
    for (uint32_t o = off; o < off + 8; o++) {
        int64_t b = (int8_t)shadow_get(o, 1);
        expect(__LINE__, "ldrsb x", o, 1, (uint64_t)mmio_read8s(DEV + o), (uint64_t)b);
        /* 32-bit destination: sign-extended to bit 31, bits 63:32 zero. */
        expect(__LINE__, "ldrsb w", o, 1, mmio_read8s_w(DEV + o), (uint32_t)b);
    }
    for (uint32_t o = off; o < off + 8; o += 2) {
        int64_t h = (int16_t)shadow_get(o, 2);
        expect(__LINE__, "ldrsh x", o, 2, (uint64_t)mmio_read16s(DEV + o), (uint64_t)h);
        expect(__LINE__, "ldrsh w", o, 2, mmio_read16s_w(DEV + o), (uint32_t)h);
    }
    for (uint32_t o = off; o < off + 8; o += 4) {
        int64_t w = (int32_t)shadow_get(o, 4);
        expect(__LINE__, "ldrsw x", o, 4, (uint64_t)mmio_read32s(DEV + o), (uint64_t)w);
    }
}

static void phase_initial(void)
{
    static const uint32_t offsets[] = { 0x000, 0x008, 0x010, 0x078, 0x080, 0x0F8, 0x100,
                                        0x3F0, 0x7F8, 0xFF8 };

    for (unsigned i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
        check_word(offsets[i]);
        check_sign_extension(offsets[i]);
    }
}

static void phase_writes(void)
{
    /* Each size gets its own 8-byte words; values mix both sign states. */
    static const uint64_t values[] = { 0x8899AABBCCDDEEFFull, 0x0123456789ABCDEFull, 0 };
    uint32_t off = WRITE_AREA;

    for (unsigned size = 1; size <= 8; size *= 2) {
        for (unsigned v = 0; v < sizeof values / sizeof values[0]; v++) {
            for (unsigned o = 0; o < 8; o += size) {
                dev_write(off + o, size, values[v] >> (8 * o));
                check_word(off);
                check_sign_extension(off);
            }
            off += 8;
        }
    }
}

static void phase_sweep(void)
{
    for (uint32_t off = 0; off < DEV_SIZE; off += 8)
        expect(__LINE__, "sweep read", off, 8, mmio_read64(DEV + off), shadow_get(off, 8));
}

#ifndef MMIO_ON_RAM
static volatile uint64_t abort_esr, abort_far, abort_count;

static bool mmio_abort_hook(struct exception_frame *f)
{
    abort_esr = f->esr;
    abort_far = f->far;
    abort_count++;
    f->elr += 4;        /* skip the access */
    return true;
}

/* An unaligned access cannot be emulated: the guest must get a data abort
 * (from its own MMU-off alignment check or injected by the hypervisor),
 * and the device must be unchanged. */
static void phase_unaligned(void)
{
    exceptions_set_sync_hook(mmio_abort_hook);
    (void)mmio_read32(DEV + 0x801);
    T_CHECK_EQ(abort_count, 1);
    T_CHECK_EQ(ESR_EC(abort_esr), ESR_EC_DABT_CUR);
    T_CHECK_EQ(abort_far, DEV + 0x801);
    mmio_write16(DEV + 0x803, 0x5A5A);
    T_CHECK_EQ(abort_count, 2);
    T_CHECK_EQ(abort_far, DEV + 0x803);
    exceptions_set_sync_hook(NULL);
    check_word(0x800);
}
#endif

int main(void *dtb)
{
    (void)dtb;
    test_begin(MMIO_NAME);
    for (uint32_t i = 0; i < DEV_SIZE; i++)
        shadow[i] = (uint8_t)(0xF0 ^ (i & 0xFF));
#ifdef MMIO_ON_RAM
    for (uint32_t i = 0; i < DEV_SIZE; i++)
        mmio_write8(DEV + i, shadow[i]);
#endif
    phase_initial();
    if (test_failures()) {
        /* The device is absent or wrong: one line per phase is enough. */
        printf("mmio: initial contents wrong, skipping writes\n");
        return test_end();
    }
    phase_writes();
    phase_sweep();
#ifndef MMIO_ON_RAM
    phase_unaligned();      /* last: it needs the hypervisor's abort injection */
#endif
    return test_end();
}
