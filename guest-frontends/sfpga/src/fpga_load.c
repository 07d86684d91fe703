/* Reconfiguring the slot through its load page: the device reads the image
 * by DMA, so the image lives in guest memory; completion comes as the
 * LOAD_DONE or LOAD_ERROR interrupt. */
#include "fpga_priv.h"

#define LP(off) (FPGA_LOAD_PAGE + (off))
#define LOAD_IRQS (SFPGA_PIRQ_LOAD_DONE | SFPGA_PIRQ_LOAD_ERROR | SFPGA_PIRQ_CMD_ERROR)

/* Issues a load-page command and waits for its end; the status is kept. */
static int load_command(struct fpga_slot *s, uint32_t cmd, const char *what)
{
    uint64_t t0 = fpga_now(s);
    fpga_wr(s, LP(SFPGA_P_IRQ_CLEAR), LOAD_IRQS);
    fpga_wr(s, LP(SFPGA_P_CMD), cmd);
    uint32_t st;
    if (cmd == SFPGA_CMD_LOAD) {
        /* Every load ends in LOAD_DONE or LOAD_ERROR (a refusal too), so wait
         * for those rather than trust a CMD_STATUS read right after CMD:
         * a virtual slot may take the command later than the store. */
        uint32_t bits = fpga_slot_wait_bits(s, LP(SFPGA_P_IRQ_STATUS), LOAD_IRQS,
                                            t0 + s->timeout_ns);
        st = fpga_rd(s, LP(SFPGA_P_CMD_STATUS));
        if (!bits || st == SFPGA_ST_PENDING) {
            fpga_wr(s, SFPGA_F_IRQ_MASK, SFPGA_IRQ_DONE | SFPGA_IRQ_ERROR);
            fpga_slot_refresh(s);
            return fpga_slot_fail(s, FPGA_E_TIMEOUT, what, "reconfiguration did not end, ns",
                                  s->timeout_ns);
        }
    } else {
        st = fpga_rd(s, LP(SFPGA_P_CMD_STATUS)); /* unload is immediate; no IRQ on success */
    }
    fpga_wr(s, LP(SFPGA_P_IRQ_CLEAR), LOAD_IRQS);
    /* A load or unload clears the function page, IRQ_MASK included. */
    fpga_wr(s, SFPGA_F_IRQ_MASK, SFPGA_IRQ_DONE | SFPGA_IRQ_ERROR);
    s->last_status = st;
    fpga_slot_refresh(s);
    if (st != SFPGA_ST_OK)
        return fpga_slot_fail(s, FPGA_E_LOAD, what, fpga_status_name(st), st);
    if (cmd == SFPGA_CMD_LOAD) {
        s->loads++;
        s->load_ns += fpga_now(s) - t0;
    }
    return FPGA_OK;
}

int fpga_load(struct fpga_slot *s, const struct fpga_buf *img, size_t off, uint32_t len)
{
    if (!s || !img)
        return FPGA_E_ARG;
    if (!s->has_load_page)
        return fpga_slot_fail(s, FPGA_E_NOLOAD, "load", "this slot's bitstream is fixed", 0);
    if (off > img->size || len > img->size - off)
        return fpga_slot_fail(s, FPGA_E_RANGE, "load", "image outside its buffer, bytes", len);
    uint64_t addr = img->ipa + off;
    fpga_wr(s, LP(SFPGA_P_BS_ADDR_LO), (uint32_t)addr);
    fpga_wr(s, LP(SFPGA_P_BS_ADDR_HI), (uint32_t)(addr >> 32));
    fpga_wr(s, LP(SFPGA_P_BS_LEN), len);
    return load_command(s, SFPGA_CMD_LOAD, "load");
}

int fpga_unload(struct fpga_slot *s)
{
    if (!s)
        return FPGA_E_ARG;
    if (!s->has_load_page)
        return fpga_slot_fail(s, FPGA_E_NOLOAD, "unload", "this slot's bitstream is fixed", 0);
    return load_command(s, SFPGA_CMD_UNLOAD, "unload");
}

int fpga_load_accel(struct fpga_slot *s, unsigned accel_id, uint32_t version, uint32_t size)
{
    if (!s)
        return FPGA_E_ARG;
    fpga_slot_refresh(s);
    if (s->accel_id == accel_id && (!version || s->accel_version == version))
        return FPGA_OK;
    if (!s->has_load_page) /* the host chose the bitstream; say which one we needed */
        return fpga_slot_fail(s, FPGA_E_ACCEL, fpga_accel_name(accel_id),
                              "slot holds another accelerator, id", s->accel_id);
    int err;
    if (s->img.size < size) { /* guest memory is never freed: keep one buffer */
        if ((err = fpga_buf_alloc(s, size, &s->img)))
            return err;
    }
    if ((err = fpga_bitstream_build(s->img.cpu, size, accel_id, version ? version : 1, accel_id)))
        return fpga_slot_fail(s, err, "load", "cannot build an image of bytes", size);
    return fpga_load(s, &s->img, 0, size);
}
