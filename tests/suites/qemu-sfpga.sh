#!/bin/sh
# FPGA slicing on the hypervisor in QEMU, with the SFPGA model process
# behind ivshmem-doorbell (tests/qemu/configs/sfpga-*.dts; the guests are
# build/guests/fpga-tenant.bin, which verify every result themselves):
#   6on4        six tenants on four slots, slice 1 ms, jobs slowed in the
#               model (job-scale) so the device is the bottleneck: every
#               result right (two SHA-256 streams over the same image, AES,
#               CRC32C, FIR, matmul) after many preempt / save /
#               reconfigure / restore cycles; report and timeline
#   4on4        four tenants on four slots (spatial: no reconfiguration for
#               switches, each slot keeps its tenant's image)
#   refuse      a tenant whose allow-list lacks its accelerator (refused
#               with 14), one whose image is over sfpga,max-bitstream
#               (refused with 4), and a CRC32C tenant beside them, right
# Checks read the guests' TENANT / RESULT lines and the hypervisor's log and
# end-of-run report. ~1-2 min on a 2-core host.
cd "$(dirname "$0")/../.." || exit 0
. tests/qemu/lib.sh
B=${BUILD:-build}
RUN_TIMEOUT=120
MIN_SWITCHES=40       # save/restore cycles the 6-on-4 run must go through
MIN_SHA_SWITCHES=8    # of them, switch-ins of the two SHA-256 streams

for f in "$B/xen/xen.bin" "$B/tools/sysdt" "$B/hw/vcoproc-model" "$B/guests/fpga-tenant.bin"; do
    [ -e "$f" ] || { echo "FAIL qemu-sfpga.setup: $f missing (make all)"; exit 0; }
done
command -v qemu-system-aarch64 >/dev/null ||
    { echo "FAIL qemu-sfpga.setup: qemu-system-aarch64 not installed (sh scripts/setup.sh)"; exit 0; }

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }

# report_num REGEX SED: a number from the first log line matching REGEX.
report_num() {
    grep -E -m1 -- "$1" "$log" | sed -n "$2"
}
# vc_switches NAME: switch-ins of vcoproc NAME in the end-of-run report.
vc_switches() {
    report_num "^\(hv\)     vcoproc $1: " 's/.* \([0-9][0-9]*\) switches.*/\1/p'
}
# tenants_ok N DOMAINS: each domain printed RESULT PASS, no TENANT line has
# ok=0, at least N TENANT lines in all.
tenants_ok() {
    want=$1; shift
    for d in "$@"; do
        grep -q "^($d) RESULT fpga-tenant PASS" "$log" || { echo "$d has no RESULT PASS"; return; }
    done
    for d in "$@"; do
        bad=$(grep -E -m1 "^\($d\) TENANT .* ok=0" "$log")
        [ -z "$bad" ] || { echo "$bad"; return; }
    done
    n=$(grep -Ec '^\(d[0-9]+\) TENANT .* ok=1' "$log")
    [ "$n" -ge "$want" ] || { echo "$n verified runs, want >= $want"; return; }
}

# 1. six tenants on four slots
run_system sfpga-6on4 $RUN_TIMEOUT
expect_clean_exit sfpga_6on4_system
why=$(tenants_ok 16 d1 d2 d3 d4 d5 d6)
if [ -z "$why" ]; then
    pass "sfpga_6on4_results_correct ($(grep -Ec 'TENANT .* ok=1' "$log") runs verified in the guests)"
else
    fail sfpga_6on4_results_correct "$why (log $log)"
fi
sw=$(report_num 'coproc 0 \(sfpga\): [0-9]+ switches' 's/.*: \([0-9]*\) switches.*/\1/p')
rs=$(grep -E '^\(hv\)     slot [0-9]+: ' "$log" | sed -n 's/.*(\([0-9]*\) for switches.*/\1/p' |
     awk '{ s += $1 } END { print s + 0 }')
sha=$(( $(vc_switches t0 || echo 0) + $(vc_switches t5 || echo 0) ))
if [ "${sw:-0}" -ge $MIN_SWITCHES ] && [ "$sha" -ge $MIN_SHA_SWITCHES ]; then
    pass "sfpga_6on4_cycles ($sw switches, $rs of them reconfiguring; the SHA-256 streams switched in $sha times, each result equal to the reference)"
else
    fail sfpga_6on4_cycles "$sw switches (want >= $MIN_SWITCHES), SHA-256 streams switched in $sha times (want >= $MIN_SHA_SWITCHES); log $log"
fi
expect_not sfpga_6on4_no_driver_error 'coproc (error|err|warning|warn)[: ]|SAVE of .* refused|RESTORE of .* refused|reloading the image'
slots=$(grep -Ec '^\(hv\)     slot [0-3]: holds .* reconfiguration' "$log")
shares=$(grep -Ec '^\(hv\)     vcoproc t[0-5]: share ' "$log")
if [ "$slots" -ge 4 ] && [ "$shares" -ge 6 ] && grep -q 'Jain' "$log" &&
   grep -Eq 'sfpga: [0-9]+ reconfigurations, .* of slot time reconfiguring' "$log"; then
    pass "sfpga_6on4_report (per-tenant shares, $slots slot lines with occupancy and reconfigurations, $(report_num 'coproc 0 \(sfpga\)' 's/.*\(Jain [0-9.]*\).*/\1/p'))"
else
    fail sfpga_6on4_report "report incomplete: $slots slot lines, $shares tenant lines (log $log)"
fi
svg=$QEMU_TEST_OUT/sfpga-6on4/timeline.svg
if [ -s "$svg" ] && grep -q 't0' "$svg" && grep -q 't5' "$svg"; then
    pass "sfpga_6on4_timeline ($(wc -c <"$svg") bytes of SVG)"
else
    fail sfpga_6on4_timeline "no timeline with the tenants' lanes in $svg"
fi

# 2. four on four
run_system sfpga-4on4 $RUN_TIMEOUT
expect_clean_exit sfpga_4on4_system
why=$(tenants_ok 4 d1 d2 d3 d4)
nre=$(report_num 'sfpga: [0-9]+ reconfigurations' 's/.*sfpga: \([0-9]*\) reconfigurations.*/\1/p')
rs=$(grep -E '^\(hv\)     slot [0-9]+: ' "$log" | sed -n 's/.*(\([0-9]*\) for switches.*/\1/p' |
     awk '{ s += $1 } END { print s + 0 }')
held=$(grep -E '^\(hv\)     slot [0-3]: holds (sha256|crc32c|aes128ctr|fir),' "$log" |
       sed -n 's/.*holds \([a-z0-9]*\),.*/\1/p' | sort -u | wc -l)
if [ -z "$why" ] && [ "$nre" = 4 ] && [ "$rs" = 0 ] && [ "$held" = 4 ]; then
    pass "sfpga_4on4_spatial (4 tenants verified, 4 reconfigurations (their loads), 0 for switches, each slot holding its tenant's image)"
else
    fail sfpga_4on4_spatial "${why:-results ok}; $nre reconfigurations (want 4), $rs for switches (want 0), $held distinct images on the slots (want 4); log $log"
fi
expect_not sfpga_4on4_no_driver_error 'coproc (error|err|warning|warn)[: ]|SAVE of .* refused|RESTORE of .* refused'

# 3. refused loads beside a working tenant
run_system sfpga-refuse $RUN_TIMEOUT
expect_clean_exit sfpga_refuse_system
why=$(tenants_ok 1 d1)
if grep -q '^(d2) sfpga: load: NOT_ALLOWED (14)' "$log" &&
   grep -q 't1: bitstream load refused with status 14' "$log" &&
   grep -Eq '1 refused as not allowed' "$log" && [ -z "$why" ]; then
    pass "sfpga_allow_list_refused (t1 asked for sha256 with only crc32c allowed: 14; t0 went on)"
else
    fail sfpga_allow_list_refused "no NOT_ALLOWED (14) for t1, or t0 failed: ${why:-ok} (log $log)"
fi
if grep -Eq '^\(d3\) sfpga: load: BAD_SIZE \(4\)' "$log" &&
   grep -q 't2: bitstream load refused with status 4' "$log" && [ -z "$why" ]; then
    pass "sfpga_bad_input_oversize (a 512 KiB image over sfpga,max-bitstream: 4; t0 went on)"
else
    fail sfpga_bad_input_oversize "no BAD_SIZE (4) for t2, or t0 failed: ${why:-ok} (log $log)"
fi
expect_not sfpga_refuse_no_driver_error 'coproc (error|err|warning|warn)[: ]|SAVE of .* refused|RESTORE of .* refused'
exit 0
