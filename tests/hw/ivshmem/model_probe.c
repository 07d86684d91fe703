/* Connects to a vcoproc-model as QEMU would, checks the handshake gives the
 * expected number of vectors, and that BAR2 holds the expected 32-bit value
 * at a given offset (a model's ID register): proves any model the process
 * hosts comes up behind the transport.
 *   model_probe SOCKET VECTORS OFFSET EXPECTED NAME */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fake_client.h"

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: model_probe SOCKET VECTORS OFFSET EXPECTED NAME\n");
        return 2;
    }
    struct fake_client c;
    unsigned vectors = (unsigned)strtoul(argv[2], NULL, 0);
    uint64_t off = strtoull(argv[3], NULL, 0);
    uint32_t want = (uint32_t)strtoul(argv[4], NULL, 0);
    if (fake_client_handshake(&c, argv[1], vectors)) {
        printf("FAIL %s: handshake: %s\n", argv[5], c.err);
        return 0;
    }
    uint32_t got = 0;
    if (off + 4 <= c.shm_size)
        memcpy(&got, c.shm + off, 4);
    if (got == want)
        printf("PASS %s (id 0x%08x, %u vectors, %llu-byte BAR2)\n", argv[5], got, vectors,
               (unsigned long long)c.shm_size);
    else
        printf("FAIL %s: BAR2+0x%llx is 0x%08x, expected 0x%08x\n", argv[5],
               (unsigned long long)off, got, want);
    fake_client_close(&c);
    return 0;
}
