/* CRC32C: the running accelerator job, and the CPU's own CRC32C that the
 * bitstream header and payload need. */
#include "fpga_priv.h"

/* CRC32C four bits at a time: entry i is the reflected polynomial 0x82F63B78
 * applied to the nibble i. Constant, so several guests or simulator threads
 * may share it. */
static const uint32_t crc_nibble[16] = {
    0x00000000, 0x105ec76f, 0x20bd8ede, 0x30e349b1, 0x417b1dbc, 0x5125dad3, 0x61c69362, 0x7198540d,
    0x82f63b78, 0x92a8fc17, 0xa24bb5a6, 0xb21572c9, 0xc38d26c4, 0xd3d3e1ab, 0xe330a81a, 0xf36e6f75,
};

uint32_t fpga_crc32c_update(uint32_t crc, const void *p, size_t n)
{
    const uint8_t *b = p;
    while (n--) {
        crc ^= *b++;
        crc = (crc >> 4) ^ crc_nibble[crc & 0xf];
        crc = (crc >> 4) ^ crc_nibble[crc & 0xf];
    }
    return crc;
}

int fpga_crc32c(struct fpga_slot *s, bool init, const struct fpga_buf *b, size_t off, size_t len,
                uint32_t *crc)
{
    int err = fpga_job_need_accel(s, SFPGA_ACCEL_CRC32C);
    if (!err)
        err = fpga_job_check_span(s, "crc32c", b, off, len);
    do { /* at least one job, so init on an empty range still resets the CRC */
        if (err)
            return err;
        struct fpga_job j = { .src = b->ipa + off, .len = fpga_job_piece(len),
                              .flags = init ? SFPGA_CRC_INIT : 0 };
        if (!(err = fpga_job_run(s, &j))) {
            init = false;
            off += j.len;
            len -= j.len;
        }
    } while (len || err);
    if (crc)
        *crc = fpga_job_result(s, 0);
    return FPGA_OK;
}

