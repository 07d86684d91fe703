/* sysdt: builds the system device tree (board DTB + system description) and
 * the QEMU argument file that boots it. Shared declarations of its parts:
 * diag.c (errors), xalloc.c (allocation), dtb.c (DTB buffers), merge.c
 * (board + config), place.c (module placement), qemu_args.c (machine and
 * argument file); cli.c holds main. */
#ifndef SYSDT_H
#define SYSDT_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A machine physical address: where QEMU puts bytes in the board's RAM.
 * Kept distinct from cell values read out of a DT property. */
typedef uint64_t machine_pa_t;

/* Boot modules (guest kernels, device trees) go here, above the hypervisor
 * (0x4000_0000) and below the RAM the hypervisor hands to domains. */
#define SYSDT_MODULE_AREA_BASE ((machine_pa_t)0x50000000)
#define SYSDT_MODULE_AREA_END  ((machine_pa_t)0x60000000)
#define SYSDT_MODULE_ALIGN     0x10000u

/* Machine defaults; the config's root may override them. */
#define SYSDT_DEFAULT_SMP       4u
#define SYSDT_DEFAULT_MEMORY_MB 2048u

/* A flattened tree in a heap buffer that grows when an edit needs room. */
struct dtb {
    void *blob;
    size_t size;
    const char *what;   /* "board DTB", "config DTB": used in messages */
    const char *file;
};

/* One module the tool placed: it gets a loader device in the QEMU args. */
struct sysdt_module {
    char *node;         /* path of the module node, for messages */
    char *image;        /* absolute path of the file to load */
    machine_pa_t addr;
    uint64_t size;
};

struct sysdt_modules {
    struct sysdt_module *v;
    size_t n;
    size_t cap;
};

struct sysdt_machine {
    unsigned smp;
    unsigned memory_mb;
};

/* diag.c */
_Noreturn void diag_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* xalloc.c */
void *xalloc_bytes(size_t size);
char *xalloc_strdup(const char *s);

/* dtb.c */
void dtb_load(struct dtb *d, const char *file, const char *what);
void dtb_adopt(struct dtb *d, void *buf, size_t len, const char *file, const char *what);
void dtb_write(struct dtb *d, const char *file);
void dtb_set_prop(struct dtb *d, int node, const char *name, const void *val, int len);
const char *dtb_node_path(const struct dtb *d, int node);
int dtb_find_child(const void *fdt, int parent, const char *name);
void dtb_free(struct dtb *d);

/* merge.c */
void merge_config_into_board(const struct dtb *board, const struct dtb *config,
                             struct dtb *out);

/* place.c */
void place_modules(struct dtb *out, struct sysdt_modules *mods);

/* qemu_args.c */
void qemu_args_read_machine(const struct dtb *config, struct sysdt_machine *m);
void qemu_args_print_machine(FILE *f, const struct sysdt_machine *m);
void qemu_args_check_extra(const struct dtb *config);
void qemu_args_write_file(const char *file, const struct dtb *config,
                          const struct sysdt_machine *m, const char *xen,
                          const char *dtb_file, const char *ram_dir,
                          const struct sysdt_modules *mods);

#endif
