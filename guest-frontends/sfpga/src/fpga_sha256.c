/* Streaming SHA-256: a message over any number of jobs (INIT on the
 * first, FINAL with LEN 0 at the end), the digest from RESULT0-7. */
#include "fpga_priv.h"

int fpga_sha256_begin(struct fpga_sha256 *c, struct fpga_slot *s)
{
    if (!c)
        return FPGA_E_ARG;
    int err = fpga_job_need_accel(s, SFPGA_ACCEL_SHA256);
    if (err)
        return err;
    c->s = s;
    c->started = false;
    c->bytes = 0;
    return FPGA_OK;
}

int fpga_sha256_update(struct fpga_sha256 *c, const struct fpga_buf *b, size_t off, size_t len)
{
    if (!c || !c->s)
        return FPGA_E_ARG;
    int err = fpga_job_need_accel(c->s, SFPGA_ACCEL_SHA256);
    if (!err)
        err = fpga_job_check_span(c->s, "sha256", b, off, len);
    while (!err && len) {
        struct fpga_job j = { .src = b->ipa + off, .len = fpga_job_piece(len) };
        j.flags = c->started ? 0 : SFPGA_SHA_INIT;
        if (!(err = fpga_job_run(c->s, &j))) {
            c->started = true;
            c->bytes += j.len;
            off += j.len;
            len -= j.len;
        }
    }
    return err;
}

int fpga_sha256_final(struct fpga_sha256 *c, uint8_t digest[32])
{
    if (!c || !c->s || !digest)
        return FPGA_E_ARG;
    int err = fpga_job_need_accel(c->s, SFPGA_ACCEL_SHA256);
    if (err)
        return err;
    struct fpga_job j = { .flags = SFPGA_SHA_FINAL | (c->started ? 0 : SFPGA_SHA_INIT) };
    if ((err = fpga_job_run(c->s, &j)))
        return err;
    for (unsigned i = 0; i < 8; i++) { /* register byte i = digest byte i */
        uint32_t w = fpga_job_result(c->s, i);
        for (unsigned k = 0; k < 4; k++)
            digest[4 * i + k] = (uint8_t)(w >> (8 * k));
    }
    c->started = false;
    return FPGA_OK;
}

