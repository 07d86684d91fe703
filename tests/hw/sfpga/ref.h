/* References for the SFPGA tests (ref.c), independent of the model's code. */
#ifndef TESTS_HW_SFPGA_REF_H
#define TESTS_HW_SFPGA_REF_H
#include <stddef.h>
#include <stdint.h>

uint32_t ref_crc32c(const uint8_t *p, size_t n);
void ref_sha256(const uint8_t *p, size_t n, uint8_t out[32]);
void ref_aes128ctr(const uint8_t key[16], const uint8_t iv[16], const uint8_t *in, uint8_t *out,
                   size_t n);
void ref_fir(const int16_t *taps, unsigned ntaps, const int16_t *x, int16_t *y, size_t n);
void ref_matmul8(const int8_t *a, const int8_t *b, int32_t *c, unsigned m, unsigned n, unsigned k);

#endif
