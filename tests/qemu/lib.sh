# Helpers for QEMU system tests: one fresh QEMU per system, bounded in time,
# assertions on its console log. Source from a suite in tests/suites/.
QEMU_TEST_OUT=${BUILD:-build}/tests/qemu
mkdir -p "$QEMU_TEST_OUT"

# run_system NAME [TIMEOUT]: boots tests/qemu/configs/NAME.dts; the console
# log is $QEMU_TEST_OUT/NAME.log; sets $run_rc. QEMU_NICE=N runs it at that
# host niceness (timing tests raise it, so other host work is not measured).
run_system() {
    name=$1
    log=$QEMU_TEST_OUT/$name.log
    ${QEMU_NICE:+nice -n "$QEMU_NICE"} sh scripts/run-system.sh "tests/qemu/configs/$name.dts" \
        --timeout "${2:-90}" --out "$QEMU_TEST_OUT/$name" >"$log" 2>&1
    run_rc=$?
}

# expect TEST REGEX [WHAT]: PASS when the last log has a line matching REGEX.
expect() {
    if grep -Eq -- "$2" "$log"; then
        echo "PASS $1"
    else
        echo "FAIL $1: no line matching '$2' in $log${3:+ ($3)}"
    fi
}

# expect_not TEST REGEX: PASS when no line of the last log matches REGEX.
expect_not() {
    if grep -Eq -- "$2" "$log"; then
        echo "FAIL $1: unexpected line in $log: $(grep -E -m1 -- "$2" "$log")"
    else
        echo "PASS $1"
    fi
}

# expect_count TEST REGEX MIN: PASS when at least MIN lines match.
expect_count() {
    n=$(grep -Ec -- "$2" "$log")
    if [ "$n" -ge "$3" ]; then
        echo "PASS $1 ($n >= $3)"
    else
        echo "FAIL $1: $n lines match '$2', want >= $3 (log $log)"
    fi
}

# expect_clean_exit TEST: the machine powered off by itself within the bound.
# A run stopped at its bound also shows where each CPU was and the
# console's last lines, so a hang seen only in CI can be explained.
expect_clean_exit() {
    if [ "$run_rc" = 0 ]; then
        echo "PASS $1"
    else
        echo "FAIL $1: run-system exited $run_rc (124 = ran past its bound); log $log"
        if [ "$run_rc" = 124 ]; then
            grep -a '^run-system:   cpu' "$log" | sed 's/^run-system: /  /'
            grep -a -v -e '^vct ' -e '^# ' -e '^run-system' "$log" | tail -n 8 | sed 's/^/  | /'
        fi
    fi
}
