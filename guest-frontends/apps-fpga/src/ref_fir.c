/* FIR reference: y[n] = sat16(floor((sum h[k] x[n-k] + 2^14) / 2^15)),
 * the history carried across calls as the device does. */
#include "apps-fpga/ref.h"

void ref_fir_init(struct ref_fir *f, const int16_t *taps, unsigned ntaps)
{
    for (unsigned i = 0; i < 64; i++) {
        f->taps[i] = i < ntaps ? taps[i] : 0;
        f->hist[i] = 0;
    }
    f->ntaps = ntaps;
}

void ref_fir_run(struct ref_fir *f, const uint8_t *in, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int16_t x = (int16_t)(uint16_t)(in[2 * i] | in[2 * i + 1] << 8);
        int64_t acc = (int64_t)f->taps[0] * x;
        for (unsigned k = 1; k < f->ntaps; k++)
            acc += (int64_t)f->taps[k] * f->hist[k - 1];
        int64_t y = (acc + 16384) >> 15; /* arithmetic shift: floor */
        uint16_t yo = (uint16_t)(int16_t)(y > 32767 ? 32767 : y < -32768 ? -32768 : y);
        out[2 * i] = (uint8_t)yo;
        out[2 * i + 1] = (uint8_t)(yo >> 8);
        for (unsigned j = 63; j > 0; j--)
            f->hist[j] = f->hist[j - 1];
        f->hist[0] = x;
    }
}
