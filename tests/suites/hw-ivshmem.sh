#!/bin/sh
# The ivshmem transport: ivshmem-testpeer and vcoproc-model (SFPGA) against
# a host-side client that speaks the protocol as QEMU does, the programs'
# argument checks, and real QEMU (ivshmem-doorbell) with bare-metal guests
# exchanging doorbells and MSI-X interrupts with the peer and the model.
B=${BUILD:-build}
PEER=$B/hw/ivshmem-testpeer
tmp=$(mktemp -d /tmp/hw-ivshmem.XXXXXX)
peer_pid=""
cleanup() {
    [ -n "$peer_pid" ] && kill "$peer_pid" 2>/dev/null && wait "$peer_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

start_peer() { # log, program args...
    log=$1; shift
    rm -f "$tmp/sock"
    timeout 120 "$@" 2>"$log" &
    peer_pid=$!
    i=0
    while [ ! -S "$tmp/sock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
}
stop_peer() {
    kill "$peer_pid" 2>/dev/null; wait "$peer_pid" 2>/dev/null; peer_pid=""
}

# 1. Protocol against the host-side client.
start_peer "$tmp/peer1.log" "$PEER" --socket "$tmp/sock" --vectors 4 --shm-size 65536 \
    --interval-ms 20 --count 5
timeout 60 "$B/tests/hw/ivshmem/ivshmem_fakeqemu" "$tmp/sock" 4 65536 5 ||
    echo "FAIL ivshmem-fakeqemu: client exited with status $?"
stop_peer
if [ -e "$tmp/sock" ]; then echo "FAIL ivshmem-socket-removed: $tmp/sock left behind"
else echo "PASS ivshmem-socket-removed"; fi

# 2. Bad arguments: refused with a message naming what was wrong.
bad() { # name, expected message fragment, args...
    name=$1; want=$2; shift 2
    "$PEER" "$@" >"$tmp/bad.out" 2>&1
    rc=$?
    if [ $rc -ne 0 ] && grep -q -- "$want" "$tmp/bad.out"; then echo "PASS $name"
    else echo "FAIL $name: rc $rc, output: $(head -c 200 "$tmp/bad.out")"; fi
}
bad ivshmem-args-no-socket "socket PATH is required"
bad ivshmem-args-zero-vectors "vectors 0 is out of range" --socket "$tmp/s2" --vectors 0
bad ivshmem-args-odd-shm "shm size 1000 is not a power of two" --socket "$tmp/s2" --shm-size 1000
bad ivshmem-args-garbage "bad value for --count" --socket "$tmp/s2" --count 12x
bad ivshmem-args-not-a-socket "is not a socket" --socket "$tmp/peer1.log"

# 2b. The SFPGA model process over the same path: loads, jobs with DMA into
# the RAM file, MSI-X per slot, reset on reconnect.
MODEL=$B/hw/vcoproc-model
truncate -s 64M "$tmp/vm.ram"
start_peer "$tmp/model1.log" "$MODEL" --device sfpga --socket "$tmp/sock" --ram "$tmp/vm.ram"
timeout 60 "$B/tests/hw/ivshmem/model_client" "$tmp/sock" "$tmp/vm.ram" 0x40000000 ||
    echo "FAIL model-client: exited with status $?"
stop_peer
if [ -e "$tmp/sock" ]; then echo "FAIL model-stops-cleanly: socket left behind"
else echo "PASS model-stops-cleanly"; fi
# Every model the process hosts comes up behind the transport.
start_peer "$tmp/model-sfpga8.log" "$MODEL" --device sfpga --socket "$tmp/sock" --ram "$tmp/vm.ram" \
    --options slots=8
timeout 30 "$B/tests/hw/ivshmem/model_probe" "$tmp/sock" 16 0x8 8 model-sfpga-8-slots
stop_peer
if grep -q 'sgpu' "$B/hw/vcoproc-model" 2>/dev/null; then
    start_peer "$tmp/model-sgpu.log" "$MODEL" --device sgpu --socket "$tmp/sock" --ram "$tmp/vm.ram"
    vec=$(sed -n 's/.* \([0-9]*\) vectors.*/\1/p' "$tmp/model-sgpu.log" | head -1)
    timeout 30 "$B/tests/hw/ivshmem/model_probe" "$tmp/sock" "${vec:-0}" 0 0x55504753 model-sgpu-behind-transport
    stop_peer
fi
PEER_SAVED=$PEER
PEER=$MODEL
bad model-args-no-ram "are required" --device sfpga --socket "$tmp/s3"
bad model-args-unknown-device "unknown device 'gpu2'" --device gpu2 --socket "$tmp/s3" --ram "$tmp/vm.ram"
bad model-args-missing-ram "cannot open RAM file" --device sfpga --socket "$tmp/s3" --ram "$tmp/none"
bad model-args-bad-option "unknown option 'turbo=1'" --device sfpga --socket "$tmp/s3" --ram "$tmp/vm.ram" --options turbo=1
bad model-args-bad-slots "slots must be 1..8" --device sfpga --socket "$tmp/s3" --ram "$tmp/vm.ram" --options slots=9
PEER=$PEER_SAVED

# 3. Real QEMU: handshake, BAR2 sharing, periodic MSI-X and doorbell echoes.
if ! command -v qemu-system-aarch64 >/dev/null; then
    echo "FAIL ivshmem-qemu-guest: qemu-system-aarch64 not installed (sh scripts/setup.sh)"
    
# 4. Real QEMU with its RAM in a shared file and the SFPGA model behind the
# ivshmem-doorbell: the guest loads a bitstream it built, runs a CRC32C job
# over its own memory, and sees a corrupt bitstream refused.
rm -f "$tmp/vm.ram" "$tmp/serial"
truncate -s 128M "$tmp/vm.ram"
start_peer "$tmp/model2.log" "$MODEL" --device sfpga --socket "$tmp/sock" --ram "$tmp/vm.ram"
timeout 60 qemu-system-aarch64 -M virt,highmem=off,memory-backend=ram0 -cpu cortex-a57 -m 128M \
    -object "memory-backend-file,id=ram0,size=128M,mem-path=$tmp/vm.ram,share=on" -nodefaults \
    -display none -serial "file:$tmp/serial" -kernel "$B/tests/hw/ivshmem/guest/sfguest.elf" \
    -chardev "socket,path=$tmp/sock,id=iv0" -device ivshmem-doorbell,chardev=iv0,vectors=16 \
    >"$tmp/qemu2.log" 2>&1
qrc=$?
sleep 0.2
stop_peer
if grep -q '^SFGUEST PASS' "$tmp/serial" 2>/dev/null; then
    echo "PASS model-sfpga-qemu-guest ($(grep '^SFGUEST PASS' "$tmp/serial"))"
else
    echo "FAIL model-sfpga-qemu-guest: qemu rc $qrc; guest: $(tr '\n' '|' <"$tmp/serial" 2>/dev/null); qemu: $(head -c 300 "$tmp/qemu2.log"); model: $(tr '\n' '|' <"$tmp/model2.log")"
fi
if grep -q 'device reset' "$tmp/model2.log"; then
    echo "PASS model-sfpga-qemu-disconnect-resets"
else
    echo "FAIL model-sfpga-qemu-disconnect-resets: model log: $(tr '\n' '|' <"$tmp/model2.log")"
fi
exit 0
fi
start_peer "$tmp/peer2.log" "$PEER" --socket "$tmp/sock" --vectors 4 --shm-size 1048576 \
    --interval-ms 100 --count 5
timeout 60 qemu-system-aarch64 -M virt,highmem=off -cpu cortex-a57 -nodefaults \
    -display none -serial "file:$tmp/serial" -kernel "$B/tests/hw/ivshmem/guest/ivguest.elf" \
    -chardev "socket,path=$tmp/sock,id=iv0" -device ivshmem-doorbell,chardev=iv0,vectors=4 \
    >"$tmp/qemu.log" 2>&1
qrc=$?
sleep 0.2
stop_peer
if grep -q '^IVGUEST PASS' "$tmp/serial" 2>/dev/null; then
    echo "PASS ivshmem-qemu-guest ($(grep '^IVGUEST PASS' "$tmp/serial"))"
else
    echo "FAIL ivshmem-qemu-guest: qemu rc $qrc; guest: $(cat "$tmp/serial" 2>/dev/null | tr '\n' '|'); qemu: $(head -c 300 "$tmp/qemu.log")"
fi
if grep -q 'client 1 connected: handshake sent' "$tmp/peer2.log" &&
   grep -q 'client 1 disconnected' "$tmp/peer2.log"; then
    echo "PASS ivshmem-qemu-handshake-and-disconnect"
else
    echo "FAIL ivshmem-qemu-handshake-and-disconnect: peer log: $(tr '\n' '|' <"$tmp/peer2.log")"
fi

# 4. Real QEMU with its RAM in a shared file and the SFPGA model behind the
# ivshmem-doorbell: the guest loads a bitstream it built, runs a CRC32C job
# over its own memory, and sees a corrupt bitstream refused.
rm -f "$tmp/vm.ram" "$tmp/serial"
truncate -s 128M "$tmp/vm.ram"
start_peer "$tmp/model2.log" "$MODEL" --device sfpga --socket "$tmp/sock" --ram "$tmp/vm.ram"
timeout 60 qemu-system-aarch64 -M virt,highmem=off,memory-backend=ram0 -cpu cortex-a57 -m 128M \
    -object "memory-backend-file,id=ram0,size=128M,mem-path=$tmp/vm.ram,share=on" -nodefaults \
    -display none -serial "file:$tmp/serial" -kernel "$B/tests/hw/ivshmem/guest/sfguest.elf" \
    -chardev "socket,path=$tmp/sock,id=iv0" -device ivshmem-doorbell,chardev=iv0,vectors=16 \
    >"$tmp/qemu2.log" 2>&1
qrc=$?
sleep 0.2
stop_peer
if grep -q '^SFGUEST PASS' "$tmp/serial" 2>/dev/null; then
    echo "PASS model-sfpga-qemu-guest ($(grep '^SFGUEST PASS' "$tmp/serial"))"
else
    echo "FAIL model-sfpga-qemu-guest: qemu rc $qrc; guest: $(tr '\n' '|' <"$tmp/serial" 2>/dev/null); qemu: $(head -c 300 "$tmp/qemu2.log"); model: $(tr '\n' '|' <"$tmp/model2.log")"
fi
if grep -q 'device reset' "$tmp/model2.log"; then
    echo "PASS model-sfpga-qemu-disconnect-resets"
else
    echo "FAIL model-sfpga-qemu-disconnect-resets: model log: $(tr '\n' '|' <"$tmp/model2.log")"
fi
exit 0
