/* CRC32C reference, bit by bit (Castagnoli, reflected 0x82F63B78). */
#include "apps-fpga/ref.h"

uint32_t ref_crc32c_update(uint32_t state, const uint8_t *p, size_t n)
{
    while (n--) {
        state ^= *p++;
        for (int k = 0; k < 8; k++)
            state = (state & 1) ? (state >> 1) ^ 0x82F63B78u : state >> 1;
    }
    return state;
}
