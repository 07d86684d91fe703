/* AES-128-CTR jobs: a key and counter block start a stream, later calls
 * continue its keystream byte-exactly. */
#include "fpga_priv.h"

static uint32_t key_word(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int fpga_aes128ctr(struct fpga_slot *s, const uint8_t key[16], const uint8_t ctr[16],
                   const struct fpga_buf *src, size_t soff, const struct fpga_buf *dst,
                   size_t doff, size_t len)
{
    int err = fpga_job_need_accel(s, SFPGA_ACCEL_AES128CTR);
    if (!err && (!key) != (!ctr))
        err = fpga_slot_fail(s, FPGA_E_ARG, "aes128ctr", "key and counter go together", 0);
    if (!err)
        err = fpga_job_check_span(s, "aes128ctr source", src, soff, len);
    if (!err)
        err = fpga_job_check_span(s, "aes128ctr destination", dst, doff, len);
    bool load = key != 0;
    do {
        if (err)
            return err;
        struct fpga_job j = { .src = src->ipa + soff, .dst = dst->ipa + doff,
                              .len = fpga_job_piece(len) };
        if (load) { /* PARAM bytes in register byte order: byte 0 is bits 7:0 */
            j.flags = SFPGA_AES_LOAD;
            for (unsigned i = 0; i < 4; i++) {
                j.param[i] = key_word(key + 4 * i);
                j.param[4 + i] = key_word(ctr + 4 * i);
            }
        }
        if (!(err = fpga_job_run(s, &j))) {
            load = false;
            soff += j.len;
            doff += j.len;
            len -= j.len;
        }
    } while (len || err);
    return FPGA_OK;
}

