/* Guest memory for DMA, from the environment (never freed: the env
 * releases all of it at its end). */
#include "fpga_priv.h"

int fpga_buf_alloc(struct fpga_slot *s, size_t size, struct fpga_buf *out)
{
    if (!s || !out || !size)
        return FPGA_E_ARG;
    uint64_t ipa = 0;
    void *p = s->env.ops->alloc(s->env.ctx, size, &ipa);
    if (!p)
        return fpga_slot_fail(s, FPGA_E_NOMEM, "alloc", "out of guest memory, bytes", size);
    out->cpu = p;
    out->ipa = ipa;
    out->size = size;
    return FPGA_OK;
}
