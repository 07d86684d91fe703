/* FIR jobs: taps loaded with the first job, the history carried across
 * jobs; int16 buffers must be 2-byte aligned. */
#include "fpga_priv.h"

int fpga_fir(struct fpga_slot *s, const struct fpga_buf *taps, size_t toff, uint32_t ntaps,
             bool clear, const struct fpga_buf *in, size_t ioff, const struct fpga_buf *out,
             size_t ooff, size_t nsamples)
{
    int err = fpga_job_need_accel(s, SFPGA_ACCEL_FIR);
    if (err)
        return err;
    if (taps && (ntaps < 1 || ntaps > 64))
        return fpga_slot_fail(s, FPGA_E_ARG, "fir", "tap count not in 1..64", ntaps);
    if (nsamples > (SIZE_MAX >> 1))
        return fpga_slot_fail(s, FPGA_E_RANGE, "fir", "too many samples", nsamples);
    size_t len = 2 * nsamples;
    if ((taps && (err = fpga_job_check_span(s, "fir taps", taps, toff, 2 * (size_t)ntaps))) ||
        (err = fpga_job_check_span(s, "fir input", in, ioff, len)) ||
        (err = fpga_job_check_span(s, "fir output", out, ooff, len)))
        return err;
    /* Samples are int16: the CPU reads and writes them in place. */
    if ((taps && fpga_job_misaligned(taps, toff, 2)) || fpga_job_misaligned(in, ioff, 2) ||
        fpga_job_misaligned(out, ooff, 2))
        return fpga_slot_fail(s, FPGA_E_ALIGN, "fir", "int16 buffer on an odd address", 2);
    bool first = true;
    do {
        struct fpga_job j = { .src = in->ipa + ioff, .dst = out->ipa + ooff,
                              .len = fpga_job_piece(len) & ~1u };
        if (first && taps) {
            j.flags |= SFPGA_FIR_LOAD;
            j.param[0] = ntaps;
            j.param[1] = (uint32_t)(taps->ipa + toff);
            j.param[2] = (uint32_t)((taps->ipa + toff) >> 32);
        }
        if (first && clear)
            j.flags |= SFPGA_FIR_CLEAR;
        if ((err = fpga_job_run(s, &j)))
            return err;
        first = false;
        ioff += j.len;
        ooff += j.len;
        len -= j.len;
    } while (len);
    return FPGA_OK;
}

