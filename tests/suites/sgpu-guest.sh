#!/bin/sh
# The SGPU guest library and its workloads on the in-process SGPU model
# (bare hardware: stage 2 off): probing, page tables, ring wrap-around and
# back-pressure, faults and recovery, timeouts; checker, cluster and ivi
# with their results verified. The guests' DT reader on a dtc-built DT.
# Then the bare-metal guests on plain QEMU, where there is no SGPU: their
# environment (clock, waits, allocator, DT, bootargs) passes its self-test
# and the missing device is reported, not crashed on.
B=${BUILD:-build}
T=$B/test-logs/sgpu-guest
mkdir -p "$T"
for t in drv apps; do
    bin=$B/sgpu-guest/tests/test-sgpu-$t
    if [ -x "$bin" ]; then
        timeout 120 "$bin" || echo "FAIL sgpu-guest-$t-exit: $bin exited with status $?"
    else
        echo "FAIL sgpu-guest-$t: $bin not built"
    fi
done

# The checker once more with kernels on the OpenCL executor (PoCL here).
timeout 300 "$B/sgpu-guest/tests/test-sgpu-apps" --opencl ||
    echo "FAIL sgpu-guest-checker-opencl-exit: exited with status $?"

if dtc -q -I dts -O dtb tests/sgpu-guest/guest.dts -o "$T/guest.dtb"; then
    timeout 60 "$B/sgpu-guest/tests/test-guest-dt" "$T/guest.dtb" ||
        echo "FAIL sgpu-guest-dt-exit: test-guest-dt exited with status $?"
else
    echo "FAIL sgpu-guest-dt: dtc could not build tests/sgpu-guest/guest.dts"
fi

QEMU="qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a57 -m 256M -nographic -nodefaults"
# $1 guest, $2 log, rest: extra QEMU arguments
run_native() {
    g=$1; log=$2; shift 2
    timeout 30 $QEMU -serial "file:$log" -kernel "$B/guests/sgpu-$g.bin" "$@" >/dev/null 2>&1
}
for g in cluster ivi checker; do
    name=sgpu-guest-native-$g
    log=$T/native-$g.log
    if [ ! -f "$B/guests/sgpu-$g.bin" ]; then
        echo "FAIL $name: $B/guests/sgpu-$g.bin not built"
        continue
    fi
    # arm64 Image header: magic, text_offset 0x200000, image_size covering
    # the file (the heap starts where image_size ends).
    f=$B/guests/sgpu-$g.bin
    magic=$(od -An -c -j56 -N4 "$f" | tr -d ' ')
    toff=$(od -An -tu8 -j8 -N8 "$f" | tr -d ' ')
    isize=$(od -An -tu8 -j16 -N8 "$f" | tr -d ' ')
    if [ "$magic" != 'ARMd' ] || [ "$toff" != 2097152 ] || [ "$isize" -lt "$(wc -c <"$f")" ]; then
        echo "FAIL $name: bad Image header (magic '$magic', text_offset $toff, image_size $isize)"
        continue
    fi
    run_native "$g" "$log" -append "envtest=1 frames=7"
    # The only failed check must be the device that is not there.
    fails=$(grep -c "^CHECK FAILED" "$log")
    if ! grep -q "bootargs \"envtest=1 frames=7\"" "$log"; then
        echo "FAIL $name: bootargs not read from the DT: $(head -3 "$log" | tr '\n' '|')"
    elif ! grep -q "sgpu-env: self-test: sleep" "$log" || ! grep -q "sgpu-env: self-test log line" "$log"; then
        echo "FAIL $name: no environment self-test: $(tail -3 "$log" | tr '\n' '|')"
    elif ! grep -q "nothing at 0xb000000 (data abort" "$log" || [ "$fails" != 1 ] ||
         ! grep -q "RESULT sgpu-$g FAIL 1 checks" "$log"; then
        echo "FAIL $name: expected one failed check (no SGPU): $(grep -E 'CHECK FAILED|RESULT|self-test' "$log" | tr '\n' '|')"
    else
        echo "PASS $name ($(grep -o 'sleep 2 ms took [0-9]* us' "$log"))"
    fi
done

# A guest DT with a vcoproc,sgpu node: the guest must use its address and
# SPI instead of the defaults.
name=sgpu-guest-native-dt
if timeout 30 $QEMU -machine dumpdtb="$T/virt.dtb" >/dev/null 2>&1 &&
   dtc -q -I dtb -O dts "$T/virt.dtb" -o "$T/virt.dts"; then
    sed -e '$d' "$T/virt.dts" >"$T/sgpu.dts"
    cat >>"$T/sgpu.dts" <<'DTS'
	vcoproc-sgpu@c100000 {
		compatible = "vcoproc,sgpu";
		reg = <0x0 0xc100000 0x0 0x1000>;
		interrupts = <0x0 0x13 0x4>;
	};
};
DTS
    if dtc -q -I dts -O dtb "$T/sgpu.dts" -o "$T/sgpu.dtb"; then
        run_native checker "$T/native-dt.log" -dtb "$T/sgpu.dtb"
        if grep -q "SGPU at 0xc100000 INTID 51 (from the DT)" "$T/native-dt.log"; then
            echo "PASS $name"
        else
            echo "FAIL $name: $(grep -m1 'SGPU at' "$T/native-dt.log")"
        fi
    else
        echo "FAIL $name: dtc rejected the edited DT"
    fi
else
    echo "FAIL $name: could not dump QEMU's DT"
fi
exit 0
