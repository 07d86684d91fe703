/* Independent references the SFPGA model is checked against: OpenSSL for
 * SHA-256 and AES-128-CTR, a byte-table CRC32C, plain C FIR and matmul. */
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "ref.h"

uint32_t ref_crc32c(const uint8_t *p, size_t n)
{
    static uint32_t table[256];
    if (!table[1])
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int b = 0; b < 8; b++)
                c = c & 1 ? (c >> 1) ^ 0x82F63B78u : c >> 1;
            table[i] = c;
        }
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++)
        c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return ~c;
}

void ref_sha256(const uint8_t *p, size_t n, uint8_t out[32])
{
    SHA256(p, n, out);
}

void ref_aes128ctr(const uint8_t key[16], const uint8_t iv[16], const uint8_t *in, uint8_t *out,
                   size_t n)
{
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int len = 0;
    EVP_EncryptInit_ex(c, EVP_aes_128_ctr(), NULL, key, iv);
    EVP_EncryptUpdate(c, out, &len, in, (int)n);
    EVP_CIPHER_CTX_free(c);
}

void ref_fir(const int16_t *taps, unsigned ntaps, const int16_t *x, int16_t *y, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        long long acc = 0;
        for (unsigned k = 0; k < ntaps && k <= i; k++)
            acc += (long long)taps[k] * x[i - k];
        long long q = (acc + 16384) >> 15; /* gcc: arithmetic shift, i.e. floor */
        y[i] = (int16_t)(q > 32767 ? 32767 : q < -32768 ? -32768 : q);
    }
}

void ref_matmul8(const int8_t *a, const int8_t *b, int32_t *c, unsigned m, unsigned n, unsigned k)
{
    for (unsigned i = 0; i < m; i++)
        for (unsigned j = 0; j < n; j++) {
            int32_t s = 0;
            for (unsigned t = 0; t < k; t++)
                s += a[i * k + t] * b[t * n + j];
            c[i * n + j] = s;
        }
}
