/* What the workloads share: input data, stream piece sizes, accounting,
 * the TENANT line, selection by name and the mix. */
#include "apps-fpga/tenant.h"

void tenant_fill(uint8_t *p, size_t n, uint32_t seed)
{
    uint32_t x = seed * 2246822519u + 0x6b43a9b5u;
    if (!x)
        x = 1;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        p[i] = (uint8_t)(x >> 11);
    }
}

uint32_t tenant_piece(const struct tenant_params *p, unsigned i)
{
    static const uint32_t mix[] = { 1, 63, 64, 65, 4095, 4096, 4097, 12345, 0, 65536 + 7,
                                    100000, 3, 8191 };
    if (p && p->chunk)
        return p->chunk;
    return mix[i % (sizeof mix / sizeof mix[0])];
}

uint64_t tenant_now(struct fpga_slot *s) { return s->env.ops->now_ns(s->env.ctx); }

uint32_t tenant_bs_size(const struct tenant_params *p)
{
    return p && p->bs_size ? p->bs_size : 64u << 10;
}

int tenant_status(const struct tenant_result *r)
{
    return r->ok ? 0 : r->err ? r->err : -1;
}

/* Snapshot of the slot counters at the start, kept in the result until the
 * end turns them into differences. */
void tenant_begin(struct fpga_slot *s, struct tenant_result *r, const char *name,
                  const struct tenant_params *p)
{
    fpga_mem_set(r, 0, sizeof *r);
    r->name = name;
    r->ok = true;
    r->rounds = p && p->rounds ? p->rounds : 1;
    r->jobs = s->jobs;
    r->bytes = s->job_bytes;
    r->loads = s->loads;
    r->load_ns = s->load_ns;
}

void tenant_end(struct fpga_slot *s, struct tenant_result *r, int err)
{
    r->jobs = s->jobs - r->jobs;
    r->bytes = s->job_bytes - r->bytes;
    r->loads = s->loads - r->loads;
    r->load_ns = s->load_ns - r->load_ns;
    if (err) {
        r->ok = false;
        if (!r->err)
            r->err = err;
    }
    tenant_report(s, r);
}

void tenant_report(struct fpga_slot *s, const struct tenant_result *r)
{
    struct fpga_line l;
    fpga_line_init(&l);
    fpga_line_str(&l, "TENANT ");
    fpga_line_str(&l, r->name);
    fpga_line_kv(&l, "rounds", r->rounds);
    fpga_line_kv(&l, "bytes", r->bytes);
    fpga_line_kv(&l, "jobs", r->jobs);
    fpga_line_kv(&l, "ok", r->ok);
    fpga_line_kv(&l, "ns", r->ns);
    /* bytes per ns x 1000 = MB/s (10^6 bytes per second) */
    fpga_line_kv(&l, "mb_per_s", r->ns ? r->bytes * 1000 / r->ns : 0);
    fpga_line_kv(&l, "loads", r->loads);
    fpga_line_kv(&l, "load_ns", r->load_ns);
    fpga_line_str(&l, " err=");
    if (r->err < 0) {
        fpga_line_str(&l, "-");
        fpga_line_u64(&l, (uint64_t)-(int64_t)r->err);
    } else {
        fpga_line_u64(&l, (uint64_t)r->err);
    }
    fpga_line_emit(&l, &s->env);
}

static int name_eq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static const struct {
    const char *name;
    tenant_fn fn;
} tenants[] = {
    { "sha256", tenant_sha256 }, { "aes", tenant_aes }, { "crc32c", tenant_crc32c },
    { "fir", tenant_fir },       { "matmul", tenant_matmul },
};

tenant_fn tenant_find(const char *name)
{
    for (unsigned i = 0; name && i < sizeof tenants / sizeof tenants[0]; i++)
        if (name_eq(name, tenants[i].name))
            return tenants[i].fn;
    return 0;
}

int tenant_mix(struct fpga_slot *s, const struct tenant_params *p, struct tenant_result *r)
{
    int failed = 0;
    fpga_mem_set(r, 0, sizeof *r);
    r->name = "mix";
    r->ok = true;
    for (unsigned i = 0; i < sizeof tenants / sizeof tenants[0]; i++) {
        struct tenant_result one;
        tenants[i].fn(s, p, &one);
        if (!one.ok) {
            failed++;
            r->ok = false;
            if (!r->err)
                r->err = one.err;
        }
        r->rounds += one.rounds;
        r->bytes += one.bytes;
        r->jobs += one.jobs;
        r->ns += one.ns;
        r->loads += one.loads;
        r->load_ns += one.load_ns;
    }
    tenant_report(s, r);
    return failed;
}

void tenant_env_main(const struct sgpu_env *env, void *arg)
{
    struct tenant_env_job *j = arg;
    const char *name = j->workload ? j->workload : "mix";
    tenant_fn fn = tenant_find(name);
    j->runs = j->failed = 0;
    if (!fn && !name_eq(name, "mix")) {
        j->open_err = FPGA_E_ARG;
        struct fpga_line l;
        fpga_line_init(&l);
        fpga_line_str(&l, "tenant: no workload named ");
        fpga_line_str(&l, name);
        fpga_line_emit(&l, env);
        return;
    }
    j->open_err = fpga_slot_open(&j->slot, env, j->open_flags);
    if (j->open_err)
        return;
    if (j->timeout_ns)
        j->slot.timeout_ns = j->timeout_ns;
    struct tenant_params p = j->params;
    for (uint32_t i = 0; i < (j->repeat ? j->repeat : 1); i++) {
        int rc = fn ? fn(&j->slot, &p, &j->last) : tenant_mix(&j->slot, &p, &j->last);
        j->runs++;
        if (rc)
            j->failed++;
        p.seed += 101; /* new data each repetition */
    }
}
