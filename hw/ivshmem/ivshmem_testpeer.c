/* ivshmem-testpeer: a peer that proves the ivshmem path without any device
 * model. It serves one QEMU at a time, interrupts it on vector 0 every
 * --interval-ms (--count times; without --count, until it stops), and echoes every doorbell: a ring of peer 0
 * with vector v is answered with an interrupt on vector v.
 *
 * It also keeps a status block at the start of the shared memory so a guest
 * (or a test) can see the same bytes the peer sees:
 *   0x00 "IVTPEER\0"   0x08 u32 client id   0x0c u32 vectors
 *   0x10 u64 interrupts sent   0x18 u64 doorbells seen
 *   0x20 u64 per-vector doorbell counts[vectors]
 * Every event is logged on stderr. */
#include <errno.h>
#include <limits.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hw/ivshmem.h"

struct testpeer_opts {
    const char *socket;
    uint64_t shm_size;
    unsigned vectors;
    long interval_ms;
    long count;
};

static volatile sig_atomic_t testpeer_stop;

static void testpeer_on_signal(int sig)
{
    (void)sig;
    testpeer_stop = 1;
}

static int testpeer_usage(const char *why)
{
    fprintf(stderr, "ivshmem-testpeer: %s\n"
            "usage: ivshmem-testpeer --socket PATH [--shm-size BYTES] [--vectors N]\n"
            "                        [--interval-ms M] [--count K]\n", why);
    return 2;
}

/* Parses a whole non-negative number (0x prefix allowed); -1 on anything else. */
static int testpeer_parse_u64(const char *s, uint64_t *out)
{
    char *end;
    if (!s || !*s || *s == '-')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

static int testpeer_parse(int argc, char **argv, struct testpeer_opts *o)
{
    static char why[256];
    /* count -1: not given; with an interval that means "no end". */
    *o = (struct testpeer_opts){ .shm_size = 1u << 20, .vectors = 4, .interval_ms = 0, .count = -1 };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        uint64_t n;
        if (!strcmp(a, "--socket") && v) {
            o->socket = v;
        } else if (!strcmp(a, "--shm-size") && v) {
            if (testpeer_parse_u64(v, &n) < 0)
                goto bad_number;
            o->shm_size = n;
        } else if (!strcmp(a, "--vectors") && v) {
            if (testpeer_parse_u64(v, &n) < 0 || n > IVSHMEM_MAX_VECTORS)
                goto bad_number;
            o->vectors = (unsigned)n;
        } else if (!strcmp(a, "--interval-ms") && v) {
            if (testpeer_parse_u64(v, &n) < 0 || n > 3600000)
                goto bad_number;
            o->interval_ms = (long)n;
        } else if (!strcmp(a, "--count") && v) {
            if (testpeer_parse_u64(v, &n) < 0 || n > 1000000000)
                goto bad_number;
            o->count = (long)n;
        } else {
            snprintf(why, sizeof why, "unknown option or missing value: %s", a);
            return testpeer_usage(why);
        }
        i++;
        continue;
bad_number:
        snprintf(why, sizeof why, "bad value for %s: '%s'", a, v);
        return testpeer_usage(why);
    }
    if (!o->socket)
        return testpeer_usage("--socket PATH is required");
    if (o->count > 0 && o->interval_ms == 0)
        return testpeer_usage("--count needs --interval-ms greater than 0");
    if (o->count < 0)
        o->count = o->interval_ms ? LONG_MAX : 0;
    return 0;
}

static int64_t testpeer_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct testpeer_status {
    char magic[8];
    uint32_t client_id;
    uint32_t vectors;
    uint64_t irqs_sent;
    uint64_t doorbells;
    uint64_t per_vector[];
};

int main(int argc, char **argv)
{
    struct testpeer_opts o;
    int rc = testpeer_parse(argc, argv, &o);
    if (rc)
        return rc;

    struct ivshmem_server_params p = { .socket_path = o.socket, .shm_fd = -1,
                                       .shm_size = o.shm_size, .vectors = o.vectors };
    char err[256];
    struct ivshmem_server *s = ivshmem_server_create(&p, err, sizeof err);
    if (!s) {
        fprintf(stderr, "ivshmem-testpeer: %s\n", err);
        return 1;
    }
    struct sigaction sa = { .sa_handler = testpeer_on_signal }; /* no SA_RESTART: poll wakes */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    struct testpeer_status *st = ivshmem_server_shm(s);
    char count[32] = "unlimited";
    if (o.count != LONG_MAX)
        snprintf(count, sizeof count, "%ld", o.count);
    fprintf(stderr, "testpeer: listening on %s (shm %" PRIu64 " bytes, %u vectors, "
            "interval %ld ms, count %s)\n", o.socket, o.shm_size, o.vectors, o.interval_ms, count);

    long sent = 0;
    int64_t next = 0;
    while (!testpeer_stop) {
        int64_t timeout = -1;
        if (ivshmem_server_connected(s) && sent < o.count) {
            int64_t left = next - testpeer_now_ms();
            timeout = left < 0 ? 0 : left * 1000000;
        }
        struct ivshmem_event ev;
        if (ivshmem_server_wait(s, timeout, &ev) < 0) {
            rc = 1;
            break;
        }
        switch (ev.kind) {
        case IVSHMEM_EV_CONNECT:
            memset(st, 0, sizeof *st + o.vectors * sizeof(uint64_t));
            memcpy(st->magic, "IVTPEER", 8);
            st->client_id = ev.client_id;
            st->vectors = o.vectors;
            sent = 0;
            next = testpeer_now_ms() + o.interval_ms;
            fprintf(stderr, "testpeer: client %u connected\n", ev.client_id);
            break;
        case IVSHMEM_EV_DISCONNECT:
            fprintf(stderr, "testpeer: client %u disconnected after %ld periodic "
                    "interrupts\n", ev.client_id, sent);
            break;
        case IVSHMEM_EV_DOORBELL:
            st->doorbells += ev.count;
            st->per_vector[ev.vector] += ev.count;
            fprintf(stderr, "testpeer: doorbell from client %u vector %u (x%" PRIu64
                    "); echoing\n", ev.client_id, ev.vector, ev.count);
            if (ivshmem_server_notify(s, ev.vector) == 0)
                st->irqs_sent++;
            break;
        case IVSHMEM_EV_NONE:
            break;
        }
        if (ivshmem_server_connected(s) && sent < o.count && testpeer_now_ms() >= next) {
            if (ivshmem_server_notify(s, 0) == 0)
                st->irqs_sent++;
            sent++;
            next += o.interval_ms;
            if (o.count == LONG_MAX)
                fprintf(stderr, "testpeer: periodic interrupt %ld on vector 0 to client %u\n", sent,
                        ivshmem_server_client_id(s));
            else
                fprintf(stderr, "testpeer: periodic interrupt %ld/%ld on vector 0 to client %u\n",
                        sent, o.count, ivshmem_server_client_id(s));
        }
    }
    fprintf(stderr, "testpeer: stopping\n");
    ivshmem_server_destroy(s);
    return rc;
}
