/* The physical GICv3 ITS and LPIs at EL2: what device drivers need to turn
 * a device's MSI (DeviceID, EventID) into an LPI taken by the hypervisor.
 *
 * Everything here runs at boot on the boot pCPU, before secondaries start:
 * its_init sets up the LPI tables of every redistributor (the registers are
 * memory-mapped, so one pCPU can do all of them) and the ITS itself. */
#ifndef ASM_ITS_H
#define ASM_ITS_H
#include <asm/gic.h>
#include <xen/types.h>

#define LPI_BASE 8192u   /* the first LPI INTID */

/* Finds the host DT node compatible with "arm,gic-v3-its", enables LPIs on
 * every pCPU's redistributor and brings up that ITS (tables, command queue,
 * one collection per pCPU). Returns 0, or -1 after logging why (no ITS, no
 * LPI support, out of memory, a command that did not complete). */
int its_init(const void *fdt);

/* Whether its_init succeeded. */
bool its_ready(void);

/* The ITS node's offset in the host DT its_init was given (for msi-map
 * and msi-parent checks), or -1 without a working ITS. */
int its_dt_node(void);

/* The machine address devices write MSIs to (GITS_TRANSLATER). */
paddr_t its_doorbell_address(void);

/* Maps DeviceID to a fresh interrupt translation table able to hold
 * nr_events EventIDs (MAPD). Once per device. 0, or -1 after logging. */
int its_map_device(uint32_t devid, unsigned nr_events);

/* Allocates an LPI, enables it at its priority in the configuration table,
 * maps (devid, eventid) to it in the collection of pCPU `pcpu` (MAPTI, INV,
 * SYNC) and installs fn(arg) as its handler. The device must have been
 * mapped with its_map_device. Stores the LPI's INTID in *lpi; 0, or -1
 * after logging. */
int its_map_event(uint32_t devid, uint32_t eventid, unsigned pcpu, irq_handler_t fn, void *arg,
                  uint32_t *lpi);
#endif
