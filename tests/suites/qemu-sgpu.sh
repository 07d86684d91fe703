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
# Deadlines on emulated CPUs: a run of 300 frames with 0 misses, in the
# cluster's own count and in the hypervisor's (submission to completion),
# must come within RT_ATTEMPTS runs. A run can lose a frame when the host
# stops running QEMU or the model for 10 ms or more (traced: every switch
# and the model's own compute slow down together in that window, and 1 run
# in 6-8 has such a window on an idle 2-core host); no hypervisor can undo
# that (docs/sgpu-vcoproc.md, "On QEMU"). Every run, clean or not, is held
# to bounds: at most MAX_ONTIME_MISSES misses among frames whose emulated
# CPU woke within 2 ms of their release, MAX_DEVICE_MISSES late on the
# device side, MAX_MISSES in all. The simulator's suite (sgpu-vc) holds the
# workload to 0 in every run.
B=${BUILD:-build}
T=$B/test-logs/qemu-sgpu
RUN_TIMEOUT=150
RT_ATTEMPTS=3         # runs allowed to find one without a miss
MAX_MISSES=9          # of 300 frames (3%), in any run
MAX_ONTIME_MISSES=5   # of them among frames woken on time, in any run
MAX_DEVICE_MISSES=3   # bursts the device finished late, in any run
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

# 1. rt. rt_run_bounds prints one run's summary, fails when the run breaks
# a bound (bounds_ok=0) and sets clean=1 when it missed nothing; the other
# checks read the last run.
rt_run_bounds() { # attempt
    frames=$(field 'CLUSTER frames=' frames)
    misses=$(field 'CLUSTER frames=' misses)
    late=$(field 'CLUSTER frames=' late_wakes)
    late_misses=$(field 'CLUSTER frames=' late_wake_misses)
    p99=$(field 'CLUSTER frames=' p99_us)
    dev=$(grep -E -m1 'vcoproc cluster:.*deadline misses' "$log" |
          sed -n 's/.*deadline misses \([0-9]*\)\/\([0-9]*\).*/\1 \2/p')
    dev_late=${dev% *}; bursts=${dev#* }
    summary="run $1: $misses of $frames frames missed ($late_misses of them after one of $late late wake-ups, p99 $p99 us), device side ${dev_late:-?} of ${bursts:-?} late"
    echo "  $summary"
    if [ -z "$misses" ] || [ -z "$late_misses" ] || [ -z "$dev" ]; then
        fail sgpu_rt_run_bounds "run $1: no CLUSTER line or no report (log $log)"
        bounds_ok=0
        return
    fi
    if [ "$misses" -gt $MAX_MISSES ] || [ $((misses - late_misses)) -gt $MAX_ONTIME_MISSES ] ||
       [ "$dev_late" -gt $MAX_DEVICE_MISSES ] || [ "$bursts" -lt 290 ]; then
        fail sgpu_rt_run_bounds "$summary; bounds: $MAX_MISSES in all, $MAX_ONTIME_MISSES woken on time, $MAX_DEVICE_MISSES device side (log $log)"
        bounds_ok=0
        return
    fi
    [ "$misses" = 0 ] && [ "$dev_late" = 0 ] && clean=1
}
attempt=0; clean=0; bounds_ok=1
while [ $attempt -lt $RT_ATTEMPTS ] && [ $clean = 0 ]; do
    attempt=$((attempt + 1))
    run rt configs/infotainment.dts
    [ "$rc" = 0 ] || break
    rt_run_bounds $attempt
    [ $bounds_ok = 1 ] || break
    [ $clean = 1 ] || cp "$log" "$T/rt-run$attempt.log"   # kept: the next run overwrites rt.log
done
if [ "$rc" != 0 ]; then
    fail sgpu_rt_system "run-system exited $rc (124: past ${RUN_TIMEOUT}s); log $log"
else
    pass sgpu_rt_system
fi
frames=$(field 'CLUSTER frames=' frames)
errors=$(field 'CLUSTER frames=' errors)
bad=$(field 'CLUSTER frames=' bad)
if [ "${frames:-0}" -ge 300 ] && [ "$errors" = 0 ] && [ "$bad" = 0 ] &&
   grep -q 'RESULT sgpu-cluster PASS' "$log"; then
    pass "sgpu_rt_cluster_frames ($frames frames, every one rendered, the last verified)"
else
    fail sgpu_rt_cluster_frames "frames=$frames errors=$errors bad=$bad (log $log)"
fi
[ $bounds_ok = 1 ] && [ "$rc" = 0 ] && pass "sgpu_rt_run_bounds ($attempt run(s), each within the bounds)"
if grep -q 'timers and device interrupts served by pCPU0 (vcoproc,service-cpu)' "$log" &&
   grep -q 'd1 (cluster): 1 vCPU(s) on pCPU 0' "$log"; then
    pass "sgpu_rt_service_cpu (the cluster's pCPU0 serves the device's interrupts, as the config names)"
else
    fail sgpu_rt_service_cpu "no 'served by pCPU0 (vcoproc,service-cpu)' with the cluster on pCPU0 (log $log)"
fi
if [ $clean = 1 ]; then
    pass "sgpu_rt_cluster_deadlines (run $attempt of up to $RT_ATTEMPTS: 0 of 300 frames missed 16.67 ms, in the cluster's count and the device's)"
else
    fail sgpu_rt_cluster_deadlines "no run of $attempt without a miss (log $log)"
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
