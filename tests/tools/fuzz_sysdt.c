/* libFuzzer target for sysdt's input handling: the fuzzed bytes are a config
 * DTB, checked, merged into a small fixed board and given module placement,
 * exactly as sysdt does. sysdt ends on its first error; here diag_fail
 * jumps back instead, so one process tries many inputs. */
#include <libfdt.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/sysdt/sysdt.h"

static jmp_buf fuzz_recover;
static struct dtb fuzz_board, fuzz_config, fuzz_out;
static struct sysdt_modules fuzz_mods;

_Noreturn void diag_fail(const char *fmt, ...)
{
    (void)fmt;
    longjmp(fuzz_recover, 1);
}

/* A board like QEMU's in what the merge touches: root cells, a GIC with
 * QEMU's phandle, a /chosen with the board's own property. */
static void fuzz_make_board(void)
{
    static char buf[4096];
    int err = fdt_create(buf, sizeof(buf));

    err |= fdt_finish_reservemap(buf);
    err |= fdt_begin_node(buf, "");
    err |= fdt_property_cell(buf, "#address-cells", 2);
    err |= fdt_property_cell(buf, "#size-cells", 2);
    err |= fdt_begin_node(buf, "intc@8000000");
    err |= fdt_property_cell(buf, "phandle", 0x8005);
    err |= fdt_end_node(buf);
    err |= fdt_begin_node(buf, "chosen");
    err |= fdt_property_string(buf, "stdout-path", "/pl011@9000000");
    err |= fdt_end_node(buf);
    err |= fdt_end_node(buf);
    err |= fdt_finish(buf);
    if (err)
        abort();
    fuzz_board.blob = buf;
    fuzz_board.size = sizeof(buf);
    fuzz_board.what = "board DTB";
    fuzz_board.file = "fuzz board";
}

static void fuzz_release(void)
{
    for (size_t i = 0; i < fuzz_mods.n; i++) {
        free(fuzz_mods.v[i].node);
        free(fuzz_mods.v[i].image);
    }
    free(fuzz_mods.v);
    free(fuzz_config.blob);
    free(fuzz_out.blob);
    memset(&fuzz_mods, 0, sizeof(fuzz_mods));
    memset(&fuzz_config, 0, sizeof(fuzz_config));
    memset(&fuzz_out, 0, sizeof(fuzz_out));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sysdt_machine m;
    void *copy;

    if (!fuzz_board.blob)
        fuzz_make_board();
    if (size > (1u << 20))
        return 0;
    copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    if (setjmp(fuzz_recover) == 0) {
        dtb_adopt(&fuzz_config, copy, size, "fuzz input", "config DTB");
        qemu_args_read_machine(&fuzz_config, &m);
        qemu_args_check_extra(&fuzz_config);
        merge_config_into_board(&fuzz_board, &fuzz_config, &fuzz_out);
        place_modules(&fuzz_out, &fuzz_mods);
    }
    fuzz_release();
    return 0;
}
