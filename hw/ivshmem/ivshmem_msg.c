/* The ivshmem protocol's one message shape: 8 bytes, little-endian signed,
 * with at most one file descriptor riding along as SCM_RIGHTS. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "hw/ivshmem.h"

static void msg_put_le64(unsigned char b[8], int64_t v)
{
    uint64_t u = (uint64_t)v;
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(u >> (8 * i));
}

static int64_t msg_get_le64(const unsigned char b[8])
{
    uint64_t u = 0;
    for (int i = 0; i < 8; i++)
        u |= (uint64_t)b[i] << (8 * i);
    return (int64_t)u;
}

int ivshmem_msg_send(int sock, int64_t value, int fd)
{
    unsigned char buf[8];
    union {
        struct cmsghdr hdr;
        char space[CMSG_SPACE(sizeof(int))];
    } ctl;
    struct iovec iov = { .iov_base = buf, .iov_len = sizeof buf };
    struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

    msg_put_le64(buf, value);
    if (fd >= 0) {
        memset(&ctl, 0, sizeof ctl);
        mh.msg_control = ctl.space;
        mh.msg_controllen = sizeof ctl.space;
        struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(c), &fd, sizeof fd);
    }
    for (;;) {
        ssize_t n = sendmsg(sock, &mh, MSG_NOSIGNAL);
        if (n == (ssize_t)sizeof buf)
            return 0;
        if (n < 0 && errno == EINTR)
            continue;
        if (n >= 0)
            errno = EIO; /* an 8-byte send on a blocking stream is never split */
        return -1;
    }
}

int ivshmem_msg_recv(int sock, int64_t *value, int *fd)
{
    unsigned char buf[8];
    size_t got = 0;

    *fd = -1;
    while (got < sizeof buf) {
        union {
            struct cmsghdr hdr;
            char space[CMSG_SPACE(sizeof(int) * 4)];
        } ctl;
        struct iovec iov = { .iov_base = buf + got, .iov_len = sizeof buf - got };
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
                             .msg_control = ctl.space, .msg_controllen = sizeof ctl.space };
        ssize_t n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            goto fail;
        if (n == 0) {
            if (got == 0)
                return 0;
            errno = EPROTO; /* stream ended inside a message */
            goto fail;
        }
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
            if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
                continue;
            size_t nfd = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            for (size_t i = 0; i < nfd; i++) {
                int f;
                memcpy(&f, CMSG_DATA(c) + i * sizeof(int), sizeof f);
                if (*fd < 0)
                    *fd = f;
                else
                    close(f); /* the protocol allows one; never leak extras */
            }
        }
        got += (size_t)n;
    }
    *value = msg_get_le64(buf);
    return 1;
fail:
    if (*fd >= 0) {
        close(*fd);
        *fd = -1;
    }
    return -1;
}
