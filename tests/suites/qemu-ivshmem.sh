#!/bin/sh
# The hypervisor's GICv3 ITS + LPIs, PCI ECAM enumeration and ivshmem MSI-X,
# end to end in QEMU against ivshmem-testpeer (configs in tests/qemu/ivshmem/):
#   1. host unit tests of the host bridge DT parser, the window allocator
#      and BAR sizing/placement, and a bounded libFuzzer run of the first two;
#   2. ivshmem-doorbell on the root bus: found, BARs placed, MSI-X on, the
#      peer's periodic interrupts on vector 0 and the echo of the doorbell the
#      hypervisor rings at boot arrive, the hello domain exits 0;
#   3. the same device behind a PCIe root port (bridge, bus 1, DeviceID 0x100);
#   4. bad host bridge nodes (window too small, malformed 'ranges', 'msi-map'
#      aimed elsewhere): logged, the device left alone, the domain still runs.
# Each system runs in a fresh QEMU with its own peer, bounded in time; every
# file goes to a private directory under build/ so parallel runs cannot clash.
B=${BUILD:-build}
PEER=$B/hw/ivshmem-testpeer
XEN=$B/xen/xen.bin
CFG=tests/qemu/ivshmem
MIN_PERIODIC=5        # interrupts on vector 0 we require (the peer sends one per 20 ms)
RUN_TIMEOUT=25        # seconds per system; each takes ~2 s unloaded

mkdir -p "$B" || { echo "FAIL qemu-ivshmem.setup: cannot create $B"; exit 0; }
tmp=$(mktemp -d "$B/qemu-ivshmem.XXXXXX") || { echo "FAIL qemu-ivshmem.setup: mktemp"; exit 0; }
peer_pid=""
cleanup() {
    if [ -n "$peer_pid" ]; then kill "$peer_pid" 2>/dev/null; wait "$peer_pid" 2>/dev/null; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }

# 1. Host unit tests (no hardware), built here from the hypervisor's sources:
# the host bridge DT parser and window allocator; BAR sizing and placement
# against a simulated configuration space.
host_test() { # name, sources...
    name=$1; shift
    if gcc -std=c11 -Wall -Wextra -Werror -O2 -g -D_DEFAULT_SOURCE -D_GNU_SOURCE \
            -Ixen/include -Ixen/arch/arm64/include -o "$tmp/$name" "$@" -lfdt \
            >"$tmp/$name.cc.log" 2>&1; then
        timeout 30 "$tmp/$name"
        rc=$?
        [ $rc -eq 0 ] || fail "$name.exit" "unit test exited with status $rc"
    else
        fail "$name.build" "$(head -c 400 "$tmp/$name.cc.log" | tr '\n' '|')"
    fi
}
host_test pci_dt_test "$CFG/pci_dt_test.c" xen/drivers/pci/host_bridge.c xen/drivers/pci/window.c
host_test pci_bars_test "$CFG/pci_bars_test.c" xen/drivers/pci/bars.c xen/drivers/pci/window.c

# 1b. Fuzz the same parser and allocator (libFuzzer, ASan + UBSan) from the
# seeds, for a bounded time: any crash or broken invariant fails.
FUZZ_SECONDS=${FUZZ_SECONDS:-8}
if clang -std=c11 -Wall -Wextra -Werror -O1 -g -D_DEFAULT_SOURCE -D_GNU_SOURCE \
        -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
        -Ixen/include -Ixen/arch/arm64/include -o "$tmp/fuzz_host_bridge" \
        "$CFG/fuzz_host_bridge.c" xen/drivers/pci/host_bridge.c xen/drivers/pci/window.c \
        -lfdt >"$tmp/fuzzcc.log" 2>&1; then
    mkdir -p "$tmp/corpus" && cp "$CFG"/fuzz-seeds/* "$tmp/corpus/"
    timeout $((FUZZ_SECONDS + 30)) "$tmp/fuzz_host_bridge" -max_total_time="$FUZZ_SECONDS" \
        -rss_limit_mb=1024 -artifact_prefix="$tmp/" "$tmp/corpus" >"$tmp/fuzz.log" 2>&1
    rc=$?
    runs=$(grep -Eo 'Done [0-9]+ runs' "$tmp/fuzz.log" | grep -Eo '[0-9]+')
    if [ $rc -eq 0 ] && [ -n "$runs" ]; then
        pass "pci-dt.fuzz ($runs inputs in ${FUZZ_SECONDS}s, no crash)"
    else
        fail pci-dt.fuzz "status $rc: $(grep -E 'ERROR|SUMMARY|abort' "$tmp/fuzz.log" | head -3 | tr '\n' '|')"
    fi
else
    fail pci-dt.fuzz-build "$(head -c 400 "$tmp/fuzzcc.log" | tr '\n' '|')"
fi

for f in "$PEER" "$XEN" "$B/tools/sysdt" "$B/guests/hello.bin"; do
    [ -e "$f" ] || { fail qemu-ivshmem.setup "$f missing: run make all"; exit 0; }
done
command -v qemu-system-aarch64 >/dev/null ||
    { fail qemu-ivshmem.setup "qemu-system-aarch64 not installed (sh scripts/setup.sh)"; exit 0; }

# boot NAME: runs $CFG/NAME.dts with a fresh peer on a private socket.
# Leaves the console in $tmp/NAME/console.log, the peer's log in
# $tmp/NAME.peer.log and run-system's status in $rc.
boot() {
    name=$1
    sock="$tmp/$name.sock"
    sed "s|build/qemu-ivshmem/peer.sock|$sock|" "$CFG/$name.dts" >"$tmp/$name.dts"
    timeout 120 "$PEER" --socket "$sock" --vectors 2 --interval-ms 20 --count 100000 \
        2>"$tmp/$name.peer.log" &
    peer_pid=$!
    i=0
    while [ ! -S "$sock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
    sh scripts/run-system.sh "$tmp/$name.dts" --timeout "$RUN_TIMEOUT" --out "$tmp/$name" \
        --xen "$XEN" >"$tmp/$name.run.log" 2>&1
    rc=$?
    kill "$peer_pid" 2>/dev/null
    wait "$peer_pid" 2>/dev/null
    peer_pid=""
    log="$tmp/$name/console.log"
    [ -f "$log" ] || : >"$log"
}

# expect TEST PATTERN WHY: PASS when the console log has a line matching PATTERN.
expect() {
    if grep -Eq -- "$2" "$log"; then pass "$1"; else fail "$1" "$3"; fi
}
# refuse TEST PATTERN WHY: PASS when no console line matches PATTERN.
refuse() {
    if grep -Eq -- "$2" "$log"; then fail "$1" "$3: $(grep -E -m1 -- "$2" "$log")"
    else pass "$1"; fi
}
# domain_ok PREFIX: the run ended by power-off within its bound, the hello
# domain exited 0, and the hypervisor never panicked or saw a stray interrupt.
domain_ok() {
    if [ "$rc" = 0 ]; then pass "$1.powers-off"
    else fail "$1.powers-off" "run-system status $rc (124: over ${RUN_TIMEOUT}s); $(tail -c 300 "$tmp/$name.run.log" | tr '\n' '|')"; fi
    expect "$1.hello-exit-0" '^\(hv\) d1 \(hello\): powered off \(SYSTEM_OFF\), exit code 0' \
        "the hello domain did not exit with code 0"
    refuse "$1.no-panic" 'PANIC|unexpected physical interrupt|is none of its vectors' \
        "the hypervisor panicked or took an interrupt nobody owns"
}

# periodic BDF: counts vector-0 interrupts and checks they are numbered 1..N.
periodic() {
    n=$(grep -Ec "^\(hv\) ivshmem $2: vector 0 interrupt #[0-9]+" "$log")
    last=$(grep -Eo "^\(hv\) ivshmem $2: vector 0 interrupt #[0-9]+" "$log" | tail -1 | sed 's/.*#//')
    if [ "$n" -ge "$MIN_PERIODIC" ] && [ "$last" = "$n" ]; then
        pass "$1.periodic-interrupts ($n on vector 0, at least $MIN_PERIODIC)"
    else
        fail "$1.periodic-interrupts" "$n interrupts on vector 0 (last #${last:-none}), want at least $MIN_PERIODIC numbered 1..N"
    fi
}

# echo BDF: the boot doorbell reached the peer and its echo came back.
echo_path() {
    expect "$1.doorbell-rung" "^\(hv\) ivshmem $2: rang peer 0's doorbell on vector 1[[:space:]]*$" \
        "no line saying the hypervisor rang peer 0 on vector 1"
    if grep -q 'doorbell from client 1 vector 1' "$tmp/$name.peer.log"; then
        pass "$1.peer-saw-doorbell"
    else
        fail "$1.peer-saw-doorbell" "peer log: $(tail -c 300 "$tmp/$name.peer.log" | tr '\n' '|')"
    fi
    expect "$1.echo-interrupt" "^\(hv\) ivshmem $2: vector 1 interrupt #1 \(echo of our doorbell\)" \
        "the echo on vector 1 never arrived"
}

# 2. Root bus.
boot ivshmem
expect root.its "^\(hv\) ITS at 0x8080000: .* doorbell 0x8090040" "ITS not initialised"
expect root.lpis "^\(hv\) LPIs: INTIDs 8192-16383 enabled on 4 redistributors" \
    "LPIs not enabled on every redistributor"
expect root.device-found \
    '^\(hv\) PCI 00:0[0-9a-f]\.0 1af4:1110 class 0x050000: BAR0 mem32 0x1[0-9a-f]{7}\+0x100 BAR1 mem32 0x1[0-9a-f]{7}\+0x1000 BAR2 mem64 pref 0x1[0-9a-f]{7}\+0x100000[[:space:]]*$' \
    "no ivshmem-doorbell line with BAR0/1/2 placed in the 32-bit window"
bdf=$(grep -Eo '^\(hv\) PCI 00:0[0-9a-f]\.0 1af4:1110' "$log" | head -1 | cut -d' ' -f3)
bdf=${bdf:-00:0?.0}
expect root.bars-mapped "^\(hv\) ivshmem $bdf: registers at 0x1[0-9a-f]{7}, shared memory 0x1[0-9a-f]{7} \(0x100000 bytes\), peer id [1-9]" \
    "BAR0/BAR2 not taken into use (or the peer id is 0)"
expect root.shm-is-peers "^\(hv\) ivshmem $bdf: shared memory begins \"IVTPEER\"" \
    "BAR2 does not show ivshmem-testpeer's status block: not the peer's memory"
expect root.msix-enabled "^\(hv\) MSI-X $bdf: 2 of 2 vectors enabled, DeviceID 0x[0-9a-f]+, LPIs 8192-8193 on pCPU[0-9]" \
    "MSI-X not enabled with 2 LPIs"
periodic root "$bdf"
echo_path root "$bdf"
domain_ok root

# 3. Behind a PCIe root port: bus 1, DeviceID = RID 0x100 through msi-map.
boot bridge
expect bridge.bridge-configured \
    '^\(hv\) PCI 00:0[0-9a-f]\.0: bridge to buses 01-01, memory window 0x1[0-9a-f]{7}-0x1[0-9a-f]{7}[[:space:]]*$' \
    "the root port was not given bus 1 and a memory window"
expect bridge.device-found '^\(hv\) PCI 01:00\.0 1af4:1110 class 0x050000: BAR0 mem32 .* BAR2 mem64 pref ' \
    "ivshmem-doorbell not found behind the bridge with its BARs placed"
expect bridge.msix-devid '^\(hv\) MSI-X 01:00\.0: 2 of 2 vectors enabled, DeviceID 0x100, ' \
    "MSI-X not enabled with DeviceID 0x100 (RID of 01:00.0)"
periodic bridge 01:00.0
echo_path bridge 01:00.0
domain_ok bridge

# 4. Bad host bridge nodes: logged, never fatal.
boot small-window
expect small-window.logged "^\(hv\) PCI 00:0[0-9a-f]\.0: BAR2 \(mem64 pref, 0x100000 bytes\): no room left in the host bridge's windows; device left disabled" \
    "the BAR that cannot fit was not reported"
expect small-window.device-unused '^\(hv\) ivshmem 00:0[0-9a-f]\.0: not used: its BARs could not be placed' \
    "the ivshmem driver did not skip the disabled device"
refuse small-window.no-msix '^\(hv\) MSI-X ' "MSI-X was touched on a disabled device"
domain_ok small-window

boot bad-ranges
expect bad-ranges.logged "^\(hv\) PCI: pcie@10000000: property 'ranges' missing or not a whole number of 7-cell entries" \
    "the malformed 'ranges' was not named"
expect bad-ranges.no-pci '^\(hv\) PCI: host bridge not used: no PCI devices' \
    "the host bridge was used despite its bad 'ranges'"
domain_ok bad-ranges

boot bad-msi-map
expect bad-msi-map.bars-placed '^\(hv\) PCI 00:0[0-9a-f]\.0 1af4:1110 class 0x050000: BAR0 ' \
    "the device should still be enumerated"
expect bad-msi-map.logged '^\(hv\) MSI-X 00:0[0-9a-f]\.0: no ITS DeviceID for requester ID 0x[0-9a-f]+ \(msi-map does not send it to the ITS\)' \
    "MSI-X was not refused with the requester ID named"
refuse bad-msi-map.no-interrupts 'ivshmem .*: vector [0-9]+ interrupt' "an interrupt arrived without MSI-X"
domain_ok bad-msi-map
exit 0
