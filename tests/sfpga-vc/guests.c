/* Test guest programs (see guests.h). */
#include <stdio.h>
#include <string.h>
#include "apps-fpga/ref.h"
#include "apps-fpga/tenant.h"
#include "guests.h"
#include "hw/sfpga_regs.h"
#include "sfpga/sfpga_drv.h"
#include "sim/sgpu_guest.h"

#define BS_SIZE (64u << 10)

static uint64_t now(const struct sgpu_env *env)
{
    return env->ops->now_ns(env->ctx);
}

void g_stream_main(const struct sgpu_env *env, void *arg)
{
    struct g_stream *g = arg;
    struct fpga_slot s;
    struct fpga_buf b;
    uint32_t state = 0xFFFFFFFFu;
    if ((g->err = fpga_slot_open(&s, env, 0)) ||
        (g->err = fpga_load_accel(&s, SFPGA_ACCEL_CRC32C, 0, BS_SIZE)) ||
        (g->err = fpga_buf_alloc(&s, g->bytes, &b)))
        goto out;
    tenant_fill(b.cpu, g->bytes, g->seed);
    for (uint32_t off = 0; off < g->bytes; off += g->piece) {
        uint32_t n = g->bytes - off < g->piece ? g->bytes - off : g->piece;
        uint32_t crc;
        if ((g->err = fpga_crc32c(&s, off == 0, &b, off, n, &crc)))
            goto out;
        state = ref_crc32c_update(state, b.cpu + off, n);
        g->pieces++;
        if (g->pause_ns && env->ops->sleep_until)
            env->ops->sleep_until(env->ctx, now(env) + g->pause_ns);
        /* after a pause (and whatever ran on the slot meanwhile) the
         * registers are still this tenant's own */
        uint64_t src = env->ops->read32(env->ctx, SFPGA_F_SRC_LO) |
                       (uint64_t)env->ops->read32(env->ctx, SFPGA_F_SRC_HI) << 32;
        uint32_t r0 = fpga_job_result(&s, 0), r1 = fpga_job_result(&s, 1);
        uint32_t len = env->ops->read32(env->ctx, SFPGA_F_LEN);
        if (crc != ~state || r0 != ~state || r1 != state || src != b.ipa + off || len != n) {
            if (!g->reg_mismatches++) {
                char line[200];
                snprintf(line, sizeof(line), "stream: piece %u: crc %08x RESULT0 %08x RESULT1 "
                         "%08x want %08x; SRC %llx want %llx; LEN %u want %u", g->pieces, crc,
                         r0, r1, ~state, (unsigned long long)src,
                         (unsigned long long)(b.ipa + off), len, n);
                env->ops->log(env->ctx, line);
            }
        }
    }
    g->crc_final = fpga_job_result(&s, 0);
    g->crc_ref = ~state;
out:
    g->done = true;
}

void g_attack_main(const struct sgpu_env *env, void *arg)
{
    struct g_attack *g = arg;
    struct fpga_slot s;
    struct fpga_buf b;
    g->rc_write = g->rc_read = g->rc_after = -100;
    if (fpga_slot_open(&s, env, 0) || fpga_load_accel(&s, SFPGA_ACCEL_SHA256, 0, BS_SIZE) ||
        fpga_buf_alloc(&s, 4096, &b))
        goto out;
    tenant_fill(b.cpu, 4096, 7);
    /* a digest written to the target: stage 2 must stop it */
    struct fpga_job w = { .src = b.ipa, .dst = g->target, .len = 4096,
                          .flags = SFPGA_SHA_INIT | SFPGA_SHA_FINAL | SFPGA_SHA_TO_DST };
    g->rc_write = fpga_job_run(&s, &w);
    g->fault_write = s.last_fault;
    /* reading the target as input */
    struct fpga_job r = { .src = g->target, .len = 4096, .flags = SFPGA_SHA_INIT | SFPGA_SHA_FINAL };
    g->rc_read = fpga_job_run(&s, &r);
    g->fault_read = s.last_fault;
    /* its own memory still works */
    struct ref_sha256 ref;
    uint8_t want[32], got[32];
    ref_sha256_init(&ref);
    ref_sha256_update(&ref, b.cpu, 4096);
    ref_sha256_final(&ref, want);
    struct fpga_sha256 h;
    g->rc_after = fpga_sha256_begin(&h, &s);
    if (!g->rc_after)
        g->rc_after = fpga_sha256_update(&h, &b, 0, 4096);
    if (!g->rc_after)
        g->rc_after = fpga_sha256_final(&h, got);
    g->after_ok = !g->rc_after && !memcmp(want, got, 32);
out:
    g->done = true;
}

void g_allow_main(const struct sgpu_env *env, void *arg)
{
    struct g_allow *g = arg;
    struct fpga_slot s;
    struct fpga_buf b;
    g->rc_denied = g->rc_allowed = g->rc_job = -100;
    if (fpga_slot_open(&s, env, 0))
        goto out;
    g->rc_denied = fpga_load_accel(&s, g->denied_id, 0, BS_SIZE);
    g->status_denied = s.last_status;
    g->accel_after_denied = env->ops->read32(env->ctx, SFPGA_F_ACCEL_ID);
    g->rc_allowed = fpga_load_accel(&s, g->allowed_id, 0, BS_SIZE);
    if (g->rc_allowed || fpga_buf_alloc(&s, 65536, &b))
        goto out;
    tenant_fill(b.cpu, 65536, 3);
    uint32_t crc = 0;
    g->rc_job = fpga_crc32c(&s, true, &b, 0, 65536, &crc);
    g->job_ok = !g->rc_job && crc == ~ref_crc32c_update(0xFFFFFFFFu, b.cpu, 65536);
out:
    g->done = true;
}

/* One load of a (damaged) image; its CMD_STATUS. */
static unsigned bad_load(struct fpga_slot *s, struct fpga_buf *img, uint32_t len)
{
    fpga_load(s, img, 0, len);
    return s->last_status;
}

static bool good_crc(struct fpga_slot *s, struct fpga_buf *b)
{
    uint32_t crc = 0;
    if (fpga_load_accel(s, SFPGA_ACCEL_CRC32C, 0, BS_SIZE))
        return false;
    return !fpga_crc32c(s, true, b, 0, 8192, &crc) &&
           crc == ~ref_crc32c_update(0xFFFFFFFFu, b->cpu, 8192);
}

void g_bad_main(const struct sgpu_env *env, void *arg)
{
    struct g_bad *g = arg;
    struct fpga_slot s;
    struct fpga_buf img, b, c;
    uint32_t big = g->bs_max + 4096;
    if (fpga_slot_open(&s, env, 0) || fpga_buf_alloc(&s, big, &img) ||
        fpga_buf_alloc(&s, 65536, &b) || fpga_buf_alloc(&s, 65536, &c))
        goto out;
    tenant_fill(b.cpu, 65536, 11);
    g->good_after += good_crc(&s, &b);
    static const uint32_t flips[BAD_CASES] = { 0x00, 0x08, 0x40, 0, 0 };
    for (unsigned i = 0; i < BAD_CASES; i++) {
        uint32_t size = i == BAD_OVERSIZE_CASE ? big : BS_SIZE;
        fpga_bitstream_build(img.cpu, size, SFPGA_ACCEL_CRC32C, 1, 5);
        if (i != BAD_LEN_CASE && i != BAD_OVERSIZE_CASE)
            img.cpu[flips[i]] ^= 0x5a;   /* magic, header-covered field, payload */
        g->status[i] = bad_load(&s, &img, i == BAD_LEN_CASE ? size - 4 : size);
        g->good_after += good_crc(&s, &b);
    }
    /* unaligned and oversize buffers: refused by the library or faulted by
     * the device, never reaching another tenant */
    struct fpga_buf odd = { b.cpu + 1, b.ipa + 1, 4096 };
    if (!fpga_load_accel(&s, SFPGA_ACCEL_FIR, 0, BS_SIZE)) {
        g->rc_align_fir = fpga_fir(&s, &b, 0, 8, true, &odd, 0, &c, 0, 64);
        struct fpga_job j = { .src = b.ipa, .dst = c.ipa, .len = 3 }; /* odd byte count */
        fpga_fir(&s, &b, 0, 8, true, &b, 0, &c, 0, 8); /* taps loaded */
        g->rc_odd_len = fpga_job_run(&s, &j);
        g->fault_odd_len = s.last_fault;
    }
    if (!fpga_load_accel(&s, SFPGA_ACCEL_MATMUL8, 0, BS_SIZE)) {
        struct fpga_buf oc = { c.cpu + 2, c.ipa + 2, 4096 };
        g->rc_align_matmul = fpga_matmul8(&s, &b, &b, &oc, 4, 4, 4);
    }
    if (!fpga_load_accel(&s, SFPGA_ACCEL_CRC32C, 0, BS_SIZE)) {
        g->rc_range = fpga_crc32c(&s, true, &b, 60000, 10000, 0);
        /* a length running off the end of its RAM: stage 2 stops it */
        struct fpga_job j = { .src = b.ipa, .len = 64u << 20, .flags = SFPGA_CRC_INIT };
        g->rc_offram = fpga_job_run(&s, &j);
        g->fault_offram = s.last_fault;
    }
    /* stray accesses: logged and ignored, the guest goes on */
    env->ops->write32(env->ctx, SFPGA_F_STATUS, 0xdead);
    env->ops->write32(env->ctx, FPGA_LOAD_PAGE + SFPGA_P_S2_ROOT_LO, 0x1000);
    env->ops->write32(env->ctx, FPGA_LOAD_PAGE + SFPGA_P_VMID, 7);
    (void)env->ops->read32(env->ctx, 0x1ffc);
    g->good_after += good_crc(&s, &b);
out:
    g->done = true;
}

void g_phases_main(const struct sgpu_env *env, void *arg)
{
    struct g_phases *g = arg;
    struct fpga_slot s;
    tenant_fn fn = tenant_find(g->workload);
    if (!fn || fpga_slot_open(&s, env, 0))
        goto out;
    uint64_t mark = sim_sgpu_guest_heap_used(env);
    for (unsigned i = 0; i < g->nr; i++) {
        if (env->ops->sleep_until)
            env->ops->sleep_until(env->ctx, g->start[i]);
        struct tenant_params p = { .bytes = g->bytes, .rounds = 1, .seed = 100 + i };
        struct tenant_result r;
        fn(&s, &p, &r);
        g->runs++;
        g->ok_runs += r.ok;
        sim_sgpu_guest_heap_release(env, mark);
    }
out:
    g->done = true;
}
