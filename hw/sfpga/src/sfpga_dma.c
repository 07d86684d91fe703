/* A slot's DMA: device addresses go through the slot's stage 2 (when
 * enabled) page by page, then must lie inside machine RAM. */
#include <string.h>

#include "sfpga_internal.h"

static unsigned dma_fault_code(enum hw_xlate_fault f)
{
    switch (f) {
    case HW_XLATE_OK: return SFPGA_FAULT_NONE;
    case HW_XLATE_S2_PERMISSION: return SFPGA_FAULT_S2_PERMISSION;
    case HW_XLATE_S2_ACCESS: return SFPGA_FAULT_S2_ACCESS;
    case HW_XLATE_BUS: return SFPGA_FAULT_BUS;
    default: return SFPGA_FAULT_S2_TRANSLATION;
    }
}

/* Host pointer of [addr, addr + n), n not crossing a 4 KiB page; NULL with
 * *fault set otherwise. */
static uint8_t *dma_page(struct sfpga_slot *s, uint64_t addr, uint32_t n, bool write,
                         unsigned *fault)
{
    uint64_t pa = addr;
    if (s->s2_enable) {
        struct hw_xlate_result r = hw_s2_translate(&s->dev->mem, s->s2_root, addr, write);
        if (r.fault != HW_XLATE_OK) {
            *fault = dma_fault_code(r.fault);
            return NULL;
        }
        pa = r.pa;
    }
    uint8_t *p = hw_mem_ptr(&s->dev->mem, pa, n);
    if (!p)
        *fault = SFPGA_FAULT_BUS;
    return p;
}

/* Walks [addr, addr + len) page piece by piece; copies when buf is given. */
static unsigned dma_walk(struct sfpga_slot *s, uint64_t addr, uint8_t *rbuf,
                         const uint8_t *wbuf, uint32_t len, bool write)
{
    if (len && addr + len - 1 < addr) {
        s->fault_addr = addr;
        return SFPGA_FAULT_BUS; /* wraps the address space */
    }
    uint32_t done = 0;
    while (done < len) {
        uint64_t a = addr + done;
        uint32_t n = 4096u - (uint32_t)(a & 4095u);
        if (n > len - done)
            n = len - done;
        unsigned fault = SFPGA_FAULT_NONE;
        uint8_t *p = dma_page(s, a, n, write, &fault);
        if (!p) {
            s->fault_addr = a;
            return fault;
        }
        if (rbuf)
            memcpy(rbuf + done, p, n);
        if (wbuf)
            memcpy(p, wbuf + done, n);
        done += n;
    }
    return SFPGA_FAULT_NONE;
}

unsigned sfpga_dma_read(struct sfpga_slot *s, uint64_t addr, void *buf, uint32_t len)
{
    return dma_walk(s, addr, buf, NULL, len, false);
}

unsigned sfpga_dma_write(struct sfpga_slot *s, uint64_t addr, const void *buf, uint32_t len)
{
    unsigned f = dma_walk(s, addr, NULL, NULL, len, true); /* check every page first */
    if (f != SFPGA_FAULT_NONE)
        return f;
    return dma_walk(s, addr, NULL, buf, len, true);
}
