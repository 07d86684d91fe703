/* Test rig and references (see rig.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rig.h"

static void rig_irq(void *ctx, unsigned vector)
{
    struct rig *r = ctx;
    if (vector < 2 * SFPGA_MAX_SLOTS)
        r->irqs[vector]++;
}

static void rig_log(void *ctx, const char *msg)
{
    (void)ctx;
    (void)msg; /* refusals are expected in these tests; the registers say it */
}

void rig_init(struct rig *r, unsigned nslots)
{
    memset(r, 0, sizeof *r);
    pt_machine_init(&r->pm, RIG_RAM_PA, RIG_RAM_SIZE, 4u << 20);
    for (int d = 0; d < 2; d++) {
        r->s2_root[d] = pt_alloc_page(&r->pm);
        pt_map(&r->pm, r->s2_root[d], RIG_DOM_IPA, RIG_DOM_PA(d), RIG_DOM_SIZE - 0x10000,
               PT_S2_RW, 0);
        pt_map(&r->pm, r->s2_root[d], RIG_RO_IPA, RIG_DOM_PA(d) + RIG_DOM_SIZE - 0x10000,
               0x10000, PT_S2_R, 0);
    }
    struct sfpga_config cfg = { .mem = r->pm.mem, .nslots = nslots, .raise_irq = rig_irq,
                                .irq_ctx = r, .log = rig_log };
    char err[200];
    r->f = sfpga_create(&cfg, err, sizeof err);
    if (!r->f) {
        fprintf(stderr, "rig: %s\n", err);
        exit(2);
    }
    r->n = sfpga_nslots(r->f);
}

void rig_free(struct rig *r)
{
    sfpga_destroy(r->f);
    pt_machine_free(&r->pm);
}

uint8_t *rig_ipa(struct rig *r, int d, uint64_t ipa)
{
    return hw_mem_ptr(&r->pm.mem, RIG_DOM_PA(d) + (ipa - RIG_DOM_IPA), 1);
}

void rig_fw(struct rig *r, unsigned k, uint32_t off, uint32_t v)
{
    if (sfpga_reg_write(r->f, SFPGA_PAGE_FUNC(k), off, 4, v))
        printf("  rig: function write 0x%x refused\n", off);
}

uint32_t rig_fr(struct rig *r, unsigned k, uint32_t off)
{
    uint64_t v;
    sfpga_reg_read(r->f, SFPGA_PAGE_FUNC(k), off, 4, &v);
    return (uint32_t)v;
}

void rig_pw(struct rig *r, unsigned k, uint32_t off, uint32_t v)
{
    if (sfpga_reg_write(r->f, SFPGA_PAGE_PRIV(r->n, k), off, 4, v))
        printf("  rig: privileged write 0x%x refused\n", off);
}

uint32_t rig_pr(struct rig *r, unsigned k, uint32_t off)
{
    uint64_t v;
    sfpga_reg_read(r->f, SFPGA_PAGE_PRIV(r->n, k), off, 4, &v);
    return (uint32_t)v;
}

void rig_set64(struct rig *r, unsigned k, uint32_t lo_off, uint64_t v)
{
    rig_fw(r, k, lo_off, (uint32_t)v);
    rig_fw(r, k, lo_off + 4, (uint32_t)(v >> 32));
}

void rig_ring(struct rig *r) { sfpga_doorbell(r->f, r->now); }

void rig_settle(struct rig *r)
{
    for (;;) {
        uint64_t next = sfpga_advance(r->f, r->now);
        if (next == HW_MODEL_IDLE)
            return;
        r->now = next;
    }
}

void rig_assign(struct rig *r, unsigned k, int d)
{
    rig_pw(r, k, SFPGA_P_S2_ROOT_LO, (uint32_t)r->s2_root[d]);
    rig_pw(r, k, SFPGA_P_S2_ROOT_HI, (uint32_t)(r->s2_root[d] >> 32));
    rig_pw(r, k, SFPGA_P_VMID, (uint32_t)d + 1);
    rig_pw(r, k, SFPGA_P_S2_CTRL, 1);
}

uint32_t rig_load(struct rig *r, unsigned k, int d, uint64_t ipa, unsigned accel, uint32_t size)
{
    sfpga_bitstream_build(rig_ipa(r, d, ipa), size, accel, 0x100 + accel, accel * 7919u);
    rig_pw(r, k, SFPGA_P_BS_ADDR_LO, (uint32_t)ipa);
    rig_pw(r, k, SFPGA_P_BS_ADDR_HI, (uint32_t)(ipa >> 32));
    rig_pw(r, k, SFPGA_P_BS_LEN, size);
    rig_pw(r, k, SFPGA_P_CMD, SFPGA_CMD_LOAD);
    rig_ring(r);
    rig_settle(r);
    return rig_pr(r, k, SFPGA_P_CMD_STATUS);
}

void rig_start(struct rig *r, unsigned k)
{
    rig_fw(r, k, SFPGA_F_CTRL, SFPGA_CTRL_START);
    rig_ring(r);
}

uint32_t rig_rand(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

void rig_fill(uint8_t *p, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)rig_rand(&seed);
}
