/* int8 matrix multiply reference, int32 accumulation. */
#include "apps-fpga/ref.h"

void ref_matmul8(const int8_t *a, const int8_t *b, int32_t *c, uint32_t m, uint32_t n, uint32_t k)
{
    for (uint32_t i = 0; i < m; i++)
        for (uint32_t j = 0; j < n; j++) {
            int32_t acc = 0;
            for (uint32_t x = 0; x < k; x++)
                acc += (int32_t)a[(size_t)i * k + x] * b[(size_t)x * n + j];
            c[(size_t)i * n + j] = acc;
        }
}
