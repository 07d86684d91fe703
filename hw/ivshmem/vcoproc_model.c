/* vcoproc-model: one device model (SFPGA or SGPU) behind QEMU's
 * ivshmem-doorbell, as docs/hw/ivshmem.md describes:
 *
 *   vcoproc-model --device sfpga|sgpu --socket PATH --ram PATH
 *                 [--ram-base PA] [--options STR]
 *
 * BAR2 is the model's register pages; a doorbell of peer 0 on any vector
 * makes register stores take effect; the model's interrupts go out as MSI-X
 * vectors; DMA goes into the VM's RAM file. A client that disconnects leaves
 * the model reset for the next one. Time is CLOCK_MONOTONIC. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hw/ivshmem.h"
#include "hw/model.h"
#include "hw/sfpga.h"
#ifdef VCOPROC_MODEL_SGPU
#include "hw/sgpu.h"
#endif

struct model_opts {
    const char *device, *socket, *ram, *options;
    uint64_t ram_base;
};

static volatile sig_atomic_t model_stop;
static void model_on_signal(int sig) { (void)sig; model_stop = 1; }

static int model_usage(const char *why)
{
    fprintf(stderr, "vcoproc-model: %s\n"
            "usage: vcoproc-model --device sfpga|sgpu --socket PATH --ram PATH\n"
            "                     [--ram-base PA] [--options STR]\n", why);
    return 2;
}

static const struct hw_model_ops *model_find(const char *name)
{
    if (!strcmp(name, "sfpga"))
        return &hw_sfpga_model_ops;
#ifdef VCOPROC_MODEL_SGPU
    if (!strcmp(name, "sgpu"))
        return &hw_sgpu_model_ops;
#endif
    return NULL;
}

static int model_parse(int argc, char **argv, struct model_opts *o)
{
    static char why[300];
    *o = (struct model_opts){ .ram_base = 0x40000000ull };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) {
            snprintf(why, sizeof why, "option %s needs a value", a);
            return model_usage(why);
        }
        if (!strcmp(a, "--device") || !strcmp(a, "--model")) { /* --model: hw/model.h's word */
            o->device = v;
        } else if (!strcmp(a, "--socket")) {
            o->socket = v;
        } else if (!strcmp(a, "--ram")) {
            o->ram = v;
        } else if (!strcmp(a, "--options")) {
            o->options = v;
        } else if (!strcmp(a, "--ram-base")) {
            char *end;
            errno = 0;
            o->ram_base = strtoull(v, &end, 0);
            if (errno || *end || *v == '-' || (o->ram_base & 0xfff)) {
                snprintf(why, sizeof why, "bad --ram-base '%s': need a 4 KiB-aligned address", v);
                return model_usage(why);
            }
        } else {
            snprintf(why, sizeof why, "unknown option %s", a);
            return model_usage(why);
        }
        i++;
    }
    if (!o->device || !o->socket || !o->ram)
        return model_usage("--device, --socket and --ram are required");
    if (!model_find(o->device)) {
        snprintf(why, sizeof why, "unknown device '%s' (built in: sfpga%s)", o->device,
#ifdef VCOPROC_MODEL_SGPU
                 ", sgpu"
#else
                 ""
#endif
        );
        return model_usage(why);
    }
    return 0;
}

/* Maps the whole VM RAM file shared, so DMA lands where the guest looks. */
static int model_map_ram(const struct model_opts *o, struct hw_mem *m)
{
    int fd = open(o->ram, O_RDWR | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        fprintf(stderr, "vcoproc-model: cannot open RAM file %s: %s\n", o->ram, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (st.st_size <= 0) {
        fprintf(stderr, "vcoproc-model: RAM file %s is empty\n", o->ram);
        close(fd);
        return -1;
    }
    void *p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        fprintf(stderr, "vcoproc-model: cannot map RAM file %s: %s\n", o->ram, strerror(errno));
        return -1;
    }
    *m = (struct hw_mem){ .base = p, .pa_base = o->ram_base, .size = (uint64_t)st.st_size };
    return 0;
}

static uint64_t model_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* The model's time base: nanoseconds since the process started. */
static uint64_t model_t0;
static uint64_t model_clock(void *ctx)
{
    (void)ctx;
    return model_now() - model_t0;
}

/* Interrupt moderation: at most one message per vector per gap (like a
 * NIC's interrupt throttling). A device that retires a command every few
 * microseconds would otherwise send tens of thousands of messages a second,
 * each one a trip through QEMU and the hypervisor's interrupt pCPU, and a
 * guest could use that to slow everyone down. A message held back goes out
 * when its gap ends; the events it stands for are in the status registers. */
#define MODEL_IRQ_GAP_NS 100000ull
#define MODEL_MAX_VECTORS 32

struct model_irq {
    struct ivshmem_server *srv;
    uint64_t sent, held;
    uint64_t last[MODEL_MAX_VECTORS];     /* when each vector last went out */
    bool pending[MODEL_MAX_VECTORS];
};

static uint64_t model_clock(void *ctx);

static void model_send(struct model_irq *mi, unsigned vector, uint64_t now)
{
    /* No client: the interrupt has nowhere to go; the status bits stay set. */
    if (ivshmem_server_notify(mi->srv, vector) == 0)
        mi->sent++;
    mi->last[vector] = now;
    mi->pending[vector] = false;
}

static void model_raise(void *ctx, unsigned vector)
{
    struct model_irq *mi = ctx;
    uint64_t now = model_clock(NULL);
    if (vector >= MODEL_MAX_VECTORS || now - mi->last[vector] >= MODEL_IRQ_GAP_NS ||
        !mi->last[vector]) {
        model_send(mi, vector < MODEL_MAX_VECTORS ? vector : 0, now);
        return;
    }
    if (!mi->pending[vector])
        mi->held++;
    mi->pending[vector] = true;
}

/* Sends the held messages whose gap has ended; returns when the next one is
 * due (UINT64_MAX: none held). */
static uint64_t model_irq_flush(struct model_irq *mi, uint64_t now)
{
    uint64_t next = UINT64_MAX;
    for (unsigned v = 0; v < MODEL_MAX_VECTORS; v++) {
        if (!mi->pending[v])
            continue;
        uint64_t due = mi->last[v] + MODEL_IRQ_GAP_NS;
        if (due <= now)
            model_send(mi, v, now);
        else if (due < next)
            next = due;
    }
    return next;
}

int main(int argc, char **argv)
{
    struct model_opts o;
    int rc = model_parse(argc, argv, &o);
    if (rc)
        return rc;
    const struct hw_model_ops *ops = model_find(o.device);
    struct hw_mem ram;
    if (model_map_ram(&o, &ram) < 0)
        return 1;

    uint64_t shm = HW_PAGE_SIZE;
    while (shm < (uint64_t)ops->n_pages * HW_PAGE_SIZE)
        shm <<= 1; /* a PCI BAR is a power of two */
    struct ivshmem_server_params p = { .socket_path = o.socket, .shm_fd = -1, .shm_size = shm,
                                       .vectors = ops->n_vectors };
    char err[256];
    struct ivshmem_server *srv = ivshmem_server_create(&p, err, sizeof err);
    if (!srv) {
        fprintf(stderr, "vcoproc-model: %s\n", err);
        munmap(ram.base, ram.size);
        return 1;
    }
    struct model_irq mi = { .srv = srv };
    model_t0 = model_now();
    struct hw_model_env env = { .mem = ram, .regs = ivshmem_server_shm(srv), .raise_irq = model_raise,
                                .irq_ctx = &mi, .options = o.options, .now_ns = 0,
                                .clock = getenv("NOSLIP") ? NULL : model_clock };
    void *model = ops->create(&env, err, sizeof err);
    if (!model) {
        fprintf(stderr, "vcoproc-model: %s\n", err);
        ivshmem_server_destroy(srv);
        munmap(ram.base, ram.size);
        return 1;
    }
    struct sigaction sa = { .sa_handler = model_on_signal };
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    fprintf(stderr, "vcoproc-model: %s on %s: %u register pages in a %" PRIu64 "-byte BAR2, "
            "%u vectors, RAM %s (%" PRIu64 " MiB at 0x%" PRIx64 ")\n", ops->name, o.socket,
            ops->n_pages, shm, ops->n_vectors, o.ram, ram.size >> 20, ram.pa_base);

    uint64_t next = HW_MODEL_IDLE, doorbells = 0;
    while (!model_stop) {
        int64_t timeout = -1;
        uint64_t irq_due = model_irq_flush(&mi, model_clock(NULL));
        uint64_t wake = next != HW_MODEL_IDLE && next < irq_due ? next : irq_due;
        if (wake != UINT64_MAX && wake != HW_MODEL_IDLE) {
            uint64_t now = model_clock(NULL);
            timeout = wake > now ? (int64_t)(wake - now) : 0;
        }
        struct ivshmem_event ev;
        if (ivshmem_server_wait(srv, timeout, &ev) < 0) {
            rc = 1;
            break;
        }
        uint64_t now = model_clock(NULL);
        switch (ev.kind) {
        case IVSHMEM_EV_CONNECT:
            /* No reset here: the client may already be storing into BAR2.
             * The model is in power-on state from creation or from the
             * reset at the previous client's disconnect. */
            fprintf(stderr, "vcoproc-model: client %u connected\n", ev.client_id);
            break;
        case IVSHMEM_EV_DISCONNECT:
            ops->reset(model, now);
            fprintf(stderr, "vcoproc-model: client %u gone after %" PRIu64 " doorbells, %" PRIu64
                    " interrupts (%" PRIu64 " held back by moderation); device reset\n",
                    ev.client_id, doorbells, mi.sent, mi.held);
            doorbells = mi.sent = mi.held = 0;
            for (unsigned v = 0; v < MODEL_MAX_VECTORS; v++)
                mi.pending[v] = false;
            break;
        case IVSHMEM_EV_DOORBELL:
            doorbells += ev.count;
            ops->doorbell(model, now);
            break;
        case IVSHMEM_EV_NONE:
            break;
        }
        next = ops->advance(model, now);
    }
    fprintf(stderr, "vcoproc-model: stopping\n");
    ops->destroy(model);
    ivshmem_server_destroy(srv);
    munmap(ram.base, ram.size);
    return rc;
}
