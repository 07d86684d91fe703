#!/bin/sh
# Runs every benchmark in bench/suites/*.sh (or those named). Each writes
# build/bench/<name>.json and prints a readable table. Timings taken under
# QEMU are emulated: compare them as ratios within one run.
cd "$(dirname "$0")/.."
out=${BUILD:-build}/bench
mkdir -p "$out"
status=0
suites="$*"
[ -n "$suites" ] || suites=$(ls bench/suites/*.sh 2>/dev/null)
# Each suite's tables are also kept, beside its JSON, in <name>.txt; the
# suite's status is carried out of the pipeline through a file.
for s in $suites; do
    name=$(basename "$s" .sh)
    echo "== bench $name"
    { sh "$s" 2>&1; echo $? >"$out/$name.status"; } | tee "$out/$name.txt"
    [ "$(cat "$out/$name.status")" = 0 ] || { echo "bench $name failed"; status=1; }
    rm -f "$out/$name.status"
done
echo "results: $out/*.json, tables in $out/*.txt"
exit $status
