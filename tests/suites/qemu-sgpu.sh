#!/bin/sh
# GPU sharing on the hypervisor in QEMU, with the SGPU model process behind
# ivshmem-doorbell (configs/ are the systems `make run` boots):
#   1. configs/infotainment.dts under rt: the cluster renders 300 frames, each
#      against its 16.67 ms deadline, while the IVI VM saturates the device
#      and the checker verifies every kernel bit-exact; the hypervisor's
#      report counts the cluster's bursts and their misses, and the run draws
#      its timeline;
#   2. the same system under rr and credit: it completes and verifies;
#   3. configs/sharing-credit.dts: three saturating VMs with credit weights
#      4:2:1 get device shares within 5 points of 4/7, 2/7 and 1/7.
# Deadlines: every frame whose emulated CPU woke on time (within the
# cluster's wake slack, 2 ms, of its release) meets its deadline, and the
# hypervisor's own count (submission to completion) is 0. A frame can only
# miss when the host did not run the cluster's emulated CPU for most of the
# period: its timer wake-up came that late, which no hypervisor can undo
# (docs/sgpu-vcoproc.md, "On QEMU"); those are counted apart and bounded by
# MAX_MISSES. The simulator's suite (sgpu-vc) holds the workload to 0.
B=${BUILD:-build}
T=$B/test-logs/qemu-sgpu
RUN_TIMEOUT=150
MAX_MISSES=9          # of 300 frames (3%), all after late wake-ups
MAX_DEVICE_MISSES=0   # bursts the device finished late
SHARE_TOLERANCE=5     # percentage points
mkdir -p "$T"

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }

# run NAME CONFIG: boots CONFIG; console (less trace lines) in $T/NAME.log,
# everything in $T/NAME/; sets $log and $rc. The emulated machine runs at a
# raised host priority (when we may raise it): its deadlines are emulated
# time, and other work on the host would otherwise show up as misses.
run() {
    log=$T/$1.log
    nice -n -10 sh scripts/run-system.sh "$2" --timeout $RUN_TIMEOUT --out "$T/$1" >"$log" 2>&1
    rc=$?
}

# field LINE-REGEX KEY: the value of KEY=... on the first matching line.
field() {
    grep -E -m1 -- "$1" "$log" | tr -d '\r' | tr ' ' '\n' | sed -n "s/^$2=//p" | head -1
}

check_checker() { # test-name
    if grep -q 'CHECKER pass=9 fail=0' "$log" && grep -q 'RESULT sgpu-checker PASS' "$log"; then
        pass "$1"
    else
        fail "$1" "the checker did not verify all 9 kernels ($(grep -m1 'CHECKER' "$log"); log $log)"
    fi
}

# 1. rt
run rt configs/infotainment.dts
if [ "$rc" != 0 ]; then
    fail sgpu_rt_system "run-system exited $rc (124: past ${RUN_TIMEOUT}s); log $log"
else
    pass sgpu_rt_system
fi
frames=$(field 'CLUSTER frames=' frames)
misses=$(field 'CLUSTER frames=' misses)
errors=$(field 'CLUSTER frames=' errors)
bad=$(field 'CLUSTER frames=' bad)
p99=$(field 'CLUSTER frames=' p99_us)
if [ "${frames:-0}" -ge 300 ] && [ "$errors" = 0 ] && [ "$bad" = 0 ] &&
   grep -q 'RESULT sgpu-cluster PASS' "$log"; then
    pass "sgpu_rt_cluster_frames ($frames frames, every one rendered, the last verified)"
else
    fail sgpu_rt_cluster_frames "frames=$frames errors=$errors bad=$bad (log $log)"
fi
late=$(field 'CLUSTER frames=' late_wakes)
late_misses=$(field 'CLUSTER frames=' late_wake_misses)
if [ -n "$misses" ] && [ -n "$late_misses" ] && [ "$misses" = "$late_misses" ] &&
   [ "$misses" -le $MAX_MISSES ]; then
    pass "sgpu_rt_cluster_deadlines (0 of $((frames - late)) frames woken on time missed 16.67 ms, p99 $p99 us; $late late wake-ups, $misses of them missed; bound $MAX_MISSES)"
else
    fail sgpu_rt_cluster_deadlines "$misses of $frames frames missed, $late_misses of them after a late wake-up (want all, and at most $MAX_MISSES; p99 $p99 us); late frames: $(grep -c 'cluster: frame' "$log"), log $log"
fi
dev=$(grep -E -m1 'vcoproc cluster:.*deadline misses' "$log" | sed -n 's/.*deadline misses \([0-9]*\)\/\([0-9]*\).*/\1 \2/p')
set -- $dev
if [ -n "$1" ] && [ "$2" -ge 290 ] && [ "$1" -le $MAX_DEVICE_MISSES ]; then
    pass "sgpu_rt_device_deadlines (the device finished $(($2 - $1)) of $2 frame bursts in time; bound $MAX_DEVICE_MISSES late)"
else
    fail sgpu_rt_device_deadlines "hypervisor report: '$(grep -E -m1 'vcoproc cluster:' "$log")' (log $log)"
fi
batches=$(field 'IVI batches=' batches)
if grep -q 'RESULT sgpu-ivi PASS' "$log" && [ "${batches:-0}" -gt 50 ]; then
    pass "sgpu_rt_ivi_saturates ($batches sgemm batches, sampled results correct)"
else
    fail sgpu_rt_ivi_saturates "ivi: $(grep -m1 'IVI batches' "$log") (log $log)"
fi
check_checker sgpu_rt_checker
sw=$(grep -E -m1 'coproc 0 \(sgpu\): [0-9]+ switches' "$log" | sed -n 's/.*: \([0-9]*\) switches.*/\1/p')
if [ "${sw:-0}" -ge 300 ] && grep -q 'latency p50' "$log" && grep -q 'share' "$log"; then
    pass "sgpu_rt_report ($sw switches, shares and switch latency printed)"
else
    fail sgpu_rt_report "no or thin end-of-run report (switches '$sw'; log $log)"
fi
svg=$T/rt/timeline.svg
if [ -s "$svg" ] && grep -q 'cluster' "$svg" && grep -q 'ivi' "$svg" &&
   grep -q '"name"' "$T/rt/timeline.json" 2>/dev/null; then
    pass "sgpu_rt_timeline ($(wc -c <"$svg") bytes of SVG, Perfetto JSON)"
else
    fail sgpu_rt_timeline "no timeline with the cluster and ivi lanes in $T/rt/"
fi

# 2. rr and credit
for p in rr credit; do
    run "$p" "configs/infotainment-$p.dts"
    if [ "$rc" = 0 ] && grep -q 'RESULT sgpu-cluster PASS' "$log" &&
       grep -q 'RESULT sgpu-ivi PASS' "$log"; then
        pass "sgpu_${p}_system (cluster misses $(field 'CLUSTER frames=' misses) of 300)"
    else
        fail "sgpu_${p}_system" "rc $rc; cluster: $(grep -m1 'CLUSTER' "$log"); log $log"
    fi
    check_checker "sgpu_${p}_checker"
done

# 3. weighted shares
run shares configs/sharing-credit.dts
ok=1; got=""
for vm in a:4 b:2 c:1; do
    name=ivi-${vm%%:*}; w=${vm#*:}
    share=$(grep -E -m1 "vcoproc $name: share" "$log" | sed -n 's/.*share \([0-9.]*\)%.*/\1/p')
    verdict=$(awk -v s="${share:--1}" -v w="$w" -v tol=$SHARE_TOLERANCE \
        'BEGIN { want = 100 * w / 7; d = s - want; if (d < 0) d = -d;
                 printf "%s %.1f", (s >= 0 && d <= tol) ? "ok" : "bad", want }')
    got="$got $name ${share:-?}% (want ${verdict#* }%)"
    [ "${verdict%% *}" = ok ] || ok=0
done
if [ "$rc" = 0 ] && [ $ok = 1 ] && [ "$(grep -c 'RESULT sgpu-ivi PASS' "$log")" = 3 ]; then
    pass "sgpu_credit_shares (within $SHARE_TOLERANCE points:$got)"
else
    fail sgpu_credit_shares "rc $rc;$got; log $log"
fi
exit 0
