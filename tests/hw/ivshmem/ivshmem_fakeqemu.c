/* A host-side client that does what QEMU's ivshmem-doorbell does, to test
 * ivshmem-testpeer (and so the ivshmem server library) without QEMU:
 *   ivshmem_fakeqemu SOCKET VECTORS SHM_SIZE PERIODIC_COUNT
 * The peer must run with the same vectors and shm size, and --count
 * PERIODIC_COUNT with a short --interval-ms. */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "../../include/check.h"
#include "fake_client.h"

static uint64_t fake_status_u64(struct fake_client *c, unsigned off)
{
    uint64_t x;
    memcpy(&x, c->shm + off, sizeof x);
    return x;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: ivshmem_fakeqemu SOCKET VECTORS SHM_SIZE PERIODIC_COUNT\n");
        return 2;
    }
    const char *path = argv[1];
    unsigned vectors = (unsigned)atoi(argv[2]);
    uint64_t shm_size = strtoull(argv[3], NULL, 0);
    uint64_t periodic = strtoull(argv[4], NULL, 0);
    struct fake_client c, c2;
    int hs, r, fd;
    int64_t v;
    uint64_t got;
    uint32_t id32;

    TEST_BEGIN("ivshmem-handshake");
    hs = fake_client_handshake(&c, path, vectors);
    if (hs)
        printf("  handshake: %s\n", c.err);
    CHECK(hs == 0);
    CHECK_EQ_U64(c.version, IVSHMEM_PROTOCOL_VERSION);
    CHECK(c.id >= 1 && c.id <= 65535);
    CHECK_EQ_U64(c.shm_size, shm_size);
    CHECK_EQ_U64(c.nown, vectors);
    CHECK_EQ_U64(c.npeer, vectors);
    TEST_END();
    if (hs)
        return 0; /* the FAIL line is out; nothing else can be tested */

    TEST_BEGIN("ivshmem-shm-shared");
    usleep(50000);
    CHECK(memcmp(c.shm, "IVTPEER", 8) == 0);
    memcpy(&id32, c.shm + 8, 4);
    CHECK_EQ_U64(id32, c.id);
    TEST_END();

    TEST_BEGIN("ivshmem-periodic-vector0");
    got = 0;
    for (int i = 0; i < 100 && got < periodic; i++)
        got += fake_client_collect(&c, 0, 100);
    uint64_t extra = fake_client_collect(&c, 0, 300); /* K times, then it stops */
    printf("  periodic interrupts: %llu (expected %llu), after the last: %llu\n",
           (unsigned long long)got, (unsigned long long)periodic, (unsigned long long)extra);
    CHECK_EQ_U64(got, periodic);
    CHECK_EQ_U64(extra, 0);
    TEST_END();

    TEST_BEGIN("ivshmem-echo-every-vector");
    for (unsigned v = 0; v < vectors; v++) {
        for (unsigned w = 0; w < vectors; w++) /* nothing pending anywhere */
            CHECK_EQ_U64(fake_client_collect(&c, w, 0), 0);
        fake_client_ring(&c, v);
        uint64_t e = fake_client_collect(&c, v, 500);
        if (e != 1)
            printf("  vector %u: %llu echoes\n", v, (unsigned long long)e);
        CHECK_EQ_U64(e, 1);
        for (unsigned w = 0; w < vectors; w++)
            if (w != v)
                CHECK_EQ_U64(fake_client_collect(&c, w, 0), 0);
    }
    usleep(20000);
    CHECK_EQ_U64(fake_status_u64(&c, 0x18), vectors);
    for (unsigned v = 0; v < vectors; v++)
        CHECK_EQ_U64(fake_status_u64(&c, 0x20 + 8 * v), 1);
    TEST_END();

    TEST_BEGIN("ivshmem-second-client-refused");
    int s2 = fake_client_connect(path);
    CHECK(s2 >= 0);
    r = s2 >= 0 ? ivshmem_msg_recv(s2, &v, &fd) : -1;
    CHECK_EQ_U64(r, 0); /* closed before any message */
    if (s2 >= 0)
        close(s2);
    fake_client_ring(&c, 0); /* the first client is still served */
    CHECK_EQ_U64(fake_client_collect(&c, 0, 500), 1);
    TEST_END();

    TEST_BEGIN("ivshmem-reconnect-after-disconnect");
    int64_t old_id = c.id;
    fake_client_close(&c);
    hs = fake_client_handshake(&c2, path, vectors);
    if (hs)
        printf("  handshake: %s\n", c2.err);
    CHECK(hs == 0);
    CHECK(c2.id != old_id);
    if (hs == 0) {
        fake_client_ring(&c2, vectors - 1);
        CHECK_EQ_U64(fake_client_collect(&c2, vectors - 1, 500), 1);
        got = 0;
        for (int i = 0; i < 100 && got < periodic; i++)
            got += fake_client_collect(&c2, 0, 100);
        CHECK_EQ_U64(got, periodic);
        usleep(20000);
        memcpy(&id32, c2.shm + 8, 4);
        CHECK_EQ_U64(id32, c2.id);
    }
    fake_client_close(&c2);
    TEST_END();
    return CHECK_EXIT_CODE();
}
