#!/bin/sh
# Runs every benchmark in bench/suites/*.sh (or those named). Each writes
# build/bench/<name>.json and prints a readable table. Timings taken under
# QEMU are emulated: compare them as ratios within one run.
cd "$(dirname "$0")/.."
mkdir -p "${BUILD:-build}/bench"
status=0
suites="$*"
[ -n "$suites" ] || suites=$(ls bench/suites/*.sh 2>/dev/null)
for s in $suites; do
    echo "== bench $(basename "$s" .sh)"
    sh "$s" || { echo "bench $(basename "$s" .sh) failed"; status=1; }
done
echo "results: ${BUILD:-build}/bench/*.json"
exit $status
