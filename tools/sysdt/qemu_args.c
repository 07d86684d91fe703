/* The QEMU side: the machine a config asks for, and the argument file that
 * boots the system (one argument per line, read back by
 * scripts/run-system.sh without any shell splitting). */
#include <errno.h>
#include <libfdt.h>
#include <string.h>

#include "sysdt.h"

/* Bounds of what the virt board accepts with GICv3 (512 CPUs) and of RAM
 * that still holds the module area (it ends 512 MiB into RAM). */
#define QEMU_ARGS_SMP_MAX       512u
#define QEMU_ARGS_MEMORY_MB_MIN 512u
#define QEMU_ARGS_MEMORY_MB_MAX (255u * 1024u)

static unsigned qemu_args_read_u32(const struct dtb *config, const char *prop, unsigned dflt,
                                   unsigned min, unsigned max)
{
    int len;
    const fdt32_t *v = fdt_getprop(config->blob, 0, prop, &len);
    unsigned n;

    if (!v)
        return dflt;
    if (len != 4)
        diag_fail("config root: %s must be one cell (<n>), not %d bytes", prop, len);
    n = fdt32_to_cpu(*v);
    if (n < min || n > max)
        diag_fail("config root: %s = <%u> is out of range %u..%u", prop, n, min, max);
    return n;
}

void qemu_args_read_machine(const struct dtb *config, struct sysdt_machine *m)
{
    m->smp = qemu_args_read_u32(config, "vcoproc,qemu-smp", SYSDT_DEFAULT_SMP,
                                1, QEMU_ARGS_SMP_MAX);
    m->memory_mb = qemu_args_read_u32(config, "vcoproc,qemu-memory-mb",
                                      SYSDT_DEFAULT_MEMORY_MB,
                                      QEMU_ARGS_MEMORY_MB_MIN, QEMU_ARGS_MEMORY_MB_MAX);
}

/* The arguments that shape the board, and so its DTB: run-system.sh dumps
 * the board with exactly these before the merge. */
void qemu_args_print_machine(FILE *f, const struct sysdt_machine *m)
{
    fprintf(f, "-M\nvirt,virtualization=on,gic-version=3\n"
               "-cpu\ncortex-a57\n"
               "-smp\n%u\n"
               "-m\n%uM\n"
               "-nographic\n-nodefaults\n"
               "-serial\nstdio\n"
               "-monitor\nnone\n", m->smp, m->memory_mb);
}

/* QEMU splits option values at commas; a literal comma is written twice. */
static void qemu_args_put_value(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == ',')
            fputc(',', f);
        fputc(*s, f);
    }
}

static void qemu_args_check_line(const char *what, const char *s)
{
    if (strchr(s, '\n'))
        diag_fail("%s '%s' contains a newline, which the argument file cannot hold", what, s);
}

/* vcoproc,qemu-args: a list of non-empty strings, passed on verbatim.
 * With f NULL it only checks them, so nothing is written for a bad one. */
static void qemu_args_put_extra(FILE *f, const struct dtb *config)
{
    int len;
    const char *v = fdt_getprop(config->blob, 0, "vcoproc,qemu-args", &len);
    const char *end;

    if (!v)
        return;
    if (len == 0 || v[len - 1] != '\0')
        diag_fail("config root: vcoproc,qemu-args must be a list of strings");
    for (end = v + len; v < end; v += strlen(v) + 1) {
        if (!*v)
            diag_fail("config root: vcoproc,qemu-args holds an empty string");
        if (strchr(v, '\n'))
            diag_fail("config root: vcoproc,qemu-args string '%s' contains a newline", v);
        if (f)
            fprintf(f, "%s\n", v);
    }
}

void qemu_args_check_extra(const struct dtb *config)
{
    qemu_args_put_extra(NULL, config);
}

void qemu_args_write_file(const char *file, const struct dtb *config,
                          const struct sysdt_machine *m, const char *xen,
                          const char *dtb_file, const char *ram_dir,
                          const struct sysdt_modules *mods)
{
    FILE *f;

    qemu_args_check_line("xen image path", xen);
    qemu_args_check_line("output DTB path", dtb_file);
    qemu_args_check_line("RAM directory", ram_dir);
    for (size_t i = 0; i < mods->n; i++)
        qemu_args_check_line("module image path", mods->v[i].image);
    qemu_args_check_extra(config);
    f = fopen(file, "w");
    if (!f)
        diag_fail("cannot write argument file '%s': %s", file, strerror(errno));
    qemu_args_print_machine(f, m);
    /* Machine RAM lives in a shared file so device-model processes can map
     * it and do DMA into guest memory. */
    fprintf(f, "-machine\nmemory-backend=ram0\n-object\n"
               "memory-backend-file,id=ram0,size=%uM,mem-path=", m->memory_mb);
    qemu_args_put_value(f, ram_dir);
    fprintf(f, "/ram,share=on\n");
    fprintf(f, "-kernel\n%s\n-dtb\n%s\n", xen, dtb_file);
    for (size_t i = 0; i < mods->n; i++) {
        fprintf(f, "-device\nloader,file=");
        qemu_args_put_value(f, mods->v[i].image);
        fprintf(f, ",addr=0x%llx,force-raw=on\n", (unsigned long long)mods->v[i].addr);
    }
    qemu_args_put_extra(f, config);
    if (fclose(f) != 0)
        diag_fail("cannot write argument file '%s': %s", file, strerror(errno));
}
