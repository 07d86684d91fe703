/* The server side of QEMU's ivshmem client-server protocol (QEMU 7.2's
 * ivshmem-doorbell device), for a device-model process that is itself the one
 * peer a QEMU client talks to.
 *
 * The model is always peer 0. The server serves one client (one QEMU) at a
 * time; client ids count up from 1 so that a late message from an old client
 * can never be mistaken for the new one. See docs/hw/ivshmem.md. */
#ifndef HW_IVSHMEM_H
#define HW_IVSHMEM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IVSHMEM_PROTOCOL_VERSION 0
#define IVSHMEM_MODEL_PEER_ID 0
#define IVSHMEM_MAX_VECTORS 64
#define IVSHMEM_MIN_SHM_SIZE 4096u

/* One protocol message: an 8-byte little-endian signed number, optionally
 * carrying one file descriptor (SCM_RIGHTS). fd < 0 sends none. Returns 0, or
 * -1 with errno set. */
int ivshmem_msg_send(int sock, int64_t value, int fd);

/* Receives one message; *fd gets the descriptor that came with it or -1.
 * Returns 1 on a message, 0 on end of stream, -1 on error (errno set). */
int ivshmem_msg_recv(int sock, int64_t *value, int *fd);

struct ivshmem_server_params {
    const char *socket_path; /* UNIX socket QEMU's chardev connects to */
    int shm_fd;              /* shared memory to hand out; -1: create a memfd */
    uint64_t shm_size;       /* bytes, power of two >= 4096 (a PCI BAR size) */
    unsigned vectors;        /* MSI-X vectors, 1..IVSHMEM_MAX_VECTORS */
};

enum ivshmem_event_kind {
    IVSHMEM_EV_NONE,       /* timeout or interrupted by a signal */
    IVSHMEM_EV_CONNECT,    /* a client connected and got the whole handshake */
    IVSHMEM_EV_DISCONNECT, /* the client went away; its state is gone */
    IVSHMEM_EV_DOORBELL,   /* the client rang peer 0 with `vector` */
};

struct ivshmem_event {
    enum ivshmem_event_kind kind;
    uint16_t client_id; /* the client the event is about */
    unsigned vector;    /* DOORBELL: which vector */
    uint64_t count;     /* DOORBELL: rings coalesced since the last event */
};

struct ivshmem_server;

/* Creates the shared memory (unless given), maps it, and listens on the
 * socket (a stale socket file at the path is replaced; any other file there
 * is an error). On failure returns NULL with a message in err. */
struct ivshmem_server *ivshmem_server_create(const struct ivshmem_server_params *p,
                                             char *err, size_t errlen);

/* Waits up to timeout_ns (negative: forever) and returns the next event in *ev.
 * Accepting, the handshake and disconnect clean-up happen in here. A second
 * client while one is served is refused (connection closed at once, logged).
 * Returns 0, or -1 on an unrecoverable error of the listening socket. */
int ivshmem_server_wait(struct ivshmem_server *s, int64_t timeout_ns, struct ivshmem_event *ev);

/* Interrupts the connected client on MSI-X `vector`. Returns 0, or -1 when no
 * client is connected or the vector is out of range. */
int ivshmem_server_notify(struct ivshmem_server *s, unsigned vector);

/* Drops the current client (as on disconnect); the next wait may accept a new one. */
void ivshmem_server_kick(struct ivshmem_server *s);

bool ivshmem_server_connected(const struct ivshmem_server *s);
uint16_t ivshmem_server_client_id(const struct ivshmem_server *s);
void *ivshmem_server_shm(const struct ivshmem_server *s);
uint64_t ivshmem_server_shm_size(const struct ivshmem_server *s);

/* Where the server logs (stderr by default; NULL silences it). */
void ivshmem_server_set_log(struct ivshmem_server *s, void *file);

/* Closes the client, the socket (and unlinks its path) and the memory. */
void ivshmem_server_destroy(struct ivshmem_server *s);
#endif
