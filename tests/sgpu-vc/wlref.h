/* CPU references of SGPU kernels (docs/hw/sgpu.md section 7). Build with
 * -ffp-contract=off: the device rounds every multiply and add. */
#ifndef SGPUVC_WLREF_H
#define SGPUVC_WLREF_H
#include <stdbool.h>
#include <stdint.h>

/* Draws into fb (w x h, stride 4 * w) exactly as kernel 5 does. */
void wlref_raster(uint32_t *fb, uint32_t w, uint32_t h, const int32_t xy[6], const uint32_t rgba[3]);
void wlref_conv3x3(const float *in, float *out, uint32_t w, uint32_t h, const float k[9]);
/* C = 1 * A B + 0 * C (alpha 1, beta 0), row-major. */
void wlref_sgemm(const float *a, const float *b, float *c, uint32_t m, uint32_t n, uint32_t k);
#endif
