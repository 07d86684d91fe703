/* The three SGPU workloads on the in-process model through the host
 * environment: checker passes every kernel, cluster frames match a CPU
 * rendering (CRC of the framebuffer) and meet their deadlines, ivi's
 * samples match and its throughput is within the model's bounds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apps/ref.h"
#include "apps/workloads.h"
#include "check.h"
#include "host_env.h"

#define RAM_BYTES (64ull << 20)

static enum sgpu_executor_kind executor = SGPU_EXEC_BUILTIN;

static bool split64;

static struct sgpu_dev *open_dev(struct host_env *h)
{
    int err = 0;
    if (host_env_init(h, RAM_BYTES, executor))
        return NULL;
    h->split64 = split64;
    struct sgpu_dev *d = sgpu_dev_open(&h->env, NULL, &err);
    if (!d)
        printf("  sgpu_dev_open: %s\n", sgpu_err_str(err));
    return d;
}

static void test_checker(const char *name)
{
    struct host_env h;
    TEST_BEGIN(name);
    struct sgpu_dev *d = open_dev(&h);
    CHECK(d != NULL);
    if (d) {
        /* The executor asked for is the one that runs (no silent fallback). */
        CHECK_EQ_U64(sgpu_executor(h.g), executor);
        CHECK_EQ_U64(sgpu_dev_info(d)->opencl, executor == SGPU_EXEC_OPENCL);
        struct checker_params p;
        struct checker_result r;
        checker_defaults(&p);
        p.rounds = 2;
        CHECK(checker_run(d, &p, &r) == 0);
        CHECK_EQ_U64(r.pass, 2 * 9);
        CHECK_EQ_U64(r.fail, 0);
        CHECK(host_env_log_has(&h, "CHECKER pass=18 fail=0"));
        CHECK(host_env_log_has(&h, "CHECK raster ok"));
    }
    host_env_free(&h);
    TEST_END();
}

/* The last frame rendered on the host, independently of the app's own
 * verification, into a malloc'ed framebuffer. */
static uint32_t cluster_ref_crc(uint32_t frame, uint32_t w, uint32_t h)
{
    uint32_t *fb = malloc(4ull * w * h);
    struct sgpu_triangle t[4];
    cluster_scene(frame, w, h, t);
    for (uint64_t i = 0; i < (uint64_t)w * h; i++)
        fb[i] = 0xff302018u;
    for (int i = 0; i < 3; i++)
        ref_raster(fb, w, h, 4 * w, &t[i]);
    uint32_t crc = ref_crc32(fb, 4ull * w * h);
    free(fb);
    return crc;
}

static void test_cluster(void)
{
    struct host_env h;
    TEST_BEGIN("sgpu-guest-cluster");
    struct sgpu_dev *d = open_dev(&h);
    CHECK(d != NULL);
    if (d) {
        struct cluster_params p;
        struct cluster_result r;
        cluster_defaults(&p);
        p.frames = 120;
        p.verify_every = 10;
        uint64_t t0 = h.now, acc0 = h.reads + h.writes;
        CHECK(cluster_run(d, &p, &r) == 0);
        uint64_t per_frame = (h.reads + h.writes - acc0) / 120;
        CHECK_EQ_U64(r.frames, 120);
        CHECK_EQ_U64(r.misses, 0);
        CHECK_EQ_U64(r.errors, 0);
        CHECK_EQ_U64(r.verified, 12);
        CHECK_EQ_U64(r.bad_frames, 0);
        CHECK_EQ_U64(r.fb_crc, cluster_ref_crc(119, p.width, p.height));
        /* A frame costs the device tens of microseconds; the run lasts
         * frames + 1 periods of virtual time. */
        CHECK(r.p50_ns > 1000 && r.p50_ns <= r.p99_ns && r.p99_ns <= r.max_ns);
        CHECK(r.max_ns < p.period_ns);
        CHECK(h.now - t0 >= 120 * p.period_ns && h.now - t0 < 122 * p.period_ns);
        CHECK(host_env_log_has(&h, "CLUSTER frames=120 misses=0"));
        /* Under a hypervisor every register access is a trap: a frame
         * takes six (tail; interrupt status and fence before the wait;
         * interrupt status, clear and fence after it), none per command. */
        CHECK(per_frame <= 6);
        printf("  cluster: p50 %llu ns p99 %llu ns max %llu ns, %llu IRQs, %llu register accesses a frame\n",
               (unsigned long long)r.p50_ns, (unsigned long long)r.p99_ns, (unsigned long long)r.max_ns,
               (unsigned long long)h.irqs, (unsigned long long)per_frame);

        /* A deadline shorter than any frame: every frame is a miss. */
        p.frames = 10;
        p.verify_every = 0;
        p.deadline_ns = 1000;
        CHECK(cluster_run(d, &p, &r) == 0);
        CHECK_EQ_U64(r.misses, 10);
        CHECK_EQ_U64(r.bad_frames, 0);
    }
    host_env_free(&h);
    TEST_END();
}

static void test_ivi(void)
{
    struct host_env h;
    TEST_BEGIN("sgpu-guest-ivi");
    struct sgpu_dev *d = open_dev(&h);
    CHECK(d != NULL);
    if (d) {
        struct ivi_params p;
        struct ivi_result r;
        ivi_defaults(&p);
        p.duration_ns = 0;
        p.batches = 12;
        p.m = 96;
        p.n = 80;
        p.k = 64;
        CHECK(ivi_run(d, &p, &r) == 0);
        CHECK_EQ_U64(r.batches, 12);
        CHECK_EQ_U64(r.checked, 32);
        CHECK_EQ_U64(r.bad, 0);
        CHECK_EQ_U64(r.flop, 12ull * 4 * 2 * 96 * 80 * 64);
        /* The model's DISPATCH cost caps sgemm at 64 GFLOP/s; with two
         * batches queued the device never idles, so well above 1. */
        CHECK(r.mflops > 1000 && r.mflops < 64000);
        printf("  ivi: %u batches, %llu MFLOP/s of device time\n", r.batches, (unsigned long long)r.mflops);

        /* Time-bounded mode. */
        p.batches = 0;
        p.duration_ns = 5000000;
        uint64_t t0 = h.now;
        CHECK(ivi_run(d, &p, &r) == 0);
        CHECK(r.batches > 2);
        CHECK(h.now - t0 >= 5000000);
        CHECK_EQ_U64(r.bad, 0);

        p.batches = 0;
        p.duration_ns = 0;
        CHECK(ivi_run(d, &p, &r) == SGPU_ERR_INVAL);
        CHECK(host_env_log_has(&h, "ivi: bad parameters"));
    }
    host_env_free(&h);
    TEST_END();
}

int main(int argc, char **argv)
{
    /* --opencl: the checker once more, on the OpenCL executor. */
    if (argc > 1 && !strcmp(argv[1], "--opencl")) {
        executor = SGPU_EXEC_OPENCL;
        test_checker("sgpu-guest-checker-opencl");
        return CHECK_EXIT_CODE();
    }
    test_checker("sgpu-guest-checker");
    /* An environment whose 64-bit register accesses are two 32-bit ones. */
    split64 = true;
    test_checker("sgpu-guest-checker-split64");
    split64 = false;
    test_cluster();
    test_ivi();
    return CHECK_EXIT_CODE();
}
