/* An SGPU in the simulator: the in-process model (hw/sgpu, build/hw/libsgpu.a)
 * behind a device window at a machine PA, DMA into the simulated machine RAM,
 * its two MSI-X vectors as physical interrupts irq_base + vector, run on the
 * virtual clock. The register window is BAR2 as the model lays it out: 8 KiB,
 * page 0 function registers, page 1 privileged. */
#ifndef SIM_SGPU_DEV_H
#define SIM_SGPU_DEV_H
#include <stdint.h>

#define SIM_SGPU_WINDOW 0x2000ull

struct sim_sgpu;
struct sim_sgpu *sim_sgpu_create(uint64_t pa, uint32_t irq_base);
void sim_sgpu_destroy(struct sim_sgpu *d);
/* The model itself (struct sgpu *), for tests that inspect it. */
struct sgpu *sim_sgpu_model(struct sim_sgpu *d);
/* Register accesses the window has seen (each write is a doorbell). */
uint64_t sim_sgpu_writes(const struct sim_sgpu *d);
#endif
