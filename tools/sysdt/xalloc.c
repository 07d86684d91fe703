/* Allocation that cannot fail quietly: running out of memory is reported
 * like any other error, naming the size asked for. */
#include <stdlib.h>
#include <string.h>

#include "sysdt.h"

void *xalloc_bytes(size_t size)
{
    void *p = malloc(size ? size : 1);

    if (!p)
        diag_fail("out of memory (%zu bytes)", size);
    return p;
}

char *xalloc_strdup(const char *s)
{
    size_t n = strlen(s) + 1;

    return memcpy(xalloc_bytes(n), s, n);
}
