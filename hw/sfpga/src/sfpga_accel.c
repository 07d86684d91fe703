/* The accelerators a slot can be configured with, by bitstream id. */
#include <stddef.h>

#include "sfpga_internal.h"

const struct sfpga_accel_ops *sfpga_accel_find(unsigned id)
{
    static const struct sfpga_accel_ops *const all[] = {
        &sfpga_accel_sha256, &sfpga_accel_crc32c, &sfpga_accel_aes128ctr,
        &sfpga_accel_fir, &sfpga_accel_matmul8,
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (all[i]->id == id)
            return all[i];
    return NULL;
}
