/* Errors end the tool: it is a one-shot build step, so the only useful
 * reaction to bad input is one line naming what was wrong and exit 1.
 * (The fuzz harness, tests/tools/fuzz_sysdt.c, links its own diag_fail.) */
#include <stdarg.h>
#include <stdlib.h>

#include "sysdt.h"

/* Messages quote names and paths taken from the input, which may hold any
 * byte: control characters are escaped so the message stays one line. */
_Noreturn void diag_fail(const char *fmt, ...)
{
    char msg[2048];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    fputs("sysdt: ", stderr);
    for (const unsigned char *p = (const unsigned char *)msg; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            fprintf(stderr, "\\x%02x", *p);
        else
            fputc(*p, stderr);
    }
    fputc('\n', stderr);
    exit(1);
}
