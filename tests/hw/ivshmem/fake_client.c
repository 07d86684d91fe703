/* The QEMU-like ivshmem client of the transport tests (fake_client.h). */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "fake_client.h"

int fake_client_connect(const char *path)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    snprintf(a.sun_path, sizeof a.sun_path, "%s", path);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct timeval tv = { .tv_sec = 3 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    for (int i = 0; i < 100; i++) { /* the peer may still be starting */
        if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0)
            return fd;
        usleep(20000);
    }
    close(fd);
    return -1;
}

int fake_client_handshake(struct fake_client *c, const char *path, unsigned vectors)
{
    int64_t v;
    int fd;
    memset(c, 0, sizeof *c);
    c->vectors = vectors;
    c->shm_fd = -1;
    c->sock = fake_client_connect(path);
    if (c->sock < 0)
        return snprintf(c->err, sizeof c->err, "cannot connect to %s", path), -1;
    if (ivshmem_msg_recv(c->sock, &c->version, &fd) != 1 || fd >= 0)
        return snprintf(c->err, sizeof c->err, "no fd-less version message"), -1;
    if (ivshmem_msg_recv(c->sock, &c->id, &fd) != 1 || fd >= 0)
        return snprintf(c->err, sizeof c->err, "no fd-less id message"), -1;
    if (ivshmem_msg_recv(c->sock, &v, &c->shm_fd) != 1 || v != -1 || c->shm_fd < 0)
        return snprintf(c->err, sizeof c->err, "no -1 + shm fd message"), -1;
    struct stat st;
    fstat(c->shm_fd, &st);
    c->shm_size = (uint64_t)st.st_size;
    c->shm = mmap(NULL, c->shm_size, PROT_READ | PROT_WRITE, MAP_SHARED, c->shm_fd, 0);
    if (c->shm == MAP_FAILED)
        return snprintf(c->err, sizeof c->err, "cannot map shm"), -1;
    while (c->nown < vectors) {
        if (ivshmem_msg_recv(c->sock, &v, &fd) != 1 || fd < 0)
            return snprintf(c->err, sizeof c->err, "missing eventfd message (%u own, %u peer)",
                            c->nown, c->npeer), -1;
        if (v == c->id)
            c->own_fd[c->nown++] = fd;
        else if (v == IVSHMEM_MODEL_PEER_ID && c->npeer < vectors && c->nown == 0)
            c->peer_fd[c->npeer++] = fd;
        else
            return snprintf(c->err, sizeof c->err, "unexpected message %lld", (long long)v), -1;
    }
    return c->npeer == vectors ? 0 : (snprintf(c->err, sizeof c->err, "peer 0 sent %u of %u "
                                               "eventfds", c->npeer, vectors), -1);
}

void fake_client_close(struct fake_client *c)
{
    for (unsigned i = 0; i < c->npeer; i++)
        close(c->peer_fd[i]);
    for (unsigned i = 0; i < c->nown; i++)
        close(c->own_fd[i]);
    if (c->shm && c->shm != MAP_FAILED)
        munmap(c->shm, c->shm_size);
    if (c->shm_fd >= 0)
        close(c->shm_fd);
    if (c->sock >= 0)
        close(c->sock);
}

uint64_t fake_client_collect(struct fake_client *c, unsigned v, int timeout_ms)
{
    uint64_t total = 0;
    struct pollfd pf = { .fd = c->own_fd[v], .events = POLLIN };
    while (poll(&pf, 1, timeout_ms) > 0) {
        uint64_t n;
        if (read(c->own_fd[v], &n, sizeof n) == (ssize_t)sizeof n)
            total += n;
    }
    return total;
}

void fake_client_ring(struct fake_client *c, unsigned v)
{
    uint64_t one = 1;
    if (write(c->peer_fd[v], &one, sizeof one) != (ssize_t)sizeof one)
        printf("  ring of vector %u failed: %s\n", v, strerror(errno));
}

