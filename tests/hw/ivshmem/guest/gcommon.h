/* Bare-metal helpers shared by the ivshmem QEMU test guests (QEMU virt with
 * highmem=off, EL1, MMU off): the PL011, the generic timer, and bringing up
 * the ivshmem-doorbell PCI function with its MSI-X messages aimed at mailbox
 * words in RAM (a delivered MSI-X is then a memory write the guest sees,
 * with no interrupt controller to set up). */
#ifndef GUEST_GCOMMON_H
#define GUEST_GCOMMON_H
#include <stdint.h>

#define UART_DR 0x09000000UL
#define ECAM 0x3f000000UL
#define BAR0_ADDR 0x10000000UL
#define BAR1_ADDR 0x10001000UL
#define BAR2_ADDR 0x10100000UL /* 1 MiB aligned: enough for any BAR2 here */
#define MBOX 0x41800000UL      /* guest RAM, well above the image */

static inline void w32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint32_t r32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline void w16(uintptr_t a, uint16_t v) { *(volatile uint16_t *)a = v; }
static inline uint16_t r16(uintptr_t a) { return *(volatile uint16_t *)a; }
static inline uint8_t r8(uintptr_t a) { return *(volatile uint8_t *)a; }

static inline void g_putc(char c) { w32(UART_DR, (uint8_t)c); }
static inline void g_puts(const char *s) { while (*s) g_putc(*s++); }
static inline void g_putu(uint64_t v)
{
    char b[24];
    int n = 0;
    do { b[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n) g_putc(b[--n]);
}

static inline uint64_t g_ticks(void)
{
    uint64_t v;
    __asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
    return v;
}

static inline uint64_t g_ticks_per_ms(void)
{
    uint64_t f;
    __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
    return f / 1000;
}

/* Prints "<tag> FAIL why val" and returns 1. */
static inline int g_fail(const char *tag, const char *why, uint64_t val)
{
    g_puts(tag);
    g_puts(" FAIL ");
    g_puts(why);
    g_puts(" ");
    g_putu(val);
    g_puts("\n");
    return 1;
}

/* Finds the ivshmem function, places BAR0/1/2, enables memory decoding and
 * bus mastering, and points MSI-X vector v at MBOX + 4v with data 0x1000 + v.
 * Returns 0, or a nonzero step number on failure. */
static inline int g_ivshmem_up(unsigned vectors)
{
    uintptr_t cfg = 0;
    for (unsigned dev = 0; dev < 32; dev++)
        if (r32(ECAM + ((uintptr_t)dev << 15)) == 0x11101af4) { /* Red Hat ivshmem */
            cfg = ECAM + ((uintptr_t)dev << 15);
            break;
        }
    if (!cfg)
        return 1;
    w32(cfg + 0x10, BAR0_ADDR);
    w32(cfg + 0x14, BAR1_ADDR);
    w32(cfg + 0x18, BAR2_ADDR);
    w32(cfg + 0x1c, 0);
    w16(cfg + 0x04, 0x6); /* memory space (BARs answer) + bus master (MSI writes) */
    uint8_t cap = r8(cfg + 0x34);
    while (cap && r8(cfg + cap) != 0x11)
        cap = r8(cfg + cap + 1);
    if (!cap)
        return 2;
    uint32_t table = r32(cfg + cap + 4);
    if ((table & 7) != 1)
        return 3; /* table expected in BAR1 */
    uintptr_t tab = BAR1_ADDR + (table & ~7u);
    for (unsigned v = 0; v < vectors; v++) {
        w32(MBOX + 4 * v, 0);
        w32(tab + 16 * v + 0, (uint32_t)(MBOX + 4 * v));
        w32(tab + 16 * v + 4, 0);
        w32(tab + 16 * v + 8, 0x1000 + v);
        w32(tab + 16 * v + 12, 0); /* unmasked */
    }
    w16(cfg + cap + 2, (uint16_t)(r16(cfg + cap + 2) | 0x8000)); /* MSI-X enable */
    return 0;
}

/* Waits up to ms for mailbox word v to become nonzero; returns it, cleared. */
static inline uint32_t g_mbox_wait(unsigned v, uint64_t ms)
{
    uint64_t end = g_ticks() + ms * g_ticks_per_ms();
    while (g_ticks() < end) {
        uint32_t x = r32(MBOX + 4 * v);
        if (x) {
            w32(MBOX + 4 * v, 0);
            return x;
        }
    }
    return 0;
}

/* Doorbell: interrupt peer 0 (the model) on vector v. */
static inline void g_ring(unsigned v) { w32(BAR0_ADDR + 12, (0u << 16) | v); }

/* QEMU wires the doorbell to peer 0 only once it has processed the
 * server's eventfd messages, which can be after the guest starts; a ring
 * before that is dropped without a trace. So ring until the device has
 * taken the trigger word at `trigger` (it reads 0 then); 1 on timeout. */
static inline int g_ring_until_taken(uintptr_t trigger, uint64_t ms)
{
    uint64_t end = g_ticks() + ms * g_ticks_per_ms();
    while (g_ticks() < end) {
        g_ring(0);
        uint64_t retry = g_ticks() + 20 * g_ticks_per_ms();
        while (g_ticks() < retry)
            if (r32(trigger) == 0)
                return 0;
    }
    return 1;
}
#endif
