/* The simulated machine's RAM: one host mapping standing for machine PAs
 * [SIM_MACHINE_PA, SIM_MACHINE_PA + SIM_MACHINE_SIZE). Every domain's RAM,
 * its stage-2 tables and the drivers' DMA buffers (context-save areas) are
 * carved from it, so device models reach all of them through one struct
 * hw_mem and real table walks, as they do over QEMU's RAM file. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "coproc/coproc.h"
#include "sim/machine.h"
#include "sim/sim.h"

static uint8_t *ram;
static uint64_t next_free;   /* bump pointer, offset into ram */
static uint64_t live;        /* allocations not yet freed */

static bool machine_map(void)
{
    if (ram)
        return true;
    /* reserved lazily: only touched pages cost host memory */
    void *p = mmap(NULL, SIM_MACHINE_SIZE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        fprintf(stderr, "sim: cannot reserve %llu MiB of machine RAM\n",
                (unsigned long long)(SIM_MACHINE_SIZE >> 20));
        return false;
    }
    ram = p;
    return true;
}

struct hw_mem sim_machine_mem(void)
{
    struct hw_mem m = { NULL, SIM_MACHINE_PA, 0 };
    if (machine_map()) {
        m.base = ram;
        m.size = SIM_MACHINE_SIZE;
    }
    return m;
}

void *sim_machine_alloc(uint64_t size, uint64_t *pa)
{
    if (!machine_map() || !size)
        return NULL;
    size = (size + 4095) & ~4095ull;
    if (size > SIM_MACHINE_SIZE - next_free)
        return NULL;
    uint8_t *p = ram + next_free;
    *pa = SIM_MACHINE_PA + next_free;
    next_free += size;
    live++;
    memset(p, 0, size);
    return p;
}

void sim_machine_free(void *p)
{
    if (!p)
        return;
    /* a bump allocator: space comes back when everything is freed, which
     * is when a simulated system has been torn down */
    if (live && --live == 0) {
        madvise(ram, next_free, MADV_DONTNEED);
        next_free = 0;
    }
}

uint64_t sim_machine_used(void)
{
    return next_free;
}

/* ---- platform interface: device-reachable memory ---- */
void *platform_dma_alloc(size_t size, coproc_pa_t *pa)
{
    uint64_t a;
    void *p = sim_machine_alloc(size, &a);
    if (p)
        *pa = coproc_pa(a);
    return p;
}

void platform_dma_free(void *p)
{
    sim_machine_free(p);
}
