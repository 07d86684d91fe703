#!/bin/sh
# The SFPGA slot driver library and the tenant workloads on the in-process
# SFPGA model (tests/sfpga-guest/): loads and every bitstream status code,
# job faults and argument checks, timeouts and lost interrupts, each
# accelerator against the guest references and OpenSSL, streaming SHA-256
# over >= 1000 chunks, every workload verified (and a corrupted result
# caught), the guest DT reader; then the tenant guest image: its header, and
# on plain QEMU (no slot) a clean refusal.
B=${BUILD:-build}
if [ -x "$B/sfpga-guest/test_sfpga_guest" ]; then
    timeout 120 "$B/sfpga-guest/test_sfpga_guest" "$B/sfpga-guest/tenant.dtb" ||
        echo "FAIL sfpga-guest-unit: exited with status $?"
else
    echo "FAIL sfpga-guest-build: $B/sfpga-guest/test_sfpga_guest missing (make all sfpga-guest-tests)"
fi

# fpga-tenant.bin is an arm64 Image: magic "ARM\x64" at offset 56.
img="$B/guests/fpga-tenant.bin"
if [ -f "$img" ] && [ "$(dd if="$img" bs=1 skip=56 count=4 2>/dev/null | od -An -tx1 | tr -d ' \n')" = "41524d64" ]; then
    echo "PASS sfpga-guest-tenant-image"
else
    echo "FAIL sfpga-guest-tenant-image: $img missing or without the arm64 Image magic"
fi

# On plain QEMU (no hypervisor, no slot) the tenant boots, reads its boot
# arguments from the DT and says there is no slot, instead of crashing; an
# unknown workload is refused by name.
qrun() { # bootargs -> output
    timeout 20 qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a57 -smp 1 -m 128M \
        -nographic -nodefaults -serial stdio -kernel "$img" -append "$1" 2>&1
}
if command -v qemu-system-aarch64 >/dev/null 2>&1 && [ -f "$img" ]; then
    out=$(qrun "fpga.workload=crc32c fpga.bytes=4096")
    if echo "$out" | grep -q "slot at 0xb100000 size 0x2000 intid 49 edge (defaults), load page yes, workload crc32c, heap 0x[0-9a-f]*-0x[0-9a-f]*$" &&
       echo "$out" | grep -q "no SFPGA slot at 0xb100000" &&
       echo "$out" | grep -q "RESULT fpga-tenant FAIL"; then
        echo "PASS sfpga-guest-tenant-boots-without-slot"
    else
        echo "FAIL sfpga-guest-tenant-boots-without-slot: $(echo "$out" | head -5 | tr '\n' '|')"
    fi
    out=$(qrun "fpga.workload=bogus")
    if echo "$out" | grep -q "fpga.workload=bogus is not" && echo "$out" | grep -q "RESULT fpga-tenant FAIL"; then
        echo "PASS sfpga-guest-tenant-bad-workload"
    else
        echo "FAIL sfpga-guest-tenant-bad-workload: $(echo "$out" | head -5 | tr '\n' '|')"
    fi
    # A "slot" in RAM that never completes (ACCEL_ID 2 = crc32c, nothing
    # behind it): the rt env's bounded waits (WFI woken by its tick, time
    # from the counter) end each of the two waits (job, then abort) at the
    # 200 ms timeout, and the run reports the timeout by name.
    out=$(timeout 20 qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a57 -smp 1 -m 128M \
        -nographic -nodefaults -serial stdio -kernel "$img" \
        -device loader,addr=0x47000000,data=0x2,data-len=4 \
        -append "fpga.workload=crc32c fpga.bytes=4096 fpga.base=0x47000000 fpga.noload fpga.timeout_ms=200" 2>&1)
    wall=$(echo "$out" | sed -n 's/^FPGA_TENANT_DONE.* wall_ns=\([0-9]*\).*/\1/p')
    if echo "$out" | grep -q "job did not end (aborted), timeout ns (200000000)" &&
       echo "$out" | grep -q "^TENANT crc32c .* ok=0 .* err=-6" &&
       [ -n "$wall" ] && [ "$wall" -ge 400000000 ] && [ "$wall" -lt 1000000000 ]; then
        echo "PASS sfpga-guest-tenant-rt-timeout (two 200 ms waits took $((wall / 1000000)) ms)"
    else
        echo "FAIL sfpga-guest-tenant-rt-timeout: wall_ns=$wall $(echo "$out" | head -6 | tr '\n' '|')"
    fi
else
    echo "FAIL sfpga-guest-tenant-qemu: qemu-system-aarch64 or $img missing"
fi
exit 0
