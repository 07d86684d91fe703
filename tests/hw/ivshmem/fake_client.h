/* A host-side client that behaves as QEMU's ivshmem-doorbell does: it
 * receives the server's handshake, maps the shared memory, rings the peer's
 * eventfds and collects its own interrupts. */
#ifndef TESTS_HW_IVSHMEM_FAKE_CLIENT_H
#define TESTS_HW_IVSHMEM_FAKE_CLIENT_H
#include <stdint.h>

#include "hw/ivshmem.h"

struct fake_client {
    int sock;
    int64_t version;
    int64_t id;
    int shm_fd;
    uint64_t shm_size;
    uint8_t *shm;
    unsigned vectors;
    int peer_fd[IVSHMEM_MAX_VECTORS]; /* write: ring peer 0 */
    int own_fd[IVSHMEM_MAX_VECTORS];  /* read: our interrupts */
    unsigned npeer, nown;
    char err[200];
};

/* Connects (retrying for 2 s while the server starts); -1 on failure. */
int fake_client_connect(const char *path);
/* Receives the handshake as QEMU does; 0 when complete and well-formed,
 * else -1 with the reason in c->err. */
int fake_client_handshake(struct fake_client *c, const char *path, unsigned vectors);
void fake_client_close(struct fake_client *c);
/* Sums interrupts seen on own vector v within timeout_ms. */
uint64_t fake_client_collect(struct fake_client *c, unsigned v, int timeout_ms);
/* Rings peer 0 on vector v, as a guest's doorbell write makes QEMU do. */
void fake_client_ring(struct fake_client *c, unsigned v);
#endif
