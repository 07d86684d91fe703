/* A bare-metal guest for QEMU virt (highmem=off, MMU off) that proves the
 * ivshmem-doorbell path end to end against ivshmem-testpeer:
 *   - finds the device in ECAM, places its BARs, enables MSI-X;
 *   - reads the peer's status block through BAR2 (same memory as the peer);
 *   - counts the peer's periodic interrupts on vector 0;
 *   - rings peer 0 on every vector and expects the echo on that vector.
 * With no interrupt controller set up, each MSI-X table entry points its
 * message at a mailbox word in RAM: QEMU's MSI-X write lands there, so a
 * delivered interrupt is a word the guest sees change. It prints one
 * machine-readable line, "IVGUEST PASS ..." or "IVGUEST FAIL <why>". */
#include "gcommon.h"

#define IV_VECTORS 4
#define IV_PERIODIC 3   /* at least this many of the peer's periodic ones... */
#define IV_PEER_COUNT 5 /* ...out of the --count 5 it sends (early ones may beat MSI-X enable) */

static int fail(const char *why, uint64_t val) { return g_fail("IVGUEST", why, val); }

int guest_main(void)
{
    int up = g_ivshmem_up(IV_VECTORS);
    if (up)
        return fail("ivshmem-bring-up-step", (uint64_t)up);

    uint32_t id = r32(BAR0_ADDR + 8); /* IVPosition */
    g_puts("ivguest: ivposition ");
    g_putu(id);
    g_puts("\n");

    /* The peer writes its status block when the handshake is done. */
    volatile uint8_t *shm = (volatile uint8_t *)BAR2_ADDR;
    const char magic[8] = "IVTPEER";
    for (int i = 0; i < 8; i++)
        if (shm[i] != (uint8_t)magic[i])
            return fail("bar2-has-no-testpeer-status-block-byte", (uint64_t)i);
    if (r32(BAR2_ADDR + 8) != id)
        return fail("bar2-client-id-differs-from-ivposition", r32(BAR2_ADDR + 8));

    unsigned periodic = 0;
    while (periodic < IV_PERIODIC) {
        uint32_t x = g_mbox_wait(0, 3000);
        if (!x)
            return fail("periodic-interrupts-seen", periodic);
        if (x != 0x1000)
            return fail("periodic-msi-data", x);
        periodic++;
    }
    /* Let the peer finish its periodic interrupts so that they cannot be
     * mistaken for echoes on vector 0. */
    uint64_t end = g_ticks() + 5000 * g_ticks_per_ms();
    while (*(volatile uint64_t *)(BAR2_ADDR + 0x10) < IV_PEER_COUNT && g_ticks() < end)
        if (g_mbox_wait(0, 1))
            periodic++;
    if (*(volatile uint64_t *)(BAR2_ADDR + 0x10) < IV_PEER_COUNT)
        return fail("peer-sent-periodic", *(volatile uint64_t *)(BAR2_ADDR + 0x10));
    if (g_mbox_wait(0, 200))
        periodic++;
    g_puts("ivguest: periodic interrupts on vector 0: ");
    g_putu(periodic);
    g_puts("\n");

    for (unsigned v = 0; v < IV_VECTORS; v++) {
        g_ring(v);
        uint32_t x = g_mbox_wait(v, 3000);
        if (x != 0x1000 + v)
            return fail("echo-missing-on-vector", v);
        for (unsigned w = 0; w < IV_VECTORS; w++)
            if (r32(MBOX + 4 * w))
                return fail("echo-on-wrong-vector", w);
    }
    volatile uint64_t *pv = (volatile uint64_t *)(BAR2_ADDR + 0x20);
    for (unsigned v = 0; v < IV_VECTORS; v++)
        if (pv[v] != 1)
            return fail("peer-doorbell-count-on-vector", v);
    g_puts("IVGUEST PASS id ");
    g_putu(id);
    g_puts(" periodic ");
    g_putu(periodic);
    g_puts(" echoes ");
    g_putu(IV_VECTORS);
    g_puts("\n");
    return 0;
}
