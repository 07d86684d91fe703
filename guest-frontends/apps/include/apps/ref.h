/* CPU references of the SGPU kernels, in the exact order of operations of
 * docs/hw/sgpu.md §7 (build with -ffp-contract=off), so the device's
 * results can be compared bit for bit. */
#ifndef APPS_REF_H
#define APPS_REF_H
#include <stdint.h>

#include "sgpu/sgpu_drv.h"

void ref_saxpy(const float *x, float *y, uint32_t n, float a);
void ref_sgemm(const float *a, const float *b, float *c, uint32_t m, uint32_t n, uint32_t k,
               float alpha, float beta);
/* One C entry of sgemm (i row, j column) given its old value. */
float ref_sgemm_one(const float *a, const float *b, float c_old, uint32_t n, uint32_t k,
                    uint32_t i, uint32_t j, float alpha, float beta);
/* What sgpu_kernel_reduce leaves in out[0]. */
float ref_reduce(const float *in, uint32_t n, uint32_t per_group);
void ref_conv3x3(const float *in, float *out, uint32_t w, uint32_t h, const float k[9]);
/* fb: 32-bit pixels, stride in bytes. */
void ref_raster(uint32_t *fb, uint32_t w, uint32_t h, uint32_t stride, const struct sgpu_triangle *t);
/* Byte i gets byte (i mod 4) of pattern. */
void ref_fill(uint8_t *dst, uint64_t bytes, uint32_t pattern);
/* CRC-32 (IEEE, as zlib). */
uint32_t ref_crc32(const void *p, uint64_t len);
uint32_t ref_fbits(float f);
#endif
