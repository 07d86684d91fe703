#!/bin/sh
# The SFPGA model: registers, bitstreams, interrupts, stage-2 translation,
# malformed input, every accelerator against its reference with and without
# preemption, then a short libFuzzer run over the bitstream loader, context
# restore and job registers (SFPGA_FUZZ_TEST_SECONDS, default 10).
B=${BUILD:-build}
"$B/tests/hw/sfpga/test_sfpga" || echo "FAIL sfpga-unit: exited with status $?"

tmp=$(mktemp -d /tmp/hw-sfpga.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/corpus"
if ! "$B/fuzz/sfpga/mkseeds" "$tmp/corpus"; then
    echo "FAIL sfpga-fuzz-brief: seed corpus not written"
    exit 0
fi
secs=${SFPGA_FUZZ_TEST_SECONDS:-10}
if timeout $((secs + 60)) "$B/fuzz/sfpga/fuzz-sfpga" -max_total_time="$secs" -timeout=10 \
        -artifact_prefix="$tmp/" "$tmp/corpus" >"$tmp/fuzz.log" 2>&1; then
    echo "PASS sfpga-fuzz-brief ($(grep -o 'Done [0-9]* runs' "$tmp/fuzz.log") in ${secs}s)"
else
    echo "FAIL sfpga-fuzz-brief: $(grep -m3 -E 'ERROR|SUMMARY|abort' "$tmp/fuzz.log" | tr '\n' '|')"
    ls "$tmp"/crash-* "$tmp"/timeout-* 2>/dev/null | head -3
fi
exit 0
