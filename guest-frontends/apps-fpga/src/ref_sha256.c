/* SHA-256 reference (FIPS 180-4) for the tenants' checks. */
#include "apps-fpga/ref.h"

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha_compress(uint32_t h[8], const uint8_t *blk)
{
    uint32_t w[16], v[8];
    for (int i = 0; i < 8; i++)
        v[i] = h[i];
    for (int t = 0; t < 64; t++) {
        uint32_t wt;
        if (t < 16) {
            wt = (uint32_t)blk[4 * t] << 24 | (uint32_t)blk[4 * t + 1] << 16 |
                 (uint32_t)blk[4 * t + 2] << 8 | blk[4 * t + 3];
        } else { /* message schedule kept in a 16-word ring */
            uint32_t a = w[(t - 15) & 15], b = w[(t - 2) & 15];
            wt = w[t & 15] + (ROR(a, 7) ^ ROR(a, 18) ^ (a >> 3)) + w[(t - 7) & 15] +
                 (ROR(b, 17) ^ ROR(b, 19) ^ (b >> 10));
        }
        w[t & 15] = wt;
        uint32_t e = v[4], a = v[0];
        uint32_t t1 = v[7] + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & v[5]) ^ (~e & v[6])) +
                      K[t] + wt;
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) +
                      ((a & v[1]) ^ (a & v[2]) ^ (v[1] & v[2]));
        for (int i = 7; i > 0; i--)
            v[i] = v[i - 1];
        v[4] += t1;
        v[0] = t1 + t2;
    }
    for (int i = 0; i < 8; i++)
        h[i] += v[i];
}

void ref_sha256_init(struct ref_sha256 *c)
{
    static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    for (int i = 0; i < 8; i++)
        c->h[i] = iv[i];
    c->len = 0;
    c->n = 0;
}

void ref_sha256_update(struct ref_sha256 *c, const uint8_t *p, size_t n)
{
    c->len += n;
    while (n) {
        if (c->n == 0 && n >= 64) {
            sha_compress(c->h, p);
            p += 64;
            n -= 64;
            continue;
        }
        c->buf[c->n++] = *p++;
        n--;
        if (c->n == 64) {
            sha_compress(c->h, c->buf);
            c->n = 0;
        }
    }
}

void ref_sha256_final(struct ref_sha256 *c, uint8_t out[32])
{
    uint64_t bits = c->len * 8;
    uint8_t pad = 0x80;
    ref_sha256_update(c, &pad, 1);
    pad = 0;
    while (c->n != 56)
        ref_sha256_update(c, &pad, 1);
    uint8_t lenb[8];
    for (int i = 0; i < 8; i++)
        lenb[i] = (uint8_t)(bits >> (56 - 8 * i));
    ref_sha256_update(c, lenb, 8);
    for (int i = 0; i < 8; i++)
        for (int k = 0; k < 4; k++)
            out[4 * i + k] = (uint8_t)(c->h[i] >> (24 - 8 * k));
}
