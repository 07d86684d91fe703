/* ivi-passthrough: the IVI workload (guest-frontends/apps ivi) alone on an
 * SGPU passed through to it: the native SGPU guest library drives the
 * in-process SGPU model directly (tests/sgpu-guest/host_env.c: stage 2 off,
 * no hypervisor, no vcoproc driver) on a virtual clock. This is the
 * reference the shared runs of bench/suites/sgpu.sh are divided by.
 *
 *   ivi-passthrough [--size N] [--duration T] [--per-batch N] [--mmio-ns N]
 *                   [--json FILE]
 *
 * Defaults are those of bench/sgpu/ivi-*.scn: size 64 (m = n = k),
 * 900 ms of virtual time, 4 sgemm per batch, and register accesses that
 * take no virtual time (the simulator charges none for a trapped access
 * either, so both sides run on the same cost model: the model's command
 * costs). Prints one line and, with --json, one JSON object. Exits 1 when
 * the run could not be made or its results do not verify. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apps/workloads.h"
#include "host_env.h"

/* Guest RAM beyond the three matrices: the driver's ring, fences and
 * stage-1 page tables. */
#define IVI_PT_RAM_SLACK (16ull << 20)

struct ivi_pt_opts {
    uint32_t size, per_batch;
    uint64_t duration_ns, mmio_ns;
    const char *json;
};

static int ivi_pt_usage(const char *why)
{
    fprintf(stderr, "ivi-passthrough: %s\n"
            "usage: ivi-passthrough [--size N] [--duration T] [--per-batch N] [--mmio-ns N] [--json FILE]\n"
            "  T takes ns, us, ms or s (bare number: ns)\n", why);
    return 2;
}

/* A non-negative integer, all of s, at most max. */
static bool ivi_pt_parse_u64(const char *s, uint64_t max, uint64_t *out)
{
    char *end;
    if (!s || *s < '0' || *s > '9')
        return false;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v > max)
        return false;
    *out = v;
    return true;
}

/* A time such as 900ms, 1.5s or 250000 (ns). */
static bool ivi_pt_parse_time(const char *s, uint64_t *out)
{
    static const struct { const char *unit; double ns; } units[] = {
        { "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 }, { "", 1 },
    };
    char *end;
    if (!s || *s < '0' || *s > '9')
        return false;
    errno = 0;
    double v = strtod(s, &end);
    if (errno)
        return false;
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        if (!strcmp(end, units[i].unit)) {
            double ns = v * units[i].ns;
            if (ns < 1 || ns > 3600e9)
                return false;
            *out = (uint64_t)(ns + 0.5);
            return true;
        }
    }
    return false;
}

static int ivi_pt_parse(int argc, char **argv, struct ivi_pt_opts *o)
{
    char why[160];
    *o = (struct ivi_pt_opts){ .size = 64, .per_batch = 4, .duration_ns = 900000000ull, .mmio_ns = 0 };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL, *want;
        uint64_t n = 0;
        bool ok;
        if (!strcmp(a, "--size")) {
            want = "an integer 1..4096";
            ok = ivi_pt_parse_u64(v, 4096, &n) && n >= 1;
            o->size = (uint32_t)n;
        } else if (!strcmp(a, "--per-batch")) {
            want = "an integer 1..64";
            ok = ivi_pt_parse_u64(v, 64, &n) && n >= 1;
            o->per_batch = (uint32_t)n;
        } else if (!strcmp(a, "--duration")) {
            want = "a time 1ns..1h, e.g. 900ms";
            ok = ivi_pt_parse_time(v, &o->duration_ns);
        } else if (!strcmp(a, "--mmio-ns")) {
            want = "an integer 0..1000000";
            ok = ivi_pt_parse_u64(v, 1000000, &o->mmio_ns);
        } else if (!strcmp(a, "--json")) {
            want = "a file name";
            ok = v && *v;
            o->json = v;
        } else {
            snprintf(why, sizeof(why), "unknown option \"%s\"", a);
            return ivi_pt_usage(why);
        }
        if (!ok) {
            snprintf(why, sizeof(why), "%s: %s \"%s\", want %s", a, v ? "bad value" : "missing value",
                     v ? v : "", want);
            return ivi_pt_usage(why);
        }
        i++;
    }
    return 0;
}

static int ivi_pt_write_json(const struct ivi_pt_opts *o, const struct ivi_result *r,
                             const struct host_env *h, int rc)
{
    FILE *f = fopen(o->json, "w");
    if (!f) {
        fprintf(stderr, "ivi-passthrough: cannot write %s: %s\n", o->json, strerror(errno));
        return 1;
    }
    fprintf(f, "{\"app\":\"ivi\",\"mode\":\"passthrough\",\"rc\":%d,\"m\":%u,\"n\":%u,\"k\":%u,"
            "\"per_batch\":%u,\"duration_ns\":%llu,\"mmio_ns\":%llu,\"batches\":%u,\"flop\":%llu,"
            "\"elapsed_ns\":%llu,\"mflops\":%llu,\"checked\":%u,\"bad\":%u,\"irqs\":%llu,"
            "\"reads\":%llu,\"writes\":%llu}\n",
            rc, o->size, o->size, o->size, o->per_batch, (unsigned long long)o->duration_ns,
            (unsigned long long)o->mmio_ns, r->batches, (unsigned long long)r->flop,
            (unsigned long long)r->elapsed_ns, (unsigned long long)r->mflops, r->checked, r->bad,
            (unsigned long long)h->irqs, (unsigned long long)h->reads, (unsigned long long)h->writes);
    if (fclose(f)) {
        fprintf(stderr, "ivi-passthrough: cannot write %s: %s\n", o->json, strerror(errno));
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct ivi_pt_opts o;
    int rc = ivi_pt_parse(argc, argv, &o);
    if (rc)
        return rc;

    struct host_env h;
    uint64_t ram = 3 * 4ull * o.size * o.size + IVI_PT_RAM_SLACK;
    if (host_env_init(&h, ram, SGPU_EXEC_BUILTIN)) {
        fprintf(stderr, "ivi-passthrough: cannot set up the SGPU model\n");
        return 1;
    }
    h.mmio_cost_ns = o.mmio_ns;
    int err = 0;
    struct sgpu_dev *d = sgpu_dev_open(&h.env, NULL, &err);
    if (!d) {
        fprintf(stderr, "ivi-passthrough: sgpu_dev_open: %s\n", sgpu_err_str(err));
        host_env_free(&h);
        return 1;
    }
    struct ivi_params p;
    struct ivi_result r;
    ivi_defaults(&p);
    p.batches = 0;
    p.duration_ns = o.duration_ns;
    p.m = p.n = p.k = o.size;
    p.per_batch = o.per_batch;
    rc = ivi_run(d, &p, &r);
    printf("ivi passthrough: rc %d, %u batches, %llu flop in %llu ns: %llu MFLOP/s, %u checked (%u bad)\n",
           rc, r.batches, (unsigned long long)r.flop, (unsigned long long)r.elapsed_ns,
           (unsigned long long)r.mflops, r.checked, r.bad);
    if (rc && r.bad == 0)
        fprintf(stderr, "ivi-passthrough: ivi_run: %s\n", sgpu_err_str(rc));
    int out = rc || !r.batches || r.bad ? 1 : 0;
    if (o.json && ivi_pt_write_json(&o, &r, &h, rc))
        out = 1;
    host_env_free(&h);
    return out;
}
