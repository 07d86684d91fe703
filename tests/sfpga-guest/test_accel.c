/* Accelerator results through the library, and the guest-side references
 * themselves, checked against OpenSSL (SHA-256, AES-128-CTR), the CPU's
 * SSE4.2 crc32 instruction where there is one (CRC32C), a known answer, and
 * independently written FIR / matmul loops. */
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apps-fpga/ref.h"
#include "apps-fpga/tenant.h"
#include "check.h"
#include "host_env.h"
#include "sfpga/sfpga_drv.h"
#include "sfpga_guest_tests.h"

#define RAM (64ull << 20)
#define BS 65536u

static void ossl_aes_ctr(const uint8_t key[16], const uint8_t iv[16], const uint8_t *in,
                         uint8_t *out, int n)
{
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int l1 = 0, l2 = 0;
    EVP_EncryptInit_ex(c, EVP_aes_128_ctr(), NULL, key, iv);
    EVP_EncryptUpdate(c, out, &l1, in, n);
    EVP_EncryptFinal_ex(c, out + l1, &l2);
    EVP_CIPHER_CTX_free(c);
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) static uint32_t hw_crc32c(const uint8_t *p, size_t n)
{
    uint32_t c = ~0u;
    for (size_t i = 0; i < n; i++)
        c = __builtin_ia32_crc32qi(c, p[i]);
    return ~c;
}
static bool hw_crc_ok(void) { return __builtin_cpu_supports("sse4.2"); }
#else
static uint32_t hw_crc32c(const uint8_t *p, size_t n) { (void)p, (void)n; return 0; }
static bool hw_crc_ok(void) { return false; }
#endif

/* FIR written the other way round: floor division by hand, taps over an
 * explicit signal array with zeros before it. */
static void fir_independent(const int16_t *h, unsigned nt, const int16_t *x, int16_t *y, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        long long acc = 16384;
        for (unsigned k = 0; k < nt; k++)
            if (i >= k)
                acc += (long long)h[k] * x[i - k];
        long long q = acc / 32768;
        if (acc % 32768 && acc < 0)
            q--;
        y[i] = (int16_t)(q > 32767 ? 32767 : q < -32768 ? -32768 : q);
    }
}

static void test_refs(void)
{
    TEST_BEGIN("sfpga-guest-references-vs-openssl");
    uint8_t *buf = malloc(1 << 20), d1[32], d2[32];
    tenant_fill(buf, 1 << 20, 42);
    size_t sizes[] = { 0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 4096, 1 << 20 };
    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        struct ref_sha256 c;
        ref_sha256_init(&c);
        ref_sha256_update(&c, buf, sizes[i] / 3); /* split, to cover the partial block path */
        ref_sha256_update(&c, buf + sizes[i] / 3, sizes[i] - sizes[i] / 3);
        ref_sha256_final(&c, d1);
        SHA256(buf, sizes[i], d2);
        CHECK(memcmp(d1, d2, 32) == 0);
    }
    uint8_t key[16], iv[16], *o1 = malloc(70000), *o2 = malloc(70000);
    for (int t = 0; t < 3; t++) {
        tenant_fill(key, 16, 100 + t);
        tenant_fill(iv, 16, 200 + t);
        if (t == 2)
            memset(iv + 4, 0xff, 12); /* carry out of the low 64 bits */
        struct ref_aes128ctr a;
        ref_aes128ctr_init(&a, key, iv);
        ref_aes128ctr_crypt(&a, buf, o1, 17);
        ref_aes128ctr_crypt(&a, buf + 17, o1 + 17, 70000 - 17);
        ossl_aes_ctr(key, iv, buf, o2, 70000);
        CHECK(memcmp(o1, o2, 70000) == 0);
    }
    CHECK_EQ_U64(~ref_crc32c_update(~0u, (const uint8_t *)"123456789", 9), 0xE3069283u);
    if (hw_crc_ok())
        CHECK_EQ_U64(~ref_crc32c_update(~0u, buf, 100000), hw_crc32c(buf, 100000));
    int16_t h[33], x[3000], y1[3000], y2[3000];
    for (int k = 0; k < 33; k++)
        h[k] = (int16_t)(k * 977 - 15000);
    for (int i = 0; i < 3000; i++)
        x[i] = (int16_t)(buf[2 * i] | buf[2 * i + 1] << 8);
    struct ref_fir f;
    ref_fir_init(&f, h, 33);
    ref_fir_run(&f, (const uint8_t *)x, (uint8_t *)y1, 1000);
    ref_fir_run(&f, (const uint8_t *)(x + 1000), (uint8_t *)(y1 + 1000), 2000);
    fir_independent(h, 33, x, y2, 3000);
    CHECK(memcmp(y1, y2, sizeof y1) == 0);
    int8_t *A = (int8_t *)buf, *B = (int8_t *)buf + 5000;
    int32_t c1[37 * 29], c2[37 * 29] = { 0 };
    ref_matmul8(A, B, c1, 37, 29, 41);
    for (int k = 0; k < 41; k++) /* k outermost: another summation order */
        for (int i = 0; i < 37; i++)
            for (int j = 0; j < 29; j++)
                c2[i * 29 + j] += A[i * 41 + k] * B[k * 29 + j];
    CHECK(memcmp(c1, c2, sizeof c1) == 0);
    free(buf), free(o1), free(o2);
    TEST_END();
}

static int rig_open(struct host_env *h, struct fpga_slot *s)
{
    struct sgpu_env env;
    if (host_env_init(h, RAM, 4, 3))
        return -1;
    host_env_bind(h, &env);
    return fpga_slot_open(s, &env, 0);
}

static void test_sha_stream(void)
{
    TEST_BEGIN("sfpga-guest-sha256-streaming-many-chunks");
    struct host_env h;
    struct fpga_slot s;
    CHECK(rig_open(&h, &s) == 0);
    const size_t n = 4u << 20;
    struct fpga_buf b;
    CHECK(fpga_buf_alloc(&s, n, &b) == 0);
    tenant_fill(b.cpu, n, 7);
    CHECK(fpga_load_accel(&s, SFPGA_ACCEL_SHA256, 0, BS) == 0);
    struct fpga_sha256 c;
    CHECK(fpga_sha256_begin(&c, &s) == 0);
    unsigned chunks = 0;
    uint32_t x = 12345;
    for (size_t off = 0; off < n; chunks++) {
        x = x * 1103515245u + 12345u;
        size_t len = (x >> 8) % 8200; /* 0 .. 8199: crosses blocks and device chunks */
        if (len > n - off)
            len = n - off;
        if (fpga_sha256_update(&c, &b, off, len)) {
            CHECK(0);
            break;
        }
        off += len;
    }
    uint8_t d[32], want[32];
    CHECK(fpga_sha256_final(&c, d) == 0);
    SHA256(b.cpu, n, want);
    CHECK(chunks >= 1000);
    CHECK(memcmp(d, want, 32) == 0);
    /* the empty message in one job (INIT|FINAL, LEN 0) */
    CHECK(fpga_sha256_begin(&c, &s) == 0);
    CHECK(fpga_sha256_final(&c, d) == 0);
    SHA256(b.cpu, 0, want);
    CHECK(memcmp(d, want, 32) == 0);
    printf("  %u chunks over %zu bytes, %llu jobs\n", chunks, n, (unsigned long long)s.jobs);
    host_env_fini(&h);
    TEST_END();
}

static void test_device_vs_openssl(void)
{
    TEST_BEGIN("sfpga-guest-accelerators-vs-openssl");
    struct host_env h;
    struct fpga_slot s;
    CHECK(rig_open(&h, &s) == 0);
    const size_t n = 300001;
    struct fpga_buf in, out;
    CHECK(fpga_buf_alloc(&s, n, &in) == 0 && fpga_buf_alloc(&s, n, &out) == 0);
    tenant_fill(in.cpu, n, 99);
    uint8_t key[16], iv[16], *want = malloc(n);
    tenant_fill(key, 16, 1);
    memset(iv, 0xff, 16); /* the counter wraps to zero at once */
    CHECK(fpga_load_accel(&s, SFPGA_ACCEL_AES128CTR, 0, BS) == 0);
    CHECK(fpga_aes128ctr(&s, key, iv, &in, 0, &out, 0, 5) == 0);
    CHECK(fpga_aes128ctr(&s, NULL, NULL, &in, 5, &out, 5, n - 5) == 0);
    ossl_aes_ctr(key, iv, in.cpu, want, (int)n);
    CHECK(memcmp(out.cpu, want, n) == 0);
    CHECK(fpga_load_accel(&s, SFPGA_ACCEL_CRC32C, 0, BS) == 0);
    uint32_t crc = 0;
    CHECK(fpga_crc32c(&s, true, &in, 0, 1000, &crc) == 0);
    CHECK(fpga_crc32c(&s, false, &in, 1000, n - 1000, &crc) == 0);
    CHECK_EQ_U64(crc, ~ref_crc32c_update(~0u, in.cpu, n));
    if (hw_crc_ok())
        CHECK_EQ_U64(crc, hw_crc32c(in.cpu, n));
    free(want);
    host_env_fini(&h);
    TEST_END();
}

void sfpga_guest_test_accel(void)
{
    test_refs();
    test_sha_stream();
    test_device_vs_openssl();
}
