#!/bin/sh
# hw/sgpu: register semantics, every command and kernel against host
# references on both executors, preemption at every work-group boundary,
# translation faults, malformed input, hangs, and a brief fuzz run.
B=${BUILD:-build}
rc=0
for t in basic faults kernels; do
    "$B/hw/tests/test-sgpu-$t" || rc=1
done
# No OpenCL platform visible to the ICD loader: the model must say so and
# use the built-in executor.
OCL_ICD_VENDORS=/nonexistent-sgpu-test "$B/hw/tests/test-sgpu-basic" --opencl-fallback || rc=1
# The SGPU in the ivshmem model process, with the OpenCL executor, driven
# through the real protocol by a host-side client playing QEMU.
MODEL=$B/hw/vcoproc-model
if [ -x "$MODEL" ] && [ -x "$B/hw/tests/test-sgpu-process" ]; then
    tmp=$(mktemp -d /tmp/hw-sgpu.XXXXXX)
    truncate -s 4M "$tmp/vm.ram"
    timeout 120 "$MODEL" --device sgpu --socket "$tmp/sock" --ram "$tmp/vm.ram" \
        --options executor=opencl 2>"$tmp/model.log" &
    model_pid=$!
    i=0
    while [ ! -S "$tmp/sock" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
    timeout 60 "$B/hw/tests/test-sgpu-process" "$tmp/sock" "$tmp/vm.ram" 0x40000000 1 || rc=1
    kill "$model_pid" 2>/dev/null
    wait "$model_pid" 2>/dev/null
    if grep -q "OpenCL executor unavailable" "$tmp/model.log"; then
        echo "FAIL sgpu-process-opencl: $(grep -m1 OpenCL "$tmp/model.log")"
    fi
    rm -rf "$tmp"
else
    echo "FAIL sgpu-process: $MODEL or test-sgpu-process not built"
fi

# Brief libFuzzer run (the long one is `make fuzz-sgpu`): fixed seed and run
# count so the suite is repeatable; any crash, leak or sanitizer report
# fails it.
log=$B/test-logs/fuzz-sgpu.log
mkdir -p "$B/test-logs"
if "$B/fuzz/sgpu/fuzz-sgpu" -runs=20000 -seed=1 -timeout=10 -rss_limit_mb=2048 >"$log" 2>&1; then
    echo "PASS sgpu-fuzz-brief ($(grep -o 'Done [0-9]* runs' "$log"))"
else
    echo "FAIL sgpu-fuzz-brief: libFuzzer reported a problem, see $log"
    tail -20 "$log"
fi
exit $rc
