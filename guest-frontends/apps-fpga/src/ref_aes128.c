/* AES-128-CTR reference: byte-oriented rounds (SubBytes, ShiftRows,
 * MixColumns by xtime), deliberately unlike the device model's T-tables. */
#include "apps-fpga/ref.h"

static uint8_t gf_mul(uint8_t a, uint8_t b)
{
    uint8_t r = 0;
    while (b) {
        if (b & 1)
            r ^= a;
        a = (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
        b >>= 1;
    }
    return r;
}

/* The S-box from its definition: the multiplicative inverse in GF(2^8)
 * (through powers of the generator 3), then the affine map; no table to
 * mistype. */
static void make_sbox(uint8_t sbox[256])
{
    uint8_t exp[255], log[256] = { 0 };
    uint8_t x = 1;
    for (int i = 0; i < 255; i++) {
        exp[i] = x;
        log[x] = (uint8_t)i;
        x = gf_mul(x, 3);
    }
    for (int v = 0; v < 256; v++) {
        uint8_t inv = v ? exp[(255 - log[v]) % 255] : 0;
        uint8_t s = inv;
        for (int r = 1; r <= 4; r++)
            s ^= (uint8_t)((inv << r) | (inv >> (8 - r)));
        sbox[v] = (uint8_t)(s ^ 0x63);
    }
}

static void key_expand(const uint8_t sbox[256], const uint8_t key[16], uint8_t rk[176])
{
    uint8_t rcon = 1;
    for (int i = 0; i < 16; i++)
        rk[i] = key[i];
    for (int i = 16; i < 176; i += 4) {
        uint8_t t[4] = { rk[i - 4], rk[i - 3], rk[i - 2], rk[i - 1] };
        if (i % 16 == 0) {
            uint8_t t0 = t[0];
            t[0] = (uint8_t)(sbox[t[1]] ^ rcon);
            t[1] = sbox[t[2]];
            t[2] = sbox[t[3]];
            t[3] = sbox[t0];
            rcon = gf_mul(rcon, 2);
        }
        for (int k = 0; k < 4; k++)
            rk[i + k] = rk[i - 16 + k] ^ t[k];
    }
}

void ref_aes128_encrypt_block(const struct ref_aes128ctr *c, const uint8_t in[16], uint8_t out[16])
{
    const uint8_t *sbox = c->sbox, *rk = c->rk;
    uint8_t st[16], tmp[16];
    for (int i = 0; i < 16; i++)
        st[i] = in[i] ^ rk[i];
    for (int round = 1; round <= 10; round++) {
        for (int c = 0; c < 4; c++) /* SubBytes + ShiftRows: row r moves left by r */
            for (int r = 0; r < 4; r++)
                tmp[4 * c + r] = sbox[st[4 * ((c + r) & 3) + r]];
        if (round < 10) {
            for (int c = 0; c < 4; c++) {
                uint8_t *col = tmp + 4 * c, a0 = col[0], a1 = col[1], a2 = col[2], a3 = col[3];
                col[0] = (uint8_t)(gf_mul(a0, 2) ^ gf_mul(a1, 3) ^ a2 ^ a3);
                col[1] = (uint8_t)(a0 ^ gf_mul(a1, 2) ^ gf_mul(a2, 3) ^ a3);
                col[2] = (uint8_t)(a0 ^ a1 ^ gf_mul(a2, 2) ^ gf_mul(a3, 3));
                col[3] = (uint8_t)(gf_mul(a0, 3) ^ a1 ^ a2 ^ gf_mul(a3, 2));
            }
        }
        for (int i = 0; i < 16; i++)
            st[i] = tmp[i] ^ rk[16 * round + i];
    }
    for (int i = 0; i < 16; i++)
        out[i] = st[i];
}

void ref_aes128ctr_init(struct ref_aes128ctr *c, const uint8_t key[16], const uint8_t ctr[16])
{
    make_sbox(c->sbox);
    key_expand(c->sbox, key, c->rk);
    for (int i = 0; i < 16; i++)
        c->ctr[i] = ctr[i];
    c->used = 16;
}

void ref_aes128ctr_crypt(struct ref_aes128ctr *c, const uint8_t *in, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (c->used == 16) {
            ref_aes128_encrypt_block(c, c->ctr, c->ks);
            for (int j = 15; j >= 0; j--)
                if (++c->ctr[j])
                    break;
            c->used = 0;
        }
        out[i] = in[i] ^ c->ks[c->used++];
    }
}
