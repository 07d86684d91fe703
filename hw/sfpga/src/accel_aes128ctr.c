/* AES-128 in counter mode (NIST SP 800-38A, the whole 16-byte block counts
 * up big-endian, as OpenSSL's EVP_aes_128_ctr). The keystream position is
 * byte-exact, so a stream may be split into jobs of any length and
 * preempted between any two chunks. */
#include <pthread.h>
#include <string.h>

#include "sfpga_internal.h"

#define AES_PS_PER_BYTE 1000u /* 1 GB/s */

static const uint8_t aes_sbox[256] = {
    0x63,0x7c,0x77,0x7b,0xf2,0x6b,0x6f,0xc5,0x30,0x01,0x67,0x2b,0xfe,0xd7,0xab,0x76,
    0xca,0x82,0xc9,0x7d,0xfa,0x59,0x47,0xf0,0xad,0xd4,0xa2,0xaf,0x9c,0xa4,0x72,0xc0,
    0xb7,0xfd,0x93,0x26,0x36,0x3f,0xf7,0xcc,0x34,0xa5,0xe5,0xf1,0x71,0xd8,0x31,0x15,
    0x04,0xc7,0x23,0xc3,0x18,0x96,0x05,0x9a,0x07,0x12,0x80,0xe2,0xeb,0x27,0xb2,0x75,
    0x09,0x83,0x2c,0x1a,0x1b,0x6e,0x5a,0xa0,0x52,0x3b,0xd6,0xb3,0x29,0xe3,0x2f,0x84,
    0x53,0xd1,0x00,0xed,0x20,0xfc,0xb1,0x5b,0x6a,0xcb,0xbe,0x39,0x4a,0x4c,0x58,0xcf,
    0xd0,0xef,0xaa,0xfb,0x43,0x4d,0x33,0x85,0x45,0xf9,0x02,0x7f,0x50,0x3c,0x9f,0xa8,
    0x51,0xa3,0x40,0x8f,0x92,0x9d,0x38,0xf5,0xbc,0xb6,0xda,0x21,0x10,0xff,0xf3,0xd2,
    0xcd,0x0c,0x13,0xec,0x5f,0x97,0x44,0x17,0xc4,0xa7,0x7e,0x3d,0x64,0x5d,0x19,0x73,
    0x60,0x81,0x4f,0xdc,0x22,0x2a,0x90,0x88,0x46,0xee,0xb8,0x14,0xde,0x5e,0x0b,0xdb,
    0xe0,0x32,0x3a,0x0a,0x49,0x06,0x24,0x5c,0xc2,0xd3,0xac,0x62,0x91,0x95,0xe4,0x79,
    0xe7,0xc8,0x37,0x6d,0x8d,0xd5,0x4e,0xa9,0x6c,0x56,0xf4,0xea,0x65,0x7a,0xae,0x08,
    0xba,0x78,0x25,0x2e,0x1c,0xa6,0xb4,0xc6,0xe8,0xdd,0x74,0x1f,0x4b,0xbd,0x8b,0x8a,
    0x70,0x3e,0xb5,0x66,0x48,0x03,0xf6,0x0e,0x61,0x35,0x57,0xb9,0x86,0xc1,0x1d,0x9e,
    0xe1,0xf8,0x98,0x11,0x69,0xd9,0x8e,0x94,0x9b,0x1e,0x87,0xe9,0xce,0x55,0x28,0xdf,
    0x8c,0xa1,0x89,0x0d,0xbf,0xe6,0x42,0x68,0x41,0x99,0x2d,0x0f,0xb0,0x54,0xbb,0x16,
};

static uint8_t aes_xtime(uint8_t x) { return (uint8_t)((x << 1) ^ ((x >> 7) * 0x1b)); }

/* T-tables: SubBytes, ShiftRows and MixColumns of one byte in one lookup
 * (te[i] is te[0] rotated right by 8 i bits). Built once. */
static uint32_t aes_te[4][256];
static pthread_once_t aes_te_once = PTHREAD_ONCE_INIT;

static void aes_make_tables(void)
{
    for (int x = 0; x < 256; x++) {
        uint8_t sb = aes_sbox[x], s2 = aes_xtime(sb), s3 = (uint8_t)(s2 ^ sb);
        uint32_t w = (uint32_t)s2 << 24 | (uint32_t)sb << 16 | (uint32_t)sb << 8 | s3;
        for (int t = 0; t < 4; t++)
            aes_te[t][x] = t ? (w >> (8 * t)) | (w << (32 - 8 * t)) : w;
    }
}

static uint32_t aes_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void aes_expand(struct sfpga_aes_state *a)
{
    static const uint8_t rcon[10] = { 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36 };
    pthread_once(&aes_te_once, aes_make_tables);
    for (int i = 0; i < 4; i++)
        a->rkw[i] = aes_be32(a->key + 4 * i);
    for (int i = 4; i < 44; i++) {
        uint32_t t = a->rkw[i - 1];
        if (i % 4 == 0) /* RotWord, SubWord, Rcon */
            t = ((uint32_t)aes_sbox[(t >> 16) & 0xff] << 24 | (uint32_t)aes_sbox[(t >> 8) & 0xff] << 16 |
                 (uint32_t)aes_sbox[t & 0xff] << 8 | aes_sbox[t >> 24]) ^ (uint32_t)rcon[i / 4 - 1] << 24;
        a->rkw[i] = a->rkw[i - 4] ^ t;
    }
}

static void aes_encrypt(const uint32_t rk[44], const uint8_t in[16], uint8_t out[16])
{
    uint32_t s[4], t[4];
    for (int c = 0; c < 4; c++)
        s[c] = aes_be32(in + 4 * c) ^ rk[c];
    /* Written out per column so the state stays in registers. */
#define AES_COL(c) (aes_te[0][s[c] >> 24] ^ aes_te[1][(s[((c) + 1) & 3] >> 16) & 0xff] ^ \
                    aes_te[2][(s[((c) + 2) & 3] >> 8) & 0xff] ^ aes_te[3][s[((c) + 3) & 3] & 0xff])
    for (int round = 1; round < 10; round++) {
        const uint32_t *k = rk + 4 * round;
        t[0] = AES_COL(0) ^ k[0];
        t[1] = AES_COL(1) ^ k[1];
        t[2] = AES_COL(2) ^ k[2];
        t[3] = AES_COL(3) ^ k[3];
        s[0] = t[0]; s[1] = t[1]; s[2] = t[2]; s[3] = t[3];
    }
#undef AES_COL
    for (int c = 0; c < 4; c++) { /* last round: no MixColumns */
        uint32_t w = (uint32_t)aes_sbox[s[c] >> 24] << 24 |
                     (uint32_t)aes_sbox[(s[(c + 1) & 3] >> 16) & 0xff] << 16 |
                     (uint32_t)aes_sbox[(s[(c + 2) & 3] >> 8) & 0xff] << 8 |
                     aes_sbox[s[(c + 3) & 3] & 0xff];
        w ^= rk[40 + c];
        out[4 * c] = (uint8_t)(w >> 24);
        out[4 * c + 1] = (uint8_t)(w >> 16);
        out[4 * c + 2] = (uint8_t)(w >> 8);
        out[4 * c + 3] = (uint8_t)w;
    }
}

static void aes_init(struct sfpga_slot *s)
{
    memset(&s->st.aes, 0, sizeof s->st.aes);
    s->st.aes.ks_used = 16;
}

static unsigned aes_start(struct sfpga_slot *s)
{
    struct sfpga_aes_state *a = &s->st.aes;
    if (s->job.flags & SFPGA_AES_LOAD) {
        for (int i = 0; i < 4; i++) {
            sfpga_put_le32(a->key + 4 * i, s->job.param[i]);
            sfpga_put_le32(a->ctr + 4 * i, s->job.param[4 + i]);
        }
        aes_expand(a);
        a->ks_used = 16;
        a->keyed = 1;
    }
    return a->keyed ? SFPGA_FAULT_NONE : SFPGA_FAULT_BAD_PARAM;
}

static uint32_t aes_total(const struct sfpga_slot *s) { return s->job.len; }

static uint64_t aes_cost(const struct sfpga_slot *s, uint32_t units)
{
    (void)s;
    return (uint64_t)units * AES_PS_PER_BYTE;
}

static void aes_next_block(struct sfpga_aes_state *a)
{
    aes_encrypt(a->rkw, a->ctr, a->ks);
    for (int j = 15; j >= 0 && ++a->ctr[j] == 0; j--)
        ;
    a->ks_used = 0;
}

static void aes_crypt(struct sfpga_aes_state *a, uint8_t *buf, uint32_t n)
{
    uint32_t i = 0;
    while (i < n && a->ks_used < 16) /* finish a block begun by an earlier job */
        buf[i++] ^= a->ks[a->ks_used++];
    for (; n - i >= 16; i += 16) {
        aes_next_block(a);
        for (int j = 0; j < 16; j++)
            buf[i + j] ^= a->ks[j];
        a->ks_used = 16;
    }
    for (; i < n; i++) {
        if (a->ks_used == 16)
            aes_next_block(a);
        buf[i] ^= a->ks[a->ks_used++];
    }
}

static unsigned aes_run(struct sfpga_slot *s, uint32_t first, uint32_t units)
{
    uint8_t buf[SFPGA_CHUNK_BYTES];
    struct sfpga_aes_state a = s->st.aes; /* commit only once the output is written */
    unsigned f = sfpga_dma_read(s, s->job.src + first, buf, units);
    if (f != SFPGA_FAULT_NONE)
        return f;
    aes_crypt(&a, buf, units);
    f = sfpga_dma_write(s, s->job.dst + first, buf, units);
    if (f == SFPGA_FAULT_NONE)
        s->st.aes = a;
    return f;
}

static unsigned aes_finish(struct sfpga_slot *s)
{
    for (int i = 0; i < 4; i++)
        s->result[i] = sfpga_le32(s->st.aes.ctr + 4 * i);
    s->result[4] = s->st.aes.ks_used;
    return SFPGA_FAULT_NONE;
}

/* Context: key (16), counter block (16), keystream block (16), ks_used (4),
 * keyed (4). The round keys are derived again on restore. */
static void aes_save(const struct sfpga_slot *s, uint8_t *out)
{
    memcpy(out, s->st.aes.key, 16);
    memcpy(out + 16, s->st.aes.ctr, 16);
    memcpy(out + 32, s->st.aes.ks, 16);
    sfpga_put_le32(out + 48, s->st.aes.ks_used);
    sfpga_put_le32(out + 52, s->st.aes.keyed);
}

static int aes_restore(struct sfpga_slot *s, const uint8_t *in)
{
    uint32_t used = sfpga_le32(in + 48), keyed = sfpga_le32(in + 52);
    if (used > 16 || keyed > 1)
        return -1;
    memcpy(s->st.aes.key, in, 16);
    memcpy(s->st.aes.ctr, in + 16, 16);
    memcpy(s->st.aes.ks, in + 32, 16);
    s->st.aes.ks_used = used;
    s->st.aes.keyed = keyed;
    aes_expand(&s->st.aes);
    return 0;
}

const struct sfpga_accel_ops sfpga_accel_aes128ctr = {
    .id = SFPGA_ACCEL_AES128CTR, .name = "aes128ctr", .state_size = 56,
    .chunk_units = SFPGA_CHUNK_BYTES, .init = aes_init, .start = aes_start,
    .total_units = aes_total, .cost_ps = aes_cost, .run = aes_run, .finish = aes_finish,
    .save = aes_save, .restore = aes_restore,
};
