#!/bin/sh
# Runs every suite in tests/suites/*.sh (or those named on the command line)
# and closes with "N passed, N failed".
#
# A suite prints one line per test: "PASS <name>" or "FAIL <name>: <why>".
# A suite that exits non-zero, or runs past its time bound, without having
# printed a FAIL line counts as one failure of its own, so a crash is never
# silent. SUITE_TIMEOUT (seconds, default 600) bounds each suite.
cd "$(dirname "$0")/.."
out=${BUILD:-build}/test-logs
mkdir -p "$out"
pass=0
fail=0
suites="$*"
[ -n "$suites" ] || suites=$(ls tests/suites/*.sh 2>/dev/null)
for s in $suites; do
    name=$(basename "$s" .sh)
    echo "== suite $name"
    timeout -k 10 "${SUITE_TIMEOUT:-600}" sh "$s" >"$out/$name.log" 2>&1
    rc=$?
    cat "$out/$name.log"
    p=$(grep -c '^PASS ' "$out/$name.log")
    f=$(grep -c '^FAIL ' "$out/$name.log")
    if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
        echo "FAIL suite-$name: exited with status $rc (124 = timed out)"
        f=1
    fi
    pass=$((pass + p))
    fail=$((fail + f))
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
