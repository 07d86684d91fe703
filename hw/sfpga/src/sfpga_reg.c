/* In-process register access with the spec's access rules (docs/hw/sfpga.md
 * section 2): which offsets exist, which are read-only, widths, alignment. */
#include "sfpga_internal.h"

enum reg_kind { REG_RESERVED, REG_RO, REG_RW, REG_TRIGGER };

static enum reg_kind reg_kind_global(uint32_t off)
{
    if (off <= SFPGA_G_MAX_BITSTREAM || off == SFPGA_G_IRQ_SUMMARY ||
        off == SFPGA_G_TIME_LO || off == SFPGA_G_TIME_HI)
        return REG_RO;
    return off == SFPGA_G_RESET ? REG_TRIGGER : REG_RESERVED;
}

static enum reg_kind reg_kind_func(uint32_t off)
{
    if (off == SFPGA_F_CTRL || off == SFPGA_F_IRQ_CLEAR)
        return REG_TRIGGER;
    if ((off >= SFPGA_F_SRC_LO && off <= SFPGA_F_PARAM(7)) || off == SFPGA_F_IRQ_MASK)
        return REG_RW;
    if (off == SFPGA_F_ACCEL_ID || off == SFPGA_F_ACCEL_VERSION || off == SFPGA_F_STATUS ||
        off == SFPGA_F_IRQ_STATUS || (off >= SFPGA_F_FAULT_CODE && off <= SFPGA_F_PROGRESS) ||
        (off >= SFPGA_F_RESULT(0) && off <= SFPGA_F_RESULT(15)))
        return REG_RO;
    return REG_RESERVED;
}

static enum reg_kind reg_kind_priv(uint32_t off)
{
    switch (off) {
    case SFPGA_P_CMD: case SFPGA_P_IRQ_CLEAR:
        return REG_TRIGGER;
    case SFPGA_P_S2_ROOT_LO: case SFPGA_P_S2_ROOT_HI: case SFPGA_P_VMID: case SFPGA_P_S2_CTRL:
    case SFPGA_P_BS_ADDR_LO: case SFPGA_P_BS_ADDR_HI: case SFPGA_P_BS_LEN:
    case SFPGA_P_CTX_ADDR_LO: case SFPGA_P_CTX_ADDR_HI: case SFPGA_P_CTX_SIZE:
    case SFPGA_P_IRQ_MASK:
        return REG_RW;
    case SFPGA_P_CMD_STATUS: case SFPGA_P_STATE: case SFPGA_P_CTX_NEEDED: case SFPGA_P_IRQ_STATUS:
    case SFPGA_P_BUSY_NS_LO: case SFPGA_P_BUSY_NS_HI: case SFPGA_P_JOBS: case SFPGA_P_LOADS:
    case SFPGA_P_FAULT_CODE: case SFPGA_P_FAULT_ADDR_LO: case SFPGA_P_FAULT_ADDR_HI:
    case SFPGA_P_FAULT_VMID:
        return REG_RO;
    default:
        return REG_RESERVED;
    }
}

static enum reg_kind reg_kind_of(const struct sfpga *f, unsigned page, uint32_t off)
{
    if (page == SFPGA_PAGE_GLOBAL)
        return reg_kind_global(off);
    if (page <= f->nslots)
        return reg_kind_func(off);
    return reg_kind_priv(off);
}

/* Checks page, alignment and width; logs and returns -1 on misuse. */
static int reg_check(struct sfpga *f, unsigned page, uint32_t off, unsigned width, const char *op)
{
    if (page >= SFPGA_NUM_PAGES(f->nslots)) {
        sfpga_log(f, "sfpga: %s of page %u refused: the device has %u pages", op, page,
                  SFPGA_NUM_PAGES(f->nslots));
        return -1;
    }
    if ((width != 4 && width != 8) || off % width || off + width > HW_PAGE_SIZE) {
        sfpga_log(f, "sfpga: %s at page %u offset 0x%x width %u refused: need width 4 or 8, "
                  "naturally aligned, inside the page", op, page, off, width);
        return -1;
    }
    for (uint32_t o = off; o < off + width; o += 4)
        if (reg_kind_of(f, page, o) == REG_RESERVED) {
            sfpga_log(f, "sfpga: %s at page %u offset 0x%x refused: no register there", op,
                      page, o);
            return -1;
        }
    return 0;
}

int sfpga_reg_write(struct sfpga *f, unsigned page, uint32_t off, unsigned width, uint64_t v)
{
    if (reg_check(f, page, off, width, "write") < 0)
        return -1;
    for (uint32_t o = off; o < off + width; o += 4)
        if (reg_kind_of(f, page, o) == REG_RO) {
            sfpga_log(f, "sfpga: write at page %u offset 0x%x refused: read-only", page, o);
            return -1;
        }
    uint8_t *p = f->regs + (size_t)page * HW_PAGE_SIZE;
    if (width == 8)
        hw_reg_store64(p, off, v);
    else
        hw_reg_store32(p, off, (uint32_t)v);
    return 0;
}

int sfpga_reg_read(struct sfpga *f, unsigned page, uint32_t off, unsigned width, uint64_t *v)
{
    *v = 0;
    if (reg_check(f, page, off, width, "read") < 0)
        return -1;
    const uint8_t *p = f->regs + (size_t)page * HW_PAGE_SIZE;
    *v = width == 8 ? hw_reg_load64(p, off) : hw_reg_load32(p, off);
    return 0;
}
