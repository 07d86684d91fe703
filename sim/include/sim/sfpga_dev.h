/* An SFPGA in the simulator: the in-process model (hw/sfpga, build/hw/libsfpga.a)
 * behind a device window at a machine PA (BAR2 as the model lays it out:
 * global page, N function pages, N privileged pages), DMA into the simulated
 * machine RAM, its 2N MSI-X vectors as physical interrupts irq_base + vector,
 * run on the virtual clock. */
#ifndef SIM_SFPGA_DEV_H
#define SIM_SFPGA_DEV_H
#include <stdbool.h>
#include <stdint.h>

struct sim_sfpga;
/* nslots 1..8; NULL (and a message on stderr) when the model cannot start. */
struct sim_sfpga *sim_sfpga_create(uint64_t pa, uint32_t irq_base, unsigned nslots);
void sim_sfpga_destroy(struct sim_sfpga *d);
/* Deferred doorbells: stores take effect together in an event at the same
 * virtual time, after the code that made them returns (as under the
 * hypervisor, which rings when the coproc lock is released), instead of
 * one doorbell per store. */
void sim_sfpga_set_deferred(struct sim_sfpga *d, bool on);
/* Bytes of the register window (SFPGA_NUM_PAGES(nslots) pages). */
uint64_t sim_sfpga_window(const struct sim_sfpga *d);
/* The model itself (struct sfpga *), for tests that inspect it. */
struct sfpga *sim_sfpga_model(struct sim_sfpga *d);
#endif
