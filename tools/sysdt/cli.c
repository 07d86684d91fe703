/* sysdt's command line. Everything is read and checked before anything is
 * written, so a failed run leaves no half-made output behind. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sysdt.h"

struct cli_opts {
    const char *board;
    const char *config;
    const char *out;
    const char *args;
    const char *xen;
    const char *ram_dir;
    const char *machine_args;
};

static const char cli_usage[] =
    "usage: sysdt --board BOARD.dtb --config CONFIG.dtb --out SYSTEM.dtb --args QEMU.args\n"
    "             --xen IMAGE [--ram-dir DIR]\n"
    "       sysdt --machine-args CONFIG.dtb\n"
    "\n"
    "Merges the system description CONFIG.dtb (domains under /chosen) into the\n"
    "board DTB dumped by QEMU, places every module with vcoproc,image in the\n"
    "module area 0x50000000-0x60000000, writes SYSTEM.dtb and the QEMU argument\n"
    "file (one argument per line). The machine RAM file is DIR/ram (DIR defaults\n"
    "to the directory of SYSTEM.dtb). --machine-args prints the machine arguments\n"
    "alone, one per line, for dumping a matching board DTB.\n";

static const char **cli_find_slot(struct cli_opts *o, const char *name)
{
    static const struct { const char *name; size_t off; } table[] = {
        { "--board", offsetof(struct cli_opts, board) },
        { "--config", offsetof(struct cli_opts, config) },
        { "--out", offsetof(struct cli_opts, out) },
        { "--args", offsetof(struct cli_opts, args) },
        { "--xen", offsetof(struct cli_opts, xen) },
        { "--ram-dir", offsetof(struct cli_opts, ram_dir) },
        { "--machine-args", offsetof(struct cli_opts, machine_args) },
    };

    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        if (strcmp(name, table[i].name) == 0)
            return (const char **)((char *)o + table[i].off);
    return NULL;
}

/* Accepts "--opt value" and "--opt=value"; each option at most once. */
static void cli_parse(int argc, char **argv, struct cli_opts *o)
{
    for (int i = 1; i < argc; i++) {
        char name[64];
        const char *arg = argv[i], *eq = strchr(arg, '='), *val;
        const char **slot;

        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(cli_usage, stdout);
            exit(0);
        }
        if (strncmp(arg, "--", 2) != 0)
            diag_fail("unexpected argument '%s' (see sysdt --help)", arg);
        snprintf(name, sizeof(name), "%.*s", eq ? (int)(eq - arg) : (int)strlen(arg), arg);
        slot = cli_find_slot(o, name);
        if (!slot)
            diag_fail("unknown option '%s' (see sysdt --help)", name);
        if (eq)
            val = eq + 1;
        else if (i + 1 < argc)
            val = argv[++i];
        else
            diag_fail("option %s needs a value", name);
        if (!*val)
            diag_fail("option %s needs a non-empty value", name);
        if (*slot)
            diag_fail("option %s given twice", name);
        *slot = val;
    }
}

static void cli_require(const char *val, const char *name)
{
    if (!val)
        diag_fail("missing option %s (see sysdt --help)", name);
}

static int cli_machine_args(const struct cli_opts *o)
{
    struct dtb config;
    struct sysdt_machine m;

    if (o->board || o->config || o->out || o->args || o->xen || o->ram_dir)
        diag_fail("--machine-args takes no other option");
    dtb_load(&config, o->machine_args, "config DTB");
    qemu_args_read_machine(&config, &m);
    qemu_args_print_machine(stdout, &m);
    dtb_free(&config);
    return 0;
}

/* The RAM directory defaults to the output DTB's directory. */
static void cli_resolve_ram_dir(const struct cli_opts *o, char *abs)
{
    char tmp[PATH_MAX];
    const char *dir = o->ram_dir;

    if (!dir) {
        snprintf(tmp, sizeof(tmp), "%s", o->out);
        dir = dirname(tmp);
    }
    if (!realpath(dir, abs))
        diag_fail("RAM directory '%s': %s", dir, strerror(errno));
}

int main(int argc, char **argv)
{
    struct cli_opts o = { 0 };
    struct dtb board, config, out;
    struct sysdt_machine m;
    struct sysdt_modules mods = { 0 };
    char xen[PATH_MAX], ram_dir[PATH_MAX], dtb_abs[PATH_MAX];
    struct stat st;

    cli_parse(argc, argv, &o);
    if (o.machine_args)
        return cli_machine_args(&o);
    cli_require(o.board, "--board");
    cli_require(o.config, "--config");
    cli_require(o.out, "--out");
    cli_require(o.args, "--args");
    cli_require(o.xen, "--xen");
    if (!realpath(o.xen, xen))
        diag_fail("xen image '%s': %s", o.xen, strerror(errno));
    if (stat(xen, &st) != 0 || !S_ISREG(st.st_mode))
        diag_fail("xen image '%s' is not a regular file", o.xen);
    cli_resolve_ram_dir(&o, ram_dir);

    dtb_load(&board, o.board, "board DTB");
    dtb_load(&config, o.config, "config DTB");
    qemu_args_read_machine(&config, &m);
    qemu_args_check_extra(&config);
    merge_config_into_board(&board, &config, &out);
    place_modules(&out, &mods);

    dtb_write(&out, o.out);
    if (!realpath(o.out, dtb_abs))
        diag_fail("output DTB '%s': %s", o.out, strerror(errno));
    qemu_args_write_file(o.args, &config, &m, xen, dtb_abs, ram_dir, &mods);

    for (size_t i = 0; i < mods.n; i++) {
        free(mods.v[i].node);
        free(mods.v[i].image);
    }
    free(mods.v);
    dtb_free(&out);
    dtb_free(&config);
    dtb_free(&board);
    return 0;
}
