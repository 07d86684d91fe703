/* Bitstream images: header checks (run by the device before it starts
 * reconfiguring, so a bad header never destroys the slot's accelerator) and
 * an image builder for tests, tools and the benchmark. */
#include <string.h>

#include "sfpga_internal.h"

/* Reads only the first SFPGA_BS_HDR_SIZE bytes of img (none when len is
 * shorter): the device calls it with the header alone and BS_LEN. */
unsigned sfpga_bitstream_check_header(const uint8_t *img, size_t len,
                                      struct sfpga_bitstream_info *info)
{
    if (len < SFPGA_BS_HDR_SIZE)
        return SFPGA_ST_BAD_SIZE;
    if (sfpga_le32(img) != SFPGA_BS_MAGIC)
        return SFPGA_ST_BAD_MAGIC;
    /* The header CRC comes before the fields it covers are trusted. */
    if (sfpga_crc32c(img, 0x14) != sfpga_le32(img + 0x14))
        return SFPGA_ST_HDR_CRC;
    unsigned format = (unsigned)img[4] | (unsigned)img[5] << 8;
    if (format != SFPGA_BS_FORMAT || sfpga_le32(img + 0x18) || sfpga_le32(img + 0x1C))
        return SFPGA_ST_BAD_FORMAT;
    uint32_t size = sfpga_le32(img + 0x0C);
    if (size < SFPGA_BS_HDR_SIZE || size > SFPGA_BS_MAX_SIZE || size != len)
        return SFPGA_ST_BAD_SIZE;
    unsigned id = (unsigned)img[6] | (unsigned)img[7] << 8;
    if (!sfpga_accel_find(id))
        return SFPGA_ST_UNKNOWN_ACCEL;
    if (info) {
        info->accel_id = id;
        info->accel_version = sfpga_le32(img + 8);
        info->size = size;
    }
    return SFPGA_ST_OK;
}

unsigned sfpga_bitstream_check(const uint8_t *img, size_t len, struct sfpga_bitstream_info *info)
{
    unsigned st = sfpga_bitstream_check_header(img, len, info);
    if (st != SFPGA_ST_OK)
        return st;
    if (sfpga_crc32c(img + SFPGA_BS_HDR_SIZE, len - SFPGA_BS_HDR_SIZE) != sfpga_le32(img + 0x10))
        return SFPGA_ST_PAYLOAD_CRC;
    return SFPGA_ST_OK;
}

void sfpga_bitstream_build(uint8_t *img, uint32_t size, unsigned accel_id,
                           uint32_t accel_version, uint32_t seed)
{
    uint32_t x = seed * 2654435761u + 1;
    memset(img, 0, SFPGA_BS_HDR_SIZE);
    for (uint32_t i = SFPGA_BS_HDR_SIZE; i < size; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5; /* xorshift: cheap, deterministic */
        img[i] = (uint8_t)x;
    }
    sfpga_put_le32(img, SFPGA_BS_MAGIC);
    img[4] = (uint8_t)SFPGA_BS_FORMAT;
    img[5] = 0;
    img[6] = (uint8_t)accel_id;
    img[7] = (uint8_t)(accel_id >> 8);
    sfpga_put_le32(img + 0x08, accel_version);
    sfpga_put_le32(img + 0x0C, size);
    sfpga_put_le32(img + 0x10, sfpga_crc32c(img + SFPGA_BS_HDR_SIZE, size - SFPGA_BS_HDR_SIZE));
    sfpga_put_le32(img + 0x14, sfpga_crc32c(img, 0x14));
}
