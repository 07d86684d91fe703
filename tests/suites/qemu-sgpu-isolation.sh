#!/bin/sh
# Isolation and fault tests of the shared SGPU on the hypervisor in QEMU.
# Each system (tests/qemu/configs/sgpu-*.dts) runs in a fresh QEMU with its
# own SGPU model process; the guests are build/sgpu-tests/sgpu-attack.bin
# (guest-frontends/sgpu-tests, one mode per domain) and the real apps. Every
# check reads the guests' result lines and the hypervisor's log and
# end-of-run report:
#   s2attack    stage-1 tables aimed at foreign IPAs: stage 2 blocks all
#   regs        register read-backs across thousands of switches: no leak
#   priv        reserved/read-only/privileged offsets: ignored, logged, unreached
#   storm       an IRQ storm against the cluster's frame deadlines (+ control)
#   forever     a never-ending preemptible job vs a higher-priority guest
#   hang        non-preemptible hang, device watchdog: HANG to its guest only
#   hang-reset  the same with the watchdog off: switch timeout, device reset
cd "$(dirname "$0")/../.." || exit 0
. tests/qemu/lib.sh
B=${BUILD:-build}
RUN_TIMEOUT=60   # per system; each takes 4-8 s on an idle 2-core host
# Deadlines are emulated time: the systems run at a raised host priority so
# that other work on the host is not counted against them.
QEMU_NICE=-10

for f in "$B/xen/xen.bin" "$B/tools/sysdt" "$B/hw/vcoproc-model" "$B/sgpu-tests/sgpu-attack.bin" \
        "$B/guests/sgpu-checker.bin" "$B/guests/sgpu-cluster.bin"; do
    [ -e "$f" ] || { echo "FAIL sgpu-iso.setup: $f missing (make all sgpu-tests)"; exit 0; }
done
command -v qemu-system-aarch64 >/dev/null ||
    { echo "FAIL sgpu-iso.setup: qemu-system-aarch64 not installed (sh scripts/setup.sh)"; exit 0; }

# field REGEX KEY: the number after KEY= on the first log line matching
# REGEX (empty when there is none).
field() {
    grep -E -m1 -- "$1" "$log" | sed -n "s/.* $2=\([0-9][0-9]*\).*/\1/p"
}
# fields REGEX KEY...: sets each variable KEY to field REGEX KEY.
fields() {
    fields_re=$1; shift
    for k in "$@"; do eval "$k=\$(field \"\$fields_re\" $k)"; done
}
# report NAME KEY: a number from the hypervisor's end-of-run line of
# vcoproc NAME; KEY is faults, switches or busy.
report() {
    line=$(grep -E -m1 "^\(hv\)     vcoproc $1: " "$log")
    case $2 in
    faults) echo "$line" | sed -n 's/.*faults \([0-9][0-9]*\).*/\1/p' ;;
    switches) echo "$line" | sed -n 's/.* \([0-9][0-9]*\) switches.*/\1/p' ;;
    esac
}
# check NAME CONDITION WHY: PASS when the shell test CONDITION holds.
check() {
    if eval "$2" 2>/dev/null; then echo "PASS $1"; else echo "FAIL $1: $3 (log $log)"; fi
}
# no_faults PREFIX NAME...: each vcoproc's report line shows 0 faults.
no_faults() {
    p=$1; shift
    for v in "$@"; do
        n=$(report "$v" faults)
        check "$p.report-$v-no-fault" '[ "$n" = 0 ]' "vcoproc $v reports '${n:-no line}' faults"
    done
}

# 1. Stage-1 tables pointing at another domain's RAM.
run_system sgpu-s2attack $RUN_TIMEOUT
expect_clean_exit s2.powers-off
expect s2.victim-at-assumed-machine-ram '^\(hv\) d1 \(victim\): .*RAM 0x60000000-0x64000000 at IPA 0x40000000' \
    "the attacker's victim_pa=0x63ff0000 assumes d1's RAM at machine 0x60000000"
att=$(field '^\(d2\) S2ATTACK ' attacks); blk=$(field '^\(d2\) S2ATTACK ' blocked)
check s2.every-access-blocked '[ "${att:-0}" -ge 13 ] && [ "$blk" = "$att" ]' \
    "S2ATTACK attacks=${att:-?} blocked=${blk:-?}: an access was not stopped by stage 2 with S2_TRANSLATION at its IPA"
expect s2.attacker-recovers '^\(d2\) S2ATTACK .* recovered=1' "the attacker's own job after reset failed"
expect s2.victim-pattern-intact '^\(d1\) VICTIM jobs=[1-9][0-9]* bad=[0-9]+ pattern_changed=0' \
    "the victim's RAM pattern changed or the victim did not finish"
expect s2.victim-jobs-verified '^\(d1\) VICTIM jobs=[1-9][0-9]* bad=0 ' \
    "a victim job failed its check (see its 'sgpu-attack: job' line)"
expect s2.checker-pass '^\(d3\) CHECKER pass=[1-9][0-9]* fail=0' "the checker failed"
nf=$(grep -Ec '^\(hv\) coproc info: sgpu: attacker faulted' "$log")
check s2.hv-logs-attacker-faults '[ "$nf" -ge 1 ]' "no hypervisor fault line names the attacker"
expect_not s2.hv-logs-no-other-fault '^\(hv\) coproc (info|error): .*(victim|checker).* faulted'
no_faults s2 victim checker
n=$(report attacker faults)
check s2.report-counts-attacker-faults '[ "${n:-0}" -ge 1 ]' \
    "the end-of-run report shows '${n:-no line}' faults for the attacker although the hypervisor logged $nf device faults of it"

# 2. Reads of another vcoproc's registers after switches.
run_system sgpu-regs $RUN_TIMEOUT
expect_clean_exit regs.powers-off
for g in 1:a 2:b; do
    d=${g%%:*}; t=${g#*:}
    fields "^\(d$d\) REGS tag=$d jobs=" jobs checks leaks bad
    check "regs.$t-ran" '[ "${jobs:-0}" -ge 100 ] && [ "$bad" = 0 ]' "guest $t: jobs=${jobs:-?} bad=${bad:-?}"
    check "regs.$t-no-leak" '[ "${checks:-0}" -ge 400 ] && [ "$leaks" = 0 ]' \
        "guest $t read another vcoproc's values in ${leaks:-?} of ${checks:-?} register sweeps: $(grep -E -m1 "^\(d$d\) REGS leak" "$log")"
done
sw=$(grep -E -m1 '^\(hv\)   coproc 0 \(sgpu\): [0-9]+ switches' "$log" | sed -n 's/.*: \([0-9][0-9]*\) switches.*/\1/p')
check regs.many-switches '[ "${sw:-0}" -ge 300 ]' "${sw:-no} device switches, want >= 300"

# 2b. A 64-bit register the device updates is read whole: FENCE values
# whose halves both change at every retirement, read with 64-bit loads
# while the device retires them and switches between the two guests.
run_system sgpu-fence64 $RUN_TIMEOUT
expect_clean_exit fence64.powers-off
for g in 1:a 2:b; do
    d=${g%%:*}; t=${g#*:}
    fields "^\(d$d\) FENCE64 " reads changes torn backwards
    check "fence64.$t-read-while-moving" '[ "${reads:-0}" -ge 5000 ] && [ "${changes:-0}" -ge 200 ]' \
        "guest $t: ${reads:-?} reads saw ${changes:-?} new values, want >= 5000 and >= 200"
    check "fence64.$t-never-torn" '[ "$torn" = 0 ] && [ "$backwards" = 0 ] && grep -Eq "^\(d$d\) FENCE64 .*last_fence=OK" "$log"' \
        "guest $t: $(grep -E -m1 "^\(d$d\) FENCE64 (torn|went)" "$log" || grep -E -m1 "^\(d$d\) FENCE64 " "$log")"
done

# 3. Privileged-page offsets through the guest window.
run_system sgpu-priv $RUN_TIMEOUT
expect_clean_exit priv.powers-off
expect priv.window-writes-ignored '^\(d2\) PRIV window writes=16 nonzero_reserved_reads=0 registers_kept=1 job=ok' \
    "an in-window write changed the function, a reserved offset read non-zero, or its job failed"
nw=$(grep -Ec '^\(hv\) coproc warning: prober: .*write.* ignored' "$log")
check priv.window-writes-logged '[ "$nw" -ge 16 ]' "$nw 'ignored' write lines for the prober, want >= 16"
if grep -Eq '^\(d2\) PRIV privileged writes=5 aborted=5 job=ok' "$log"; then
    echo "PASS priv.privileged-page-unreached (each store aborted in the guest)"
elif grep -Eq '^\(hv\) d2 \(prober\): guest fault: write of unmapped IPA 0xb0010[0-9a-f]{2} ' "$log"; then
    echo "PASS priv.privileged-page-unreached (the first store stopped the domain, logged)"
else
    echo "FAIL priv.privileged-page-unreached: neither aborts nor the domain's stop for a store at window + 0x1000 (log $log)"
fi
expect priv.victim-verified '^\(d1\) VICTIM jobs=[1-9][0-9]* bad=0 pattern_changed=0' "the victim's work failed"
expect priv.checker-pass '^\(d3\) CHECKER pass=[1-9][0-9]* fail=0' "the checker failed"
no_faults priv victim checker

# 4. IRQ storm vs the cluster. Both systems serve the device's interrupts on
# the cluster's pCPU (vcoproc,service-cpu), as configs/infotainment.dts
# does. The control run (the storm guest only spinning, no device access)
# and the storm run are held to the same bounds: at most 12 of the 120
# frames late in the cluster's own count, p99 within two periods (33 ms),
# and on the device side (the hypervisor's count of each frame burst
# against its 16.67 ms, vcoproc,deadline-ns) at most 3 late. Measured on an
# idle 2-core host: the storm run misses 1-6 frames (p99 19-29 ms, device
# side 0-1); with the interrupts on a pCPU of their own it missed 44-84
# (p99 up to 100 ms, device side 1-11): each frame preempts the storm's
# fences and the switches' round trips then waited for a host core behind
# the storm's busy vCPU. What remains comes from QEMU running four CPUs and
# the model on two host cores, not from the storm's interrupts: slowing
# them tenfold (model moderation 1 ms) changed nothing.
CL_MAX_MISSES=12
CL_MAX_P99_US=33333
CL_MAX_DEVICE_MISSES=3
cluster_bound() { # TEST
    m=$(field '^\(d1\) CLUSTER frames=' misses)
    p=$(grep -E -m1 '^\(d1\) CLUSTER frames=' "$log" | sed -n 's/.* p99_us=\([0-9]*\)\..*/\1/p')
    check "$1" '[ -n "$m" ] && [ "$m" -le $CL_MAX_MISSES ] && [ "$p" -le $CL_MAX_P99_US ]' \
        "cluster misses=${m:-?} (max $CL_MAX_MISSES of 120) p99_us=${p:-?} (max $CL_MAX_P99_US)"
    echo "  cluster: $(grep -E -m1 '^\(d1\) CLUSTER' "$log" | cut -c6-)"
}
run_system sgpu-storm-control $RUN_TIMEOUT
expect_clean_exit storm-control.powers-off
cluster_bound storm-control.cluster-within-bound
run_system sgpu-storm $RUN_TIMEOUT
expect_clean_exit storm.powers-off
f=$(field '^\(d2\) STORM ' fences); h=$(field '^\(d2\) STORM ' hammer_writes)
check storm.storm-ran '[ "${f:-0}" -ge 10000 ] && [ "${h:-0}" -ge 10000 ]' "fences=${f:-?} hammer_writes=${h:-?}"
echo "  storm: $(grep -E -m1 '^\(d2\) STORM' "$log" | cut -c6-)"
dev=$(grep -E -m1 'vcoproc cluster:.*deadline misses' "$log" | sed -n 's/.*deadline misses \([0-9]*\)\/\([0-9]*\).*/\1 \2/p')
late=${dev% *}; bursts=${dev#* }
check storm.cluster-device-deadlines '[ -n "$dev" ] && [ "$bursts" -ge 110 ] && [ "$late" -le $CL_MAX_DEVICE_MISSES ]' \
    "device-side: ${late:-?} of ${bursts:-?} cluster frame bursts finished past 16.67 ms (max $CL_MAX_DEVICE_MISSES)"
cluster_bound storm.cluster-within-bound
expect storm.cluster-frames-verified '^\(d1\) RESULT sgpu-cluster PASS' "the cluster lost or misrendered frames"
expect storm.storm-device-still-works '^\(d2\) STORM .* last_fence=OK' "the storm guest's own last fence did not retire"

# 5. BUSY forever (preemptible) vs a higher-priority guest.
run_system sgpu-forever $RUN_TIMEOUT
expect_clean_exit forever.powers-off
expect forever.latency-within-bound '^\(d1\) RESULT sgpu-attack-latency PASS' \
    "a job of the high-priority guest failed, or its median or too many rounds broke the bound: $(grep -E -m1 '^\(d1\) LATENCY' "$log")"
echo "  latency: $(grep -E -m1 '^\(d1\) LATENCY' "$log" | cut -c6-)"
expect forever.job-never-ends '^\(d2\) FOREVER result=TIMEOUT ' "the forever job's wait did not time out"
expect forever.guest-recovers '^\(d2\) FOREVER .* recovered=1' "the forever guest's job after reset failed"
sw=$(report forever switches)
check forever.preempted '[ "${sw:-0}" -ge 100 ]' "the forever vcoproc was switched ${sw:-?} times, want >= 100 (once per latency round)"
no_faults forever latency forever

# 6. A hang: the device watchdog (victim + checker running across it),
# then, watchdog off, the switch timeout and a device reset (two victims).
hang_checks() { # SYS OTHER: what both hang systems must show
    expect_clean_exit $1.powers-off
    expect $1.hung-guest-gets-hang-fault '^\(d3\) HANG result=FAULT fault=HANG code=0x20 ' \
        "the hung guest did not see fault HANG: $(grep -E -m1 '^\(d3\) HANG' "$log")"
    expect $1.hung-guest-recovers '^\(d3\) HANG .* recovered=1' "the hung guest's job after its reset failed"
    expect $1.victim-verified '^\(d1\) VICTIM jobs=[1-9][0-9]* bad=0 pattern_changed=0' \
        "the victim's work failed: $(grep -E -m1 '^\(d1\) VICTIM jobs' "$log")"
    expect_not $1.no-device-fault-for-others '^\((d1|d2)\) sgpu: device fault'
    no_faults $1 victim $2
}
run_system sgpu-hang $RUN_TIMEOUT
hang_checks hang checker
expect hang.checker-pass '^\(d2\) CHECKER pass=[1-9][0-9]* fail=0' "the checker failed"
expect hang.device-watchdog-fired '^\(hv\) coproc warning: sgpu: the job of hang hung \(device watchdog\)' \
    "no device watchdog line for the hung vcoproc"

run_system sgpu-hang-reset $RUN_TIMEOUT
hang_checks hang-reset victim2
expect hang-reset.victim2-verified '^\(d2\) VICTIM jobs=[1-9][0-9]* bad=0 pattern_changed=0' \
    "the second victim's work failed: $(grep -E -m1 '^\(d2\) VICTIM jobs' "$log")"
expect hang-reset.device-reset '^\(hv\) coproc error: .*switch-out of hang within the timeout; resetting the device' \
    "no device reset after the switch timeout"
expect hang-reset.hung-vcoproc-faulted '^\(hv\) coproc error: coproc sgpu: vcoproc hang \(domain 3\) faulted' \
    "the framework did not fault the hung vcoproc"
expect_not hang-reset.no-switch-refused '^\(hv\) coproc error: sgpu: (RESUME|RESET) of (victim|victim2) refused'
exit 0
