#!/bin/sh
# Host tools: sysdt (merge, module placement, QEMU arguments, errors, mutated
# inputs under sanitizers, libFuzzer), the example configs, and
# scripts/run-system.sh (end to end in QEMU with a stand-in hypervisor).
# Needs the binaries of `make all $(TEST_TARGETS)`, as `make test` builds.
cd "$(dirname "$0")/../.." || exit 1
for bin in build/tools/sysdt build/tools/test/sysdt-san build/tools/test/fuzz-sysdt \
    build/tools/test/fake-xen.bin build/tools/test/fake-xen-spin.bin; do
    if [ ! -f "$bin" ]; then
        echo "FAIL tools-built: $bin is missing (run make all \$(TEST_TARGETS))"
        exit 0
    fi
done
for t in sysdt_merge sysdt_place sysdt_args sysdt_errors sysdt_mutate sysdt_fuzz \
    configs run_system; do
    sh "tests/tools/$t.sh" || echo "FAIL tools-$t: exited with status $?"
done
exit 0
