/* SGPU benchmark: host throughput of every kernel on the built-in and the
 * OpenCL executor side by side (plus the modelled device rate), COPY/FILL
 * throughput, and the cost of one context save and restore. Writes JSON to
 * the path given and prints a table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kcase.h"

#define BENCH_REPS 5

static const unsigned bench_scale[KCASE_COUNT] = { 50, 8, 7, 16, 8 };

static double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int bench_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

struct bench_row {
    const char *name, *unit;
    double rate[2], model, event_rate;
    unsigned bad[2];
    bool opencl_active;
};

/* Best host seconds of one DISPATCH; also the modelled rate. */
static double bench_kernel(enum sgpu_executor_kind ex, int which, struct bench_row *row)
{
    struct rig r;
    rig_init(&r, ex, false);
    rig_start_dom(&r, 0);
    struct kcase k;
    kcase_setup(&k, which, bench_scale[which], &r, 0, 42);
    row->name = k.name;
    row->unit = k.unit;
    if (ex == SGPU_EXEC_OPENCL)
        row->opencl_active = sgpu_executor(r.g) == SGPU_EXEC_OPENCL;
    double t[BENCH_REPS];
    /* rep -1: event by event on virtual time, as the simulator drives it
     * (also checks the result and gives the modelled rate); then "native":
     * one advance far into the future, so the engine batches everything. */
    for (int rep = -1; rep < BENCH_REPS; rep++) {
        kcase_reset_data(&k, &r, 0, 42);
        uint64_t t0 = r.now;
        double h0 = bench_now();
        kcase_emit(&k, &r, 0);
        rig_submit(&r);
        if (rep < 0) {
            rig_run(&r, 100000000);
        } else {
            r.now += 1000000000000ull;
            sgpu_advance(r.g, r.now);
        }
        double h1 = bench_now();
        if (rep < 0) {
            double worst;
            row->bad[ex] = kcase_check(&k, &r, 0, &worst);
            row->model = (double)k.work / ((double)(r.now - t0) * 1e-9) / 1e9;
            if (ex == SGPU_EXEC_BUILTIN)
                row->event_rate = (double)k.work / (h1 - h0) / 1e9;
        } else {
            t[rep] = h1 - h0;
        }
    }
    qsort(t, BENCH_REPS, sizeof(double), bench_cmp);
    row->rate[ex] = (double)k.work / t[0] / 1e9; /* best of: the machine is shared */
    rig_free(&r);
    return t[0];
}

/* GB/s of an 8 MiB COPY (or FILL). */
static double bench_xfer(bool fill)
{
    struct rig r;
    rig_init(&r, SGPU_EXEC_BUILTIN, false);
    rig_start_dom(&r, 0);
    const uint64_t len = 4u << 20;
    uint64_t a = rig_alloc(&r, 0, len), b = rig_alloc(&r, 0, len);
    double t[BENCH_REPS];
    for (int rep = 0; rep < BENCH_REPS; rep++) {
        uint32_t w[8];
        unsigned n = fill ? rig_cmd_fill(w, b, len, 0x01020304) : rig_cmd_copy(w, a, b, len);
        double h0 = bench_now();
        rig_emit(&r, 0, w, n);
        rig_submit(&r);
        r.now += 1000000000000ull;
        sgpu_advance(r.g, r.now);
        t[rep] = bench_now() - h0;
    }
    qsort(t, BENCH_REPS, sizeof(double), bench_cmp);
    rig_free(&r);
    return (double)len / t[0] / 1e9;
}

/* Host ns of one save (PREEMPT of an engine mid-DISPATCH) and one restore. */
static void bench_ctx(double *save_ns, double *restore_ns, uint64_t *model_ns)
{
    struct rig r;
    rig_init(&r, SGPU_EXEC_BUILTIN, false);
    rig_start_dom(&r, 0);
    const int iters = 2000;
    double ts = 0, tr = 0;
    uint32_t w[4];
    for (int i = 0; i < iters; i++) {
        rig_emit(&r, 0, w, rig_cmd_busy(w, 1000000, false));
        rig_submit(&r);
        r.now += 1000;
        double h0 = bench_now();
        rig_preempt(&r, 10);
        double h1 = bench_now();
        *model_ns = rig_r64(&r, SGPU_PAGE_PRIV, SGPU_P_PREEMPT_NS);
        rig_resume(&r, 0);
        double h2 = bench_now();
        ts += h1 - h0;
        tr += h2 - h1;
        rig_run(&r, 100);
    }
    *save_ns = ts / iters * 1e9;
    *restore_ns = tr / iters * 1e9;
    rig_free(&r);
}

int main(int argc, char **argv)
{
    const char *out = argc > 1 ? argv[1] : "build/bench/hw-sgpu.json";
    struct bench_row rows[KCASE_COUNT];
    memset(rows, 0, sizeof(rows));
    for (int i = 0; i < KCASE_COUNT; i++) {
        bench_kernel(SGPU_EXEC_BUILTIN, i, &rows[i]);
        bench_kernel(SGPU_EXEC_OPENCL, i, &rows[i]);
    }
    double copy = bench_xfer(false), fill = bench_xfer(true);
    double save_ns, restore_ns;
    uint64_t model_ns = 0;
    bench_ctx(&save_ns, &restore_ns, &model_ns);

    printf("SGPU model throughput on the host (best of %d, one batch); per-event = built-in driven\n"
           "event by event on virtual time; modelled = the device's own timing model\n", BENCH_REPS);
    printf("%-8s %-8s %10s %10s %10s %10s  %s\n", "kernel", "unit", "built-in", "OpenCL", "per-event",
           "modelled", "check");
    for (int i = 0; i < KCASE_COUNT; i++)
        printf("%-8s %-8s %10.3f %10.3f %10.3f %10.3f  %s%s\n", rows[i].name, rows[i].unit, rows[i].rate[0],
               rows[i].rate[1], rows[i].event_rate, rows[i].model,
               rows[i].bad[0] + rows[i].bad[1] ? "MISMATCH" : "ok",
               rows[i].opencl_active ? "" : " (OpenCL unavailable: built-in ran)");
    printf("COPY %.3f GB/s, FILL %.3f GB/s (host, 4 MiB)\n", copy, fill);
    printf("context save: %u bytes, modelled %llu ns, host %.0f ns; restore host %.0f ns\n",
           sgpu_ctx_size(), (unsigned long long)model_ns, save_ns, restore_ns);

    FILE *f = fopen(out, "w");
    if (!f) {
        fprintf(stderr, "bench-sgpu: cannot write %s\n", out);
        return 1;
    }
    fprintf(f, "{\n  \"name\": \"hw-sgpu\",\n  \"kernels\": [\n");
    for (int i = 0; i < KCASE_COUNT; i++)
        fprintf(f, "    {\"kernel\": \"%s\", \"unit\": \"%s\", \"builtin\": %.4f, \"opencl\": %.4f, "
                   "\"builtin_per_event\": %.4f, \"modelled\": %.4f, \"opencl_active\": %s, \"mismatches\": %u}%s\n",
                rows[i].name, rows[i].unit, rows[i].rate[0], rows[i].rate[1], rows[i].event_rate, rows[i].model,
                rows[i].opencl_active ? "true" : "false", rows[i].bad[0] + rows[i].bad[1],
                i + 1 < KCASE_COUNT ? "," : "");
    fprintf(f, "  ],\n  \"copy_gbs\": %.4f,\n  \"fill_gbs\": %.4f,\n", copy, fill);
    fprintf(f, "  \"context\": {\"bytes\": %u, \"save_model_ns\": %llu, \"save_host_ns\": %.0f, "
               "\"restore_host_ns\": %.0f}\n}\n",
            sgpu_ctx_size(), (unsigned long long)model_ns, save_ns, restore_ns);
    fclose(f);
    int bad = 0;
    for (int i = 0; i < KCASE_COUNT; i++)
        bad += rows[i].bad[0] + rows[i].bad[1];
    return bad ? 1 : 0;
}
