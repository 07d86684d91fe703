/* FIR filter accelerator: int16 samples, up to 64 Q15 taps,
 *   y[n] = sat16(floor((sum_k h[k] * x[n-k] + 2^14) / 2^15)),
 * with the last ntaps-1 inputs kept as history across jobs (and contexts),
 * so a long signal may be filtered in pieces. */
#include <string.h>

#include "sfpga_internal.h"

#define FIR_PS_PER_TAP 62u /* 16 multiply-accumulates per ns */

static void fir_init(struct sfpga_slot *s) { memset(&s->st.fir, 0, sizeof s->st.fir); }

static unsigned fir_start(struct sfpga_slot *s)
{
    struct sfpga_fir_state *st = &s->st.fir;
    if (s->job.len % 2)
        return SFPGA_FAULT_BAD_PARAM;
    if (s->job.flags & SFPGA_FIR_LOAD) {
        uint32_t n = s->job.param[0];
        uint8_t raw[2 * SFPGA_FIR_MAX_TAPS];
        if (n < 1 || n > SFPGA_FIR_MAX_TAPS)
            return SFPGA_FAULT_BAD_PARAM;
        uint64_t addr = s->job.param[1] | (uint64_t)s->job.param[2] << 32;
        unsigned f = sfpga_dma_read(s, addr, raw, 2 * n);
        if (f != SFPGA_FAULT_NONE)
            return f;
        memset(st->taps, 0, sizeof st->taps);
        for (uint32_t i = 0; i < n; i++)
            st->taps[i] = (int16_t)(raw[2 * i] | raw[2 * i + 1] << 8);
        st->ntaps = n;
    }
    if (s->job.flags & SFPGA_FIR_CLEAR)
        memset(st->hist, 0, sizeof st->hist);
    return st->ntaps ? SFPGA_FAULT_NONE : SFPGA_FAULT_BAD_PARAM;
}

static uint32_t fir_total(const struct sfpga_slot *s) { return s->job.len; }

static uint64_t fir_cost(const struct sfpga_slot *s, uint32_t units)
{
    return (uint64_t)(units / 2) * s->st.fir.ntaps * FIR_PS_PER_TAP;
}

static int16_t fir_sat(int64_t acc)
{
    int64_t q = acc + 16384;
    q = q >= 0 ? q / 32768 : -((-q + 32767) / 32768); /* floor, whatever the sign */
    return (int16_t)(q > 32767 ? 32767 : q < -32768 ? -32768 : q);
}

/* Filters n samples: the history and the chunk are laid end to end so that
 * the inner loop is one straight dot product. */
static void fir_filter(struct sfpga_fir_state *st, const uint8_t *in, uint8_t *out, uint32_t n)
{
    enum { H = SFPGA_FIR_MAX_TAPS - 1 };
    int16_t z[H + SFPGA_CHUNK_BYTES / 2];
    for (unsigned j = 0; j < H; j++)
        z[H - 1 - j] = st->hist[j]; /* z[H-1] = x[-1], z[0] = x[-H] */
    for (uint32_t i = 0; i < n; i++)
        z[H + i] = (int16_t)(in[2 * i] | in[2 * i + 1] << 8);
    for (uint32_t i = 0; i < n; i++) {
        const int16_t *xi = z + H + i;
        int64_t acc = 0;
        for (uint32_t k = 0; k < st->ntaps; k++)
            acc += (int32_t)st->taps[k] * xi[-(int32_t)k];
        uint16_t y = (uint16_t)fir_sat(acc);
        out[2 * i] = (uint8_t)y;
        out[2 * i + 1] = (uint8_t)(y >> 8);
    }
    for (unsigned j = 0; j < SFPGA_FIR_MAX_TAPS; j++)
        st->hist[j] = z[H + n - 1 - j]; /* newest first */
}

static unsigned fir_run(struct sfpga_slot *s, uint32_t first, uint32_t units)
{
    uint8_t in[SFPGA_CHUNK_BYTES], out[SFPGA_CHUNK_BYTES];
    struct sfpga_fir_state st = s->st.fir; /* commit only once the output is written */
    unsigned f = sfpga_dma_read(s, s->job.src + first, in, units);
    if (f != SFPGA_FAULT_NONE)
        return f;
    fir_filter(&st, in, out, units / 2);
    f = sfpga_dma_write(s, s->job.dst + first, out, units);
    if (f == SFPGA_FAULT_NONE)
        s->st.fir = st;
    return f;
}

static unsigned fir_finish(struct sfpga_slot *s)
{
    s->result[0] = s->st.fir.ntaps;
    return SFPGA_FAULT_NONE;
}

/* Context: ntaps (4), reserved (4), taps (64 x s16), history (64 x s16). */
static void fir_save(const struct sfpga_slot *s, uint8_t *out)
{
    sfpga_put_le32(out, s->st.fir.ntaps);
    sfpga_put_le32(out + 4, 0);
    for (unsigned i = 0; i < SFPGA_FIR_MAX_TAPS; i++) {
        uint16_t t = (uint16_t)s->st.fir.taps[i], h = (uint16_t)s->st.fir.hist[i];
        out[8 + 2 * i] = (uint8_t)t;
        out[9 + 2 * i] = (uint8_t)(t >> 8);
        out[136 + 2 * i] = (uint8_t)h;
        out[137 + 2 * i] = (uint8_t)(h >> 8);
    }
}

static int fir_restore(struct sfpga_slot *s, const uint8_t *in)
{
    uint32_t n = sfpga_le32(in);
    if (n > SFPGA_FIR_MAX_TAPS)
        return -1;
    s->st.fir.ntaps = n;
    for (unsigned i = 0; i < SFPGA_FIR_MAX_TAPS; i++) {
        s->st.fir.taps[i] = (int16_t)(in[8 + 2 * i] | in[9 + 2 * i] << 8);
        s->st.fir.hist[i] = (int16_t)(in[136 + 2 * i] | in[137 + 2 * i] << 8);
    }
    return 0;
}

const struct sfpga_accel_ops sfpga_accel_fir = {
    .id = SFPGA_ACCEL_FIR, .name = "fir", .state_size = 264,
    .chunk_units = SFPGA_CHUNK_BYTES, .init = fir_init, .start = fir_start,
    .total_units = fir_total, .cost_ps = fir_cost, .run = fir_run, .finish = fir_finish,
    .save = fir_save, .restore = fir_restore,
};
