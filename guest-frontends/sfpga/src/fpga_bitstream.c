/* Bitstream images (docs/hw/sfpga.md 8): building one for an accelerator,
 * checking one as the device does. */
#include "fpga_priv.h"

static uint32_t crc_of(const uint8_t *p, size_t n) { return ~fpga_crc32c_update(~0u, p, n); }

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

int fpga_bitstream_build(void *img, uint32_t size, unsigned accel_id, uint32_t version,
                         uint32_t seed)
{
    uint8_t *p = img;
    if (!p || size < SFPGA_BS_HDR_SIZE || size > SFPGA_BS_MAX_SIZE || accel_id > 0xffff)
        return FPGA_E_ARG;
    /* The payload stands for configuration frames: any bytes will do, as
     * long as they are covered by the CRC. */
    uint32_t x = seed ^ 0x9E3779B9u;
    for (uint32_t i = SFPGA_BS_HDR_SIZE; i < size; i++) {
        x = x * 1664525u + 1013904223u;
        p[i] = (uint8_t)(x >> 24);
    }
    fpga_mem_set(p, 0, SFPGA_BS_HDR_SIZE);
    put_le32(p, SFPGA_BS_MAGIC);
    p[4] = (uint8_t)SFPGA_BS_FORMAT;
    p[6] = (uint8_t)accel_id;
    p[7] = (uint8_t)(accel_id >> 8);
    put_le32(p + 0x08, version);
    put_le32(p + 0x0C, size);
    put_le32(p + 0x10, crc_of(p + SFPGA_BS_HDR_SIZE, size - SFPGA_BS_HDR_SIZE));
    put_le32(p + 0x14, crc_of(p, 0x14));
    return FPGA_OK;
}

unsigned fpga_bitstream_check(const void *img, size_t len, struct fpga_bitstream_info *info)
{
    const uint8_t *p = img;
    if (!p || len < SFPGA_BS_HDR_SIZE)
        return SFPGA_ST_BAD_SIZE;
    if (le32(p) != SFPGA_BS_MAGIC)
        return SFPGA_ST_BAD_MAGIC;
    if (crc_of(p, 0x14) != le32(p + 0x14))
        return SFPGA_ST_HDR_CRC;
    if ((p[4] | p[5] << 8) != SFPGA_BS_FORMAT || le32(p + 0x18) || le32(p + 0x1C))
        return SFPGA_ST_BAD_FORMAT;
    uint32_t size = le32(p + 0x0C);
    if (size < SFPGA_BS_HDR_SIZE || size > SFPGA_BS_MAX_SIZE || size != len)
        return SFPGA_ST_BAD_SIZE;
    unsigned id = (unsigned)(p[6] | p[7] << 8);
    if (id == 0 || id >= SFPGA_ACCEL_COUNT)
        return SFPGA_ST_UNKNOWN_ACCEL;
    if (crc_of(p + SFPGA_BS_HDR_SIZE, size - SFPGA_BS_HDR_SIZE) != le32(p + 0x10))
        return SFPGA_ST_PAYLOAD_CRC;
    if (info) {
        info->accel_id = id;
        info->accel_version = le32(p + 8);
        info->size = size;
    }
    return SFPGA_ST_OK;
}
