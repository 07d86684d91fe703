#!/bin/sh
# Hypervisor core on QEMU: boot, isolation, trapped MMIO, reset, SMP, and
# bad configurations refused at boot. One fresh QEMU per system.
cd "$(dirname "$0")/../.."
. tests/qemu/lib.sh

# Three domains boot in parallel, each takes >= 100 timer interrupts and exits.
name=default; log=$QEMU_TEST_OUT/default.log
sh scripts/run-system.sh configs/hello.dts --timeout 90 --out "$QEMU_TEST_OUT/default" >"$log" 2>&1
run_rc=$?
expect_clean_exit boot3.powers-off
for d in 1 2 3; do
    expect "boot3.d$d-prints" "^\(d$d\) guest hello start domain=$d boot=1"
    expect "boot3.d$d-timer-100+" "^\(d$d\) timer: 1[0-9][0-9] ticks"
    expect "boot3.d$d-exit-code-reported" "^\(hv\)   d$d \([a-z]+\): exit code 0"
done

# A guest writing outside its RAM is stopped with a clear line; others finish.
run_system badwrite 90
expect_clean_exit badwrite.powers-off
expect badwrite.log-line "^\(hv\) d2 \(attacker\): guest fault: write of unmapped IPA 0x30000000 at PC 0x[0-9a-f]+ \(ESR 0x[0-9a-f]+\); domain stopped"
expect_not badwrite.attacker-did-not-continue "^\(d2\) RESULT"
expect badwrite.d1-finishes "^\(hv\)   d1 \(first\): exit code 0"
expect badwrite.d3-finishes "^\(hv\)   d3 \(last\): exit code 0"
expect badwrite.reported-crashed "^\(hv\)   d2 \(attacker\): crashed"

# Trapped MMIO on a registered range: sizes, sign extension, write/read back.
run_system mmio 90
expect_clean_exit mmio.powers-off
expect mmio.guest-pass "^\(d1\) RESULT mmio PASS"
expect mmio.exit-code "^\(hv\)   d1 \(mmio\): exit code 0"
expect mmio.other-finishes "^\(hv\)   d2 \(other\): exit code 0"

# SPIs the hypervisor raises for a virtual device reach the guest.
run_system spi 90
expect_clean_exit spi.powers-off
expect spi.guest-pass "^\(d1\) RESULT spi PASS"
expect spi.exit-code "^\(hv\)   d1 \(spi\): exit code 0"

# SYSTEM_RESET reloads only the caller, which comes back; others undisturbed.
run_system reset 90
expect_clean_exit reset.powers-off
expect reset.resetting "^\(d2\) resetting"
expect reset.reloaded "^\(hv\) d2 \(resetter\): SYSTEM_RESET: reloading"
expect reset.came-back "^\(d2\) guest reset start domain=2 boot=2"
expect reset.guest-pass "^\(d2\) RESULT reset PASS"
expect reset.boots-2 "^\(hv\)   d2 \(resetter\): exit code 0, boots 2"
expect reset.d1-undisturbed "^\(hv\)   d1 \(steady1\): exit code 0, boots 1"
expect reset.d3-undisturbed "^\(hv\)   d3 \(steady2\): exit code 0, boots 1"

# SMP guest: CPU_ON vCPU 1, SGI ping-pong between the two vCPUs.
run_system smp 90
expect_clean_exit smp.powers-off
expect smp.guest-pass "^\(d1\) RESULT smp PASS"
expect smp.exit-code "^\(hv\)   d1 \(smp\): exit code 0"
expect smp.other-finishes "^\(hv\)   d2 \(other\): exit code 0"

# The guest runtime's own self-test, 4 vCPUs in one domain.
run_system rtcheck 90
expect_clean_exit rtcheck.powers-off
expect rtcheck.guest-pass "^\(d1\) RESULT rtcheck PASS"
expect rtcheck.exit-125 "^\(hv\)   d1 \(rtcheck\): exit code 125"

# A device model process started by the launcher is found on PCI.
run_system model-process 90
expect_clean_exit model-process.powers-off
expect model-process.started "^run-system: 1 device model\(s\) started"
expect model-process.pci "^\(hv\) PCI 00:01.0 1af4:1110 .*BAR2 mem64 pref 0x[0-9a-f]+\+0x2000"
expect model-process.sgpu-id "^\(hv\) ivshmem 00:01.0: shared memory begins \"SGPU\""
expect model-process.guest-runs "^\(hv\)   d1 \(solo\): exit code 0"
if grep -q "client 1 connected" "$QEMU_TEST_OUT/model-process/model0.log" 2>/dev/null; then
    echo "PASS model-process.model-served-qemu"
else
    echo "FAIL model-process.model-served-qemu: no client in $QEMU_TEST_OUT/model-process/model0.log"
fi

# A multiboot,device-tree module is merged into the guest DT.
mkdir -p "$QEMU_TEST_OUT"
dtc -q -I dts -O dtb -o "$QEMU_TEST_OUT/partial.dtb" tests/qemu/partial.dts
run_system partial-dt 90
expect_clean_exit partial-dt.powers-off
expect partial-dt.merged "^\(hv\) d1: 2 node\(s\) added to its device tree from its multiboot,device-tree module"
expect partial-dt.guest-runs "^\(hv\)   d1 \(withdt\): exit code 0"

# Bad device trees: boot stops with a message naming node and property.
bad() {
    run_system "$1" 60
    expect_clean_exit "$1.machine-stops"
    expect "$1.message" "$2"
    expect "$1.boot-stopped" "^\(hv\) boot stopped"
    expect_not "$1.no-guest-ran" "^\(d[0-9]+\) "
}
bad bad-no-memory "config error: /chosen/nomem: missing property 'memory'"
bad bad-overlap "config error: /chosen/two: property 'xen,static-mem' overlaps the RAM of /chosen/one"
bad bad-too-many-vcpus "config error: /chosen/more: property 'cpus': 2 vCPUs here bring the total to 5, more than the 4 pCPUs"
bad bad-module-outside-ram "config error: /chosen/far: module module@0: property 'reg' \[0x200000000, \+0x10000\) is outside RAM"
bad bad-partial-dt "config error: /chosen/baddt: module module@1: property 'reg' does not hold a valid device tree"
bad bad-service-cpu "config error: /chosen: property 'vcoproc,service-cpu' must be one cell naming a pCPU below 4"
exit 0
