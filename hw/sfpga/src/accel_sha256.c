/* SHA-256 accelerator (FIPS 180-4), streaming: a message may span many jobs
 * (INIT on the first, FINAL on the last) and be preempted anywhere, so the
 * whole state -- chaining value, length and the partial block -- is saved. */
#include <string.h>

#include "sfpga_internal.h"

#define SHA_PS_PER_BYTE 2000u /* 500 MB/s */

static const uint32_t sha_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t sha_ror(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

static void sha_block(uint32_t h[8], const uint8_t *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = sha_ror(w[i - 15], 7) ^ sha_ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = sha_ror(w[i - 2], 17) ^ sha_ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = k + (sha_ror(e, 6) ^ sha_ror(e, 11) ^ sha_ror(e, 25)) +
                      ((e & f) ^ (~e & g)) + sha_k[i] + w[i];
        uint32_t t2 = (sha_ror(a, 2) ^ sha_ror(a, 13) ^ sha_ror(a, 22)) +
                      ((a & b) ^ (a & c) ^ (b & c));
        k = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}

static void sha_init(struct sfpga_slot *s)
{
    static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    memcpy(s->st.sha.h, iv, sizeof iv);
    s->st.sha.nbytes = 0;
    s->st.sha.buflen = 0;
    memset(s->st.sha.buf, 0, sizeof s->st.sha.buf);
}

static void sha_update(struct sfpga_sha_state *st, const uint8_t *p, size_t n)
{
    st->nbytes += n;
    if (st->buflen) {
        size_t take = 64 - st->buflen < n ? 64 - st->buflen : n;
        memcpy(st->buf + st->buflen, p, take);
        st->buflen += (uint32_t)take;
        p += take;
        n -= take;
        if (st->buflen < 64)
            return;
        sha_block(st->h, st->buf);
        st->buflen = 0;
    }
    for (; n >= 64; p += 64, n -= 64)
        sha_block(st->h, p);
    memcpy(st->buf, p, n);
    st->buflen = (uint32_t)n;
}

static unsigned sha_start(struct sfpga_slot *s)
{
    if (s->job.flags & SFPGA_SHA_INIT)
        sha_init(s);
    return SFPGA_FAULT_NONE;
}

static uint32_t sha_total(const struct sfpga_slot *s) { return s->job.len; }

static uint64_t sha_cost(const struct sfpga_slot *s, uint32_t units)
{
    (void)s;
    return (uint64_t)units * SHA_PS_PER_BYTE;
}

static unsigned sha_run(struct sfpga_slot *s, uint32_t first, uint32_t units)
{
    uint8_t buf[SFPGA_CHUNK_BYTES];
    unsigned f = sfpga_dma_read(s, s->job.src + first, buf, units);
    if (f == SFPGA_FAULT_NONE)
        sha_update(&s->st.sha, buf, units);
    return f;
}

static unsigned sha_finish(struct sfpga_slot *s)
{
    if (!(s->job.flags & SFPGA_SHA_FINAL))
        return SFPGA_FAULT_NONE;
    struct sfpga_sha_state st = s->st.sha; /* pad a copy: a faulted write keeps the state */
    uint64_t bits = st.nbytes * 8;
    uint8_t pad[72] = { 0x80 };
    size_t padlen = (st.buflen < 56 ? 56 : 120) - st.buflen;
    for (int i = 0; i < 8; i++)
        pad[padlen + i] = (uint8_t)(bits >> (56 - 8 * i));
    sha_update(&st, pad, padlen + 8);
    uint8_t digest[32];
    for (int i = 0; i < 8; i++) {
        digest[4 * i] = (uint8_t)(st.h[i] >> 24);
        digest[4 * i + 1] = (uint8_t)(st.h[i] >> 16);
        digest[4 * i + 2] = (uint8_t)(st.h[i] >> 8);
        digest[4 * i + 3] = (uint8_t)st.h[i];
    }
    if (s->job.flags & SFPGA_SHA_TO_DST) {
        unsigned f = sfpga_dma_write(s, s->job.dst, digest, sizeof digest);
        if (f != SFPGA_FAULT_NONE)
            return f;
    }
    for (int i = 0; i < 8; i++)
        s->result[i] = sfpga_le32(digest + 4 * i); /* register bytes = digest bytes */
    sha_init(s); /* the next message needs no INIT */
    return SFPGA_FAULT_NONE;
}

/* Context: h[8] (32), nbytes (8), buflen (4), reserved (4), buf (64). */
static void sha_save(const struct sfpga_slot *s, uint8_t *out)
{
    for (int i = 0; i < 8; i++)
        sfpga_put_le32(out + 4 * i, s->st.sha.h[i]);
    sfpga_put_le64(out + 32, s->st.sha.nbytes);
    sfpga_put_le32(out + 40, s->st.sha.buflen);
    sfpga_put_le32(out + 44, 0);
    memcpy(out + 48, s->st.sha.buf, 64);
}

static int sha_restore(struct sfpga_slot *s, const uint8_t *in)
{
    uint32_t buflen = sfpga_le32(in + 40);
    uint64_t nbytes = sfpga_le64(in + 32);
    if (buflen >= 64 || nbytes % 64 != buflen)
        return -1;
    for (int i = 0; i < 8; i++)
        s->st.sha.h[i] = sfpga_le32(in + 4 * i);
    s->st.sha.nbytes = nbytes;
    s->st.sha.buflen = buflen;
    memcpy(s->st.sha.buf, in + 48, 64);
    return 0;
}

const struct sfpga_accel_ops sfpga_accel_sha256 = {
    .id = SFPGA_ACCEL_SHA256, .name = "sha256", .state_size = 112,
    .chunk_units = SFPGA_CHUNK_BYTES, .init = sha_init, .start = sha_start,
    .total_units = sha_total, .cost_ps = sha_cost, .run = sha_run, .finish = sha_finish,
    .save = sha_save, .restore = sha_restore,
};
