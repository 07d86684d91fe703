/* CRC32C accelerator: a running CRC over any number of jobs; RESULT0 is the
 * finished CRC (~state), RESULT1 the raw state. */
#include "sfpga_internal.h"

#define CRC_PS_PER_BYTE 250u /* 4 GB/s */

static void crc_init(struct sfpga_slot *s) { s->st.crc = 0xFFFFFFFFu; }

static unsigned crc_start(struct sfpga_slot *s)
{
    if (s->job.flags & SFPGA_CRC_INIT)
        crc_init(s);
    return SFPGA_FAULT_NONE;
}

static uint32_t crc_total(const struct sfpga_slot *s) { return s->job.len; }

static uint64_t crc_cost(const struct sfpga_slot *s, uint32_t units)
{
    (void)s;
    return (uint64_t)units * CRC_PS_PER_BYTE;
}

static unsigned crc_run(struct sfpga_slot *s, uint32_t first, uint32_t units)
{
    uint8_t buf[SFPGA_CHUNK_BYTES];
    unsigned f = sfpga_dma_read(s, s->job.src + first, buf, units);
    if (f == SFPGA_FAULT_NONE)
        s->st.crc = sfpga_crc32c_update(s->st.crc, buf, units);
    return f;
}

static unsigned crc_finish(struct sfpga_slot *s)
{
    s->result[0] = ~s->st.crc;
    s->result[1] = s->st.crc;
    return SFPGA_FAULT_NONE;
}

/* Context: raw state (4), reserved (4). */
static void crc_save(const struct sfpga_slot *s, uint8_t *out)
{
    sfpga_put_le32(out, s->st.crc);
    sfpga_put_le32(out + 4, 0);
}

static int crc_restore(struct sfpga_slot *s, const uint8_t *in)
{
    s->st.crc = sfpga_le32(in);
    return 0;
}

const struct sfpga_accel_ops sfpga_accel_crc32c = {
    .id = SFPGA_ACCEL_CRC32C, .name = "crc32c", .state_size = 8,
    .chunk_units = SFPGA_CHUNK_BYTES, .init = crc_init, .start = crc_start,
    .total_units = crc_total, .cost_ps = crc_cost, .run = crc_run, .finish = crc_finish,
    .save = crc_save, .restore = crc_restore,
};
