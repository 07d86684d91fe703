/* ivshmem server for one client at a time, the model being peer 0.
 *
 * Handshake order (docs/specs/ivshmem-spec.txt of QEMU): version 0, the
 * client's id, -1 with the shared-memory fd, peer 0's eventfds (one message
 * per vector: the client writes them when its guest rings peer 0), then the
 * client's own id once per vector with the eventfds we write to interrupt it.
 * Both eventfd sets are made fresh per client so that a ring or interrupt left
 * over from an earlier client never leaks into the next one. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <time.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "hw/ivshmem.h"

struct ivshmem_server {
    char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
    int listen_fd;
    int shm_fd;
    void *shm;
    uint64_t shm_size;
    unsigned vectors;
    FILE *log;

    int client_fd; /* -1 when no client */
    uint16_t client_id;
    uint16_t next_id;
    int doorbell_fd[IVSHMEM_MAX_VECTORS]; /* peer 0's: the client writes, we read */
    int irq_fd[IVSHMEM_MAX_VECTORS];      /* the client's own: we write, it reads */
    unsigned rr;                          /* round-robin start among doorbells */
};

static void server_log(struct ivshmem_server *s, const char *fmt, ...)
{
    if (!s->log)
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(s->log, "ivshmem: ");
    vfprintf(s->log, fmt, ap);
    fputc('\n', s->log);
    va_end(ap);
    fflush(s->log);
}

static void server_close_fds(int *fds, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        if (fds[i] >= 0)
            close(fds[i]);
        fds[i] = -1;
    }
}

static void server_drop_client(struct ivshmem_server *s)
{
    if (s->client_fd >= 0)
        close(s->client_fd);
    s->client_fd = -1;
    server_close_fds(s->doorbell_fd, IVSHMEM_MAX_VECTORS);
    server_close_fds(s->irq_fd, IVSHMEM_MAX_VECTORS);
}

static int server_make_eventfds(int *fds, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        fds[i] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (fds[i] < 0)
            return -1;
    }
    return 0;
}

/* Sends the whole handshake; returns 0, or -1 with the step that failed logged. */
static int server_handshake(struct ivshmem_server *s, int fd, uint16_t id)
{
    const char *step = "eventfd creation";
    if (server_make_eventfds(s->doorbell_fd, s->vectors) < 0 ||
        server_make_eventfds(s->irq_fd, s->vectors) < 0)
        goto fail;
    step = "version";
    if (ivshmem_msg_send(fd, IVSHMEM_PROTOCOL_VERSION, -1) < 0)
        goto fail;
    step = "client id";
    if (ivshmem_msg_send(fd, id, -1) < 0)
        goto fail;
    step = "shared memory fd";
    if (ivshmem_msg_send(fd, -1, s->shm_fd) < 0)
        goto fail;
    step = "peer 0 eventfds";
    for (unsigned v = 0; v < s->vectors; v++)
        if (ivshmem_msg_send(fd, IVSHMEM_MODEL_PEER_ID, s->doorbell_fd[v]) < 0)
            goto fail;
    step = "interrupt setup";
    for (unsigned v = 0; v < s->vectors; v++)
        if (ivshmem_msg_send(fd, id, s->irq_fd[v]) < 0)
            goto fail;
    return 0;
fail:
    server_log(s, "handshake with client %u failed at %s: %s", id, step, strerror(errno));
    return -1;
}

static int server_accept(struct ivshmem_server *s, struct ivshmem_event *ev)
{
    int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0) {
        if (errno == EINTR || errno == EAGAIN || errno == ECONNABORTED)
            return 0;
        server_log(s, "accept on %s failed: %s", s->path, strerror(errno));
        return -1;
    }
    if (s->client_fd >= 0) {
        server_log(s, "refused a second client: client %u is being served", s->client_id);
        close(fd);
        return 0;
    }
    uint16_t id = s->next_id;
    s->next_id = (uint16_t)(id == UINT16_MAX ? 1 : id + 1);
    s->client_fd = fd;
    s->client_id = id;
    if (server_handshake(s, fd, id) < 0) {
        server_drop_client(s);
        return 0;
    }
    server_log(s, "client %u connected: handshake sent (%u vectors, %llu-byte shm)", id,
               s->vectors, (unsigned long long)s->shm_size);
    ev->kind = IVSHMEM_EV_CONNECT;
    ev->client_id = id;
    return 0;
}

/* The client never speaks after connecting; readable means gone (or a
 * protocol violation, which we treat the same way). */
static void server_client_readable(struct ivshmem_server *s, struct ivshmem_event *ev)
{
    char buf[64];
    ssize_t n = recv(s->client_fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (n > 0)
        server_log(s, "client %u sent %zd unexpected bytes; dropping it", s->client_id, n);
    else
        server_log(s, "client %u disconnected", s->client_id);
    ev->kind = IVSHMEM_EV_DISCONNECT;
    ev->client_id = s->client_id;
    server_drop_client(s);
}

int ivshmem_server_wait(struct ivshmem_server *s, int64_t timeout_ns, struct ivshmem_event *ev)
{
    struct pollfd pf[2 + IVSHMEM_MAX_VECTORS];
    unsigned n = 0;

    memset(ev, 0, sizeof *ev);
    pf[n++] = (struct pollfd){ .fd = s->listen_fd, .events = POLLIN };
    if (s->client_fd >= 0) {
        pf[n++] = (struct pollfd){ .fd = s->client_fd, .events = POLLIN };
        for (unsigned i = 0; i < s->vectors; i++) {
            unsigned v = (s->rr + i) % s->vectors;
            pf[n++] = (struct pollfd){ .fd = s->doorbell_fd[v], .events = POLLIN };
        }
    }
    /* ppoll: a model's next event is often microseconds away, and poll's
     * millisecond timeout would round every such wait up to a whole ms. */
    struct timespec ts = { .tv_sec = timeout_ns / 1000000000, .tv_nsec = timeout_ns % 1000000000 };
    int r = ppoll(pf, n, timeout_ns < 0 ? NULL : &ts, NULL);
    if (r < 0)
        return errno == EINTR ? 0 : -1;
    if (r == 0)
        return 0;
    if (s->client_fd >= 0) {
        /* Doorbells first: a ring that raced with a disconnect still counts. */
        for (unsigned i = 2; i < n; i++) {
            if (!(pf[i].revents & POLLIN))
                continue;
            uint64_t cnt;
            if (read(pf[i].fd, &cnt, sizeof cnt) != (ssize_t)sizeof cnt)
                continue;
            unsigned v = (s->rr + i - 2) % s->vectors;
            s->rr = (v + 1) % s->vectors;
            ev->kind = IVSHMEM_EV_DOORBELL;
            ev->client_id = s->client_id;
            ev->vector = v;
            ev->count = cnt;
            return 0;
        }
        if (pf[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            server_client_readable(s, ev);
            return 0;
        }
    }
    if (pf[0].revents & POLLIN)
        return server_accept(s, ev);
    if (pf[0].revents & (POLLERR | POLLNVAL)) {
        server_log(s, "listening socket %s failed", s->path);
        return -1;
    }
    return 0;
}

int ivshmem_server_notify(struct ivshmem_server *s, unsigned vector)
{
    if (s->client_fd < 0 || vector >= s->vectors)
        return -1;
    uint64_t one = 1;
    /* A full counter (2^64-2 pending) cannot happen in practice; EAGAIN then
     * just means the client already has an interrupt pending. */
    if (write(s->irq_fd[vector], &one, sizeof one) < 0 && errno != EAGAIN)
        return -1;
    return 0;
}

void ivshmem_server_kick(struct ivshmem_server *s)
{
    if (s->client_fd >= 0)
        server_log(s, "client %u dropped by the model", s->client_id);
    server_drop_client(s);
}

bool ivshmem_server_connected(const struct ivshmem_server *s) { return s->client_fd >= 0; }
uint16_t ivshmem_server_client_id(const struct ivshmem_server *s) { return s->client_id; }
void *ivshmem_server_shm(const struct ivshmem_server *s) { return s->shm; }
uint64_t ivshmem_server_shm_size(const struct ivshmem_server *s) { return s->shm_size; }
void ivshmem_server_set_log(struct ivshmem_server *s, void *file) { s->log = file; }

static int server_fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static int server_check_params(const struct ivshmem_server_params *p, char *err, size_t errlen)
{
    if (!p->socket_path || !p->socket_path[0])
        return server_fail(err, errlen, "socket path is empty");
    if (strlen(p->socket_path) >= sizeof(((struct sockaddr_un *)0)->sun_path))
        return server_fail(err, errlen, "socket path '%s' is longer than %zu bytes",
                           p->socket_path, sizeof(((struct sockaddr_un *)0)->sun_path) - 1);
    if (p->vectors < 1 || p->vectors > IVSHMEM_MAX_VECTORS)
        return server_fail(err, errlen, "vectors %u is out of range 1..%d", p->vectors,
                           IVSHMEM_MAX_VECTORS);
    if (p->shm_size < IVSHMEM_MIN_SHM_SIZE || (p->shm_size & (p->shm_size - 1)))
        return server_fail(err, errlen,
                           "shm size %llu is not a power of two >= %u (QEMU maps it as a PCI BAR)",
                           (unsigned long long)p->shm_size, IVSHMEM_MIN_SHM_SIZE);
    return 0;
}

static int server_open_shm(struct ivshmem_server *s, const struct ivshmem_server_params *p,
                           char *err, size_t errlen)
{
    if (p->shm_fd >= 0) {
        struct stat st;
        s->shm_fd = dup(p->shm_fd);
        if (s->shm_fd < 0 || fstat(s->shm_fd, &st) < 0)
            return server_fail(err, errlen, "shm fd %d: %s", p->shm_fd, strerror(errno));
        /* QEMU sizes BAR2 from the file's size, so it must be exactly right. */
        if ((uint64_t)st.st_size != p->shm_size)
            return server_fail(err, errlen, "shm fd %d is %lld bytes, expected %llu",
                               p->shm_fd, (long long)st.st_size,
                               (unsigned long long)p->shm_size);
    } else {
        s->shm_fd = memfd_create("ivshmem", MFD_CLOEXEC);
        if (s->shm_fd < 0 || ftruncate(s->shm_fd, (off_t)p->shm_size) < 0)
            return server_fail(err, errlen, "creating %llu bytes of shared memory: %s",
                               (unsigned long long)p->shm_size, strerror(errno));
    }
    s->shm = mmap(NULL, p->shm_size, PROT_READ | PROT_WRITE, MAP_SHARED, s->shm_fd, 0);
    if (s->shm == MAP_FAILED) {
        s->shm = NULL;
        return server_fail(err, errlen, "mapping the shared memory: %s", strerror(errno));
    }
    s->shm_size = p->shm_size;
    return 0;
}

static int server_listen(struct ivshmem_server *s, char *err, size_t errlen)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    struct stat st;

    memcpy(a.sun_path, s->path, strlen(s->path) + 1);
    if (lstat(s->path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode))
            return server_fail(err, errlen, "socket path %s exists and is not a socket", s->path);
        unlink(s->path); /* stale socket of an earlier run */
    }
    s->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s->listen_fd < 0)
        return server_fail(err, errlen, "socket: %s", strerror(errno));
    if (bind(s->listen_fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(s->listen_fd, 4) < 0) {
        int e = errno;
        close(s->listen_fd);
        s->listen_fd = -1;
        return server_fail(err, errlen, "listening on %s: %s", s->path, strerror(e));
    }
    return 0;
}

struct ivshmem_server *ivshmem_server_create(const struct ivshmem_server_params *p, char *err,
                                             size_t errlen)
{
    if (server_check_params(p, err, errlen) < 0)
        return NULL;
    struct ivshmem_server *s = calloc(1, sizeof *s);
    if (!s) {
        server_fail(err, errlen, "out of memory");
        return NULL;
    }
    s->listen_fd = s->shm_fd = s->client_fd = -1;
    for (unsigned i = 0; i < IVSHMEM_MAX_VECTORS; i++)
        s->doorbell_fd[i] = s->irq_fd[i] = -1;
    s->vectors = p->vectors;
    s->next_id = 1;
    s->log = stderr;
    memcpy(s->path, p->socket_path, strlen(p->socket_path) + 1);
    if (server_open_shm(s, p, err, errlen) < 0 || server_listen(s, err, errlen) < 0) {
        ivshmem_server_destroy(s);
        return NULL;
    }
    return s;
}

void ivshmem_server_destroy(struct ivshmem_server *s)
{
    if (!s)
        return;
    server_drop_client(s);
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
        unlink(s->path);
    }
    if (s->shm)
        munmap(s->shm, s->shm_size);
    if (s->shm_fd >= 0)
        close(s->shm_fd);
    free(s);
}
