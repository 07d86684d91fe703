/* CRC32C (Castagnoli, reflected polynomial 0x82F63B78), slicing-by-8: the
 * accelerator, the bitstream and the context images all use it. The tests
 * check it against a separate byte-table implementation. */
#include <pthread.h>

#include "sfpga_internal.h"

static uint32_t crc_tab[8][256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc_make_tables(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1)));
        crc_tab[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; i++)
        for (int t = 1; t < 8; t++)
            crc_tab[t][i] = (crc_tab[t - 1][i] >> 8) ^ crc_tab[0][crc_tab[t - 1][i] & 0xFF];
}

uint32_t sfpga_crc32c_update(uint32_t crc, const uint8_t *p, size_t n)
{
    pthread_once(&crc_once, crc_make_tables);
    while (n >= 8) {
        uint32_t lo = crc ^ sfpga_le32(p);
        uint32_t hi = sfpga_le32(p + 4);
        crc = crc_tab[7][lo & 0xFF] ^ crc_tab[6][(lo >> 8) & 0xFF] ^
              crc_tab[5][(lo >> 16) & 0xFF] ^ crc_tab[4][lo >> 24] ^
              crc_tab[3][hi & 0xFF] ^ crc_tab[2][(hi >> 8) & 0xFF] ^
              crc_tab[1][(hi >> 16) & 0xFF] ^ crc_tab[0][hi >> 24];
        p += 8;
        n -= 8;
    }
    while (n--)
        crc = (crc >> 8) ^ crc_tab[0][(crc ^ *p++) & 0xFF];
    return crc;
}

uint32_t sfpga_crc32c(const uint8_t *p, size_t n)
{
    return ~sfpga_crc32c_update(0xFFFFFFFFu, p, n);
}
