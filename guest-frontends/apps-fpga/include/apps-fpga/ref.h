/* Plain-C references the tenants check the accelerators against, written
 * for the guest (freestanding, no tables shared with the device model). */
#ifndef APPS_FPGA_REF_H
#define APPS_FPGA_REF_H
#include <stddef.h>
#include <stdint.h>

/* SHA-256 (FIPS 180-4), streaming. */
struct ref_sha256 {
    uint32_t h[8];
    uint64_t len;
    uint8_t buf[64];
    unsigned n;
};
void ref_sha256_init(struct ref_sha256 *c);
void ref_sha256_update(struct ref_sha256 *c, const uint8_t *p, size_t n);
void ref_sha256_final(struct ref_sha256 *c, uint8_t out[32]);

/* AES-128 in CTR mode (SP 800-38A, whole 16-byte block counts big-endian). */
struct ref_aes128ctr {
    uint8_t sbox[256]; /* derived per context: no shared state between tenants */
    uint8_t rk[176];
    uint8_t ctr[16], ks[16];
    unsigned used; /* keystream bytes used of ks; 16 = none left */
};
void ref_aes128ctr_init(struct ref_aes128ctr *c, const uint8_t key[16], const uint8_t ctr[16]);
void ref_aes128ctr_crypt(struct ref_aes128ctr *c, const uint8_t *in, uint8_t *out, size_t n);
void ref_aes128_encrypt_block(const struct ref_aes128ctr *c, const uint8_t in[16], uint8_t out[16]);

/* CRC32C, bit by bit (no table): raw state in and out. */
uint32_t ref_crc32c_update(uint32_t state, const uint8_t *p, size_t n);

/* FIR: int16 samples, Q15 taps, history across calls, as the device. */
struct ref_fir {
    int16_t taps[64];
    int16_t hist[64]; /* hist[j] = x[-1-j] */
    unsigned ntaps;
};
void ref_fir_init(struct ref_fir *f, const int16_t *taps, unsigned ntaps);
/* n samples, int16 little-endian in and out (byte buffers: no aliasing). */
void ref_fir_run(struct ref_fir *f, const uint8_t *in, uint8_t *out, size_t n);

/* C[m][n] int32 = A[m][k] x B[k][n], int8. */
void ref_matmul8(const int8_t *a, const int8_t *b, int32_t *c, uint32_t m, uint32_t n, uint32_t k);
#endif
