/* A slot's privileged commands: bitstream load (modelled reconfiguration
 * time), unload, preempt/resume, context save/restore and slot reset. Every
 * refusal leaves the slot as it was and says why in CMD_STATUS. */
#include <string.h>

#include "sfpga_internal.h"

uint32_t sfpga_cmd_ctx_size(const struct sfpga_accel_ops *a)
{
    return a ? SFPGA_CTX_ACCEL_OFF + a->state_size : 0;
}

static void cmd_refuse(struct sfpga_slot *s, unsigned st, const char *what)
{
    s->cmd_status = st;
    sfpga_raise_priv(s, SFPGA_PIRQ_CMD_ERROR);
    sfpga_log(s->dev, "sfpga: slot %u: %s refused with status %u", s->index, what, st);
}

static void cmd_load_error(struct sfpga_slot *s, unsigned st)
{
    s->cmd_status = st;
    sfpga_raise_priv(s, SFPGA_PIRQ_LOAD_ERROR);
    sfpga_log(s->dev, "sfpga: slot %u: bitstream refused with status %u", s->index, st);
}

static void cmd_load(struct sfpga_slot *s, uint64_t now)
{
    uint8_t hdr[SFPGA_BS_HDR_SIZE];
    struct sfpga_bitstream_info info;

    /* A preempted job is dropped by a load: the hypervisor saves it first. */
    if (s->state == SFPGA_SLOT_BUSY || s->state == SFPGA_SLOT_CONFIGURING) {
        cmd_refuse(s, SFPGA_ST_BAD_STATE, "load");
        return;
    }
    s->s2_enable = hw_reg_load32(s->ppage, SFPGA_P_S2_CTRL) & 1;
    s->s2_root = hw_reg_load64(s->ppage, SFPGA_P_S2_ROOT_LO);
    s->vmid = (uint16_t)hw_reg_load32(s->ppage, SFPGA_P_VMID);
    s->bs_addr = hw_reg_load64(s->ppage, SFPGA_P_BS_ADDR_LO);
    s->bs_len = hw_reg_load32(s->ppage, SFPGA_P_BS_LEN);
    /* The header is checked before reconfiguration starts, so a bad one
     * leaves the slot's current accelerator in place. */
    if (s->bs_len < SFPGA_BS_HDR_SIZE) {
        cmd_load_error(s, SFPGA_ST_BAD_SIZE);
        return;
    }
    unsigned f = sfpga_dma_read(s, s->bs_addr, hdr, sizeof hdr);
    if (f != SFPGA_FAULT_NONE) {
        s->pfault_code = f;
        s->pfault_addr = s->fault_addr;
        s->pfault_vmid = s->vmid;
        cmd_load_error(s, SFPGA_ST_DMA_FAULT);
        return;
    }
    /* Only the header is in hand; it is checked against BS_LEN. */
    unsigned st = sfpga_bitstream_check_header(hdr, s->bs_len, &info);
    if (st != SFPGA_ST_OK) {
        cmd_load_error(s, st);
        return;
    }
    /* Reconfiguration starts: the old accelerator is gone from here on. */
    s->accel = NULL;
    s->accel_version = 0;
    sfpga_job_clear_regs(s);
    s->load_accel = info.accel_id;
    s->load_version = info.accel_version;
    s->state = SFPGA_SLOT_CONFIGURING;
    s->cmd_status = SFPGA_ST_PENDING;
    s->load_end = now + SFPGA_RECONF_BASE_NS +
                  sfpga_ps_to_ns((uint64_t)s->bs_len * SFPGA_RECONF_PS_PER_BYTE);
}

/* The configuration port has streamed the whole image by now: check its CRC
 * and bring the accelerator up, or leave the slot empty. */
void sfpga_cmd_load_finish(struct sfpga_slot *s, uint64_t now)
{
    uint8_t buf[4096];
    uint32_t crc = 0xFFFFFFFFu, want = 0;
    (void)now;
    for (uint32_t off = 0; off < s->bs_len;) {
        uint32_t n = s->bs_len - off < sizeof buf ? s->bs_len - off : (uint32_t)sizeof buf;
        unsigned f = sfpga_dma_read(s, s->bs_addr + off, buf, n);
        if (f != SFPGA_FAULT_NONE) {
            s->state = SFPGA_SLOT_EMPTY;
            s->pfault_code = f;
            s->pfault_addr = s->fault_addr;
            s->pfault_vmid = s->vmid;
            cmd_load_error(s, SFPGA_ST_DMA_FAULT);
            return;
        }
        uint32_t skip = off == 0 ? SFPGA_BS_HDR_SIZE : 0;
        if (off == 0)
            want = sfpga_le32(buf + 0x10);
        crc = sfpga_crc32c_update(crc, buf + skip, n - skip);
        off += n;
    }
    if (~crc != want) {
        s->state = SFPGA_SLOT_EMPTY;
        cmd_load_error(s, SFPGA_ST_PAYLOAD_CRC);
        return;
    }
    s->accel = sfpga_accel_find(s->load_accel);
    s->accel_version = s->load_version;
    s->accel->init(s);
    s->state = SFPGA_SLOT_IDLE;
    s->loads++;
    s->cmd_status = SFPGA_ST_OK;
    sfpga_raise_priv(s, SFPGA_PIRQ_LOAD_DONE);
}

static uint8_t *cmd_ctx_area(struct sfpga_slot *s, uint32_t need)
{
    uint64_t addr = hw_reg_load64(s->ppage, SFPGA_P_CTX_ADDR_LO);
    uint32_t size = hw_reg_load32(s->ppage, SFPGA_P_CTX_SIZE);
    if (size < need) {
        cmd_refuse(s, SFPGA_ST_CTX_TOO_SMALL, "context save/restore");
        return NULL;
    }
    /* The area is the hypervisor's own memory: a machine PA, no stage 2. */
    uint8_t *p = hw_mem_ptr(&s->dev->mem, addr, need);
    if (!p) {
        s->pfault_code = SFPGA_FAULT_BUS;
        s->pfault_addr = addr;
        cmd_refuse(s, SFPGA_ST_DMA_FAULT, "context save/restore");
    }
    return p;
}

static void cmd_save(struct sfpga_slot *s)
{
    if (!s->accel || (s->state != SFPGA_SLOT_IDLE && s->state != SFPGA_SLOT_PREEMPTED)) {
        cmd_refuse(s, SFPGA_ST_BAD_STATE, "save");
        return;
    }
    uint32_t need = sfpga_cmd_ctx_size(s->accel);
    uint8_t *p = cmd_ctx_area(s, need);
    if (!p)
        return;
    uint8_t img[SFPGA_CTX_ACCEL_OFF + 512];
    memset(img, 0, need);
    sfpga_put_le32(img, SFPGA_CTX_MAGIC);
    img[4] = (uint8_t)SFPGA_CTX_LAYOUT;
    img[6] = (uint8_t)s->accel->id;
    sfpga_put_le32(img + 0x08, s->accel_version);
    sfpga_put_le32(img + 0x0C, need);
    sfpga_put_le32(img + 0x10, s->state);
    sfpga_put_le64(img + 0x18, s->progress);
    /* The function page as the guest last saw it (model values published). */
    for (uint32_t off = 0; off < SFPGA_F_SNAPSHOT_BYTES; off += 4)
        sfpga_put_le32(img + SFPGA_CTX_REGS_OFF + off, hw_reg_load32(s->fpage, off));
    sfpga_put_le32(img + SFPGA_CTX_REGS_OFF + SFPGA_F_CTRL, 0);
    sfpga_put_le32(img + SFPGA_CTX_REGS_OFF + SFPGA_F_IRQ_CLEAR, 0);
    uint8_t *j = img + SFPGA_CTX_JOB_OFF;
    sfpga_put_le64(j, s->job.src);
    sfpga_put_le64(j + 8, s->job.dst);
    sfpga_put_le32(j + 16, s->job.len);
    sfpga_put_le32(j + 20, s->job.flags);
    for (int i = 0; i < 8; i++)
        sfpga_put_le32(j + 24 + 4 * i, s->job.param[i]);
    sfpga_put_le32(j + 56, s->total_units);
    sfpga_put_le32(j + 60, s->irq_signalled);
    s->accel->save(s, img + SFPGA_CTX_ACCEL_OFF);
    sfpga_put_le32(img + 0x14, sfpga_crc32c(img + SFPGA_CTX_HDR_SIZE, need - SFPGA_CTX_HDR_SIZE));
    memcpy(p, img, need);
    s->cmd_status = SFPGA_ST_OK;
    sfpga_raise_priv(s, SFPGA_PIRQ_SAVED);
}

static void cmd_restore(struct sfpga_slot *s)
{
    if (!s->accel || s->state != SFPGA_SLOT_IDLE) {
        cmd_refuse(s, SFPGA_ST_BAD_STATE, "restore");
        return;
    }
    uint32_t need = sfpga_cmd_ctx_size(s->accel);
    uint8_t *p = cmd_ctx_area(s, SFPGA_CTX_HDR_SIZE);
    if (!p)
        return;
    unsigned id = (unsigned)p[6] | (unsigned)p[7] << 8;
    if (sfpga_le32(p) != SFPGA_CTX_MAGIC || p[4] != SFPGA_CTX_LAYOUT || p[5] ||
        sfpga_ctx_size(id) == 0 || sfpga_le32(p + 0x0C) != sfpga_ctx_size(id)) {
        cmd_refuse(s, SFPGA_ST_CTX_BAD, "restore (header)");
        return;
    }
    if (id != s->accel->id || sfpga_le32(p + 8) != s->accel_version) {
        cmd_refuse(s, SFPGA_ST_CTX_MISMATCH, "restore");
        return;
    }
    p = cmd_ctx_area(s, need);
    if (!p)
        return;
    uint8_t img[SFPGA_CTX_ACCEL_OFF + 512];
    memcpy(img, p, need); /* one copy: memory may change under us */
    uint32_t state = sfpga_le32(img + 0x10);
    uint64_t progress = sfpga_le64(img + 0x18);
    const uint8_t *j = img + SFPGA_CTX_JOB_OFF;
    uint32_t total = sfpga_le32(j + 56);
    if (sfpga_crc32c(img + SFPGA_CTX_HDR_SIZE, need - SFPGA_CTX_HDR_SIZE) != sfpga_le32(img + 0x14) ||
        (state != SFPGA_SLOT_IDLE && state != SFPGA_SLOT_PREEMPTED) || progress > total ||
        (state == SFPGA_SLOT_PREEMPTED && progress == total)) {
        cmd_refuse(s, SFPGA_ST_CTX_BAD, "restore (contents)");
        return;
    }
    struct sfpga_slot keep = *s;
    if (s->accel->restore(s, img + SFPGA_CTX_ACCEL_OFF) < 0) {
        *s = keep;
        cmd_refuse(s, SFPGA_ST_CTX_BAD, "restore (accelerator state)");
        return;
    }
    const uint8_t *r = img + SFPGA_CTX_REGS_OFF;
    for (uint32_t off = 0; off < SFPGA_F_SNAPSHOT_BYTES; off += 4)
        hw_reg_store32(s->fpage, off, sfpga_le32(r + off));
    s->job_status = sfpga_le32(r + SFPGA_F_STATUS);
    s->irq_status = sfpga_le32(r + SFPGA_F_IRQ_STATUS);
    s->fault_code = sfpga_le32(r + SFPGA_F_FAULT_CODE);
    s->fault_addr = sfpga_le64(r + SFPGA_F_FAULT_ADDR_LO);
    for (int i = 0; i < 16; i++)
        s->result[i] = sfpga_le32(r + SFPGA_F_RESULT(i));
    s->job.src = sfpga_le64(j);
    s->job.dst = sfpga_le64(j + 8);
    s->job.len = sfpga_le32(j + 16);
    s->job.flags = sfpga_le32(j + 20);
    for (int i = 0; i < 8; i++)
        s->job.param[i] = sfpga_le32(j + 24 + 4 * i);
    s->total_units = total;
    s->irq_signalled = sfpga_le32(j + 60) & s->irq_status;
    s->progress = (uint32_t)progress;
    s->state = state;
    s->cmd_status = SFPGA_ST_OK;
    sfpga_raise_priv(s, SFPGA_PIRQ_RESTORED);
}

void sfpga_cmd_reset_slot(struct sfpga_slot *s)
{
    s->accel = NULL;
    s->accel_version = 0;
    s->state = SFPGA_SLOT_EMPTY;
    sfpga_job_clear_regs(s);
    memset(s->ppage, 0, HW_PAGE_SIZE);
    memset(s->fpage, 0, HW_PAGE_SIZE);
    s->cmd_status = s->pirq_status = s->pirq_signalled = 0;
    s->jobs = s->loads = 0;
    s->pfault_code = s->pfault_vmid = 0;
    s->pfault_addr = s->busy_ns = 0;
    s->s2_enable = false;
    s->s2_root = 0;
    s->vmid = 0;
}

void sfpga_cmd_execute(struct sfpga_slot *s, uint32_t cmd, uint64_t now)
{
    switch (cmd) {
    case SFPGA_CMD_LOAD:
        cmd_load(s, now);
        break;
    case SFPGA_CMD_UNLOAD:
        if (s->state == SFPGA_SLOT_BUSY || s->state == SFPGA_SLOT_CONFIGURING) {
            cmd_refuse(s, SFPGA_ST_BAD_STATE, "unload");
            break;
        }
        s->accel = NULL;
        s->accel_version = 0;
        s->state = SFPGA_SLOT_EMPTY;
        sfpga_job_clear_regs(s);
        s->cmd_status = SFPGA_ST_OK;
        break;
    case SFPGA_CMD_PREEMPT:
        if (s->state == SFPGA_SLOT_BUSY) {
            s->preempt_pending = true; /* answered at the next chunk boundary */
            s->cmd_status = SFPGA_ST_PENDING;
        } else if (s->state == SFPGA_SLOT_CONFIGURING) {
            cmd_refuse(s, SFPGA_ST_BAD_STATE, "preempt");
        } else {
            s->cmd_status = SFPGA_ST_OK; /* nothing runs: preempted at once */
            sfpga_raise_priv(s, SFPGA_PIRQ_PREEMPTED);
        }
        break;
    case SFPGA_CMD_SAVE:
        cmd_save(s);
        break;
    case SFPGA_CMD_RESTORE:
        cmd_restore(s);
        break;
    case SFPGA_CMD_RESUME:
        if (s->state != SFPGA_SLOT_PREEMPTED) {
            cmd_refuse(s, SFPGA_ST_BAD_STATE, "resume");
            break;
        }
        sfpga_job_resume(s, now);
        s->cmd_status = SFPGA_ST_OK;
        break;
    case SFPGA_CMD_RESET:
        sfpga_cmd_reset_slot(s);
        s->cmd_status = SFPGA_ST_OK;
        break;
    default:
        cmd_refuse(s, SFPGA_ST_BAD_CMD, "unknown command");
        break;
    }
}
