#!/bin/sh
# Guest runtime and test guests on plain QEMU (no hypervisor: the guest runs
# at EL1 on the same virt platform, QEMU answers PSCI over HVC and returns
# NOT_SUPPORTED for the vendor hypercalls). Only behaviour that can be
# asserted without the hypervisor is checked:
#   - the formatter against the C library (host);
#   - the Image header of every guest binary;
#   - hello, smp, bench and the runtime self-test pass;
#   - the mmio checks pass on RAM holding the device's initial contents;
#   - mmio, badwrite and reset *fail* natively, each in the way that proves
#     it notices what the hypervisor is missing (no test device, a store
#     that went through, no boot count).
# reset and badwrite's real pass conditions need the hypervisor (system
# tests). Run from the repository root after `make all $(TEST_TARGETS)`.
B=${BUILD:-build}/guests
LOGS=${BUILD:-build}/test-logs/guests-native
mkdir -p "$LOGS"
QEMU=qemu-system-aarch64
TIMEOUT=${GUEST_TIMEOUT:-60}

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }

# run_guest <binary> <vcpus> <log>: one fresh QEMU, bounded in time.
run_guest() {
    timeout -k 5 "$TIMEOUT" "$QEMU" -M virt,gic-version=3 -cpu cortex-a57 -smp "$2" -m 256M \
        -nographic -nodefaults -serial stdio -monitor none -kernel "$1" </dev/null >"$3" 2>&1
}

has() { grep -q -- "$2" "$1"; }

# check <test> <log> <regex>...: every regex must match a line of the log.
check() {
    t=$1 log=$2
    shift 2
    for re in "$@"; do
        if ! grep -Eq -- "$re" "$log"; then
            fail "$t" "no line matching '$re' (log: $log; last line: $(tail -n 1 "$log"))"
            return 1
        fi
    done
    pass "$t"
}

# --- host: the formatter against libc --------------------------------------
if [ -x "$B/host/format_test" ]; then
    "$B/host/format_test" || true    # prints its own PASS/FAIL lines
else
    fail rt-format "missing $B/host/format_test (make all \$(TEST_TARGETS))"
fi

# --- arm64 Image header ----------------------------------------------------
# magic "ARM\x64" at 56, text_offset 0x200000 at 8, image_size >= file size.
for g in hello badwrite mmio reset smp bench; do
    f=$B/$g.bin
    t=guest-image-header-$g
    if [ ! -f "$f" ]; then fail "$t" "missing $f"; continue; fi
    magic=$(od -An -c -j56 -N4 "$f" | tr -d ' ')
    toff=$(od -An -tu8 -j8 -N8 "$f" | tr -d ' ')
    isize=$(od -An -tu8 -j16 -N8 "$f" | tr -d ' ')
    fsize=$(wc -c <"$f")
    if [ "$magic" != 'ARMd' ]; then fail "$t" "magic is '$magic', not ARMd"
    elif [ "$toff" != 2097152 ]; then fail "$t" "text_offset $toff, not 0x200000"
    elif [ "$isize" -lt "$fsize" ]; then fail "$t" "image_size $isize < file size $fsize"
    else pass "$t"; fi
done

if ! command -v "$QEMU" >/dev/null; then
    fail guests-native "$QEMU not found (sh scripts/setup.sh installs it)"
    exit 0
fi

# --- guests that pass natively ----------------------------------------------
log=$LOGS/hello.log
run_guest "$B/hello.bin" 2 "$log"
check guest-hello-native "$log" '^guest hello start domain=0 boot=0$' \
    '^first-insn-ticks=[0-9]+$' '^RESULT hello PASS$' '^rt: SYSTEM_OFF exit=0$'

log=$LOGS/smp.log
run_guest "$B/smp.bin" 2 "$log"
if check guest-smp-native "$log" '^guest smp start domain=0 boot=0$' '^RESULT smp PASS$' \
    '^rt: SYSTEM_OFF exit=0$' >"$LOGS/smp.check"; then
    cat "$LOGS/smp.check"
    # Both vCPUs printed 50 lines at once: each must be whole.
    good=$(grep -Ec '^smp-line cpu=[01] seq=[0-9]{2} ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789$' "$log")
    any=$(grep -c 'smp-line' "$log")
    if [ "$good" = 100 ] && [ "$any" = 100 ]; then
        pass guest-smp-console-lines-whole
    else
        fail guest-smp-console-lines-whole "$good of 100 lines intact, $any mention smp-line"
    fi
else
    cat "$LOGS/smp.check"
    fail guest-smp-console-lines-whole "smp guest did not pass"
fi

log=$LOGS/bench.log
run_guest "$B/bench.bin" 2 "$log"
check guest-bench-native "$log" \
    '^BENCH mmio_read_ticks=[0-9]+ hvc_ticks=[0-9]+ iterations=100000$' '^RESULT bench PASS$'

# Runtime self-test on four vCPUs; its last act is an unhandled UDF.
log=$LOGS/rtcheck.log
run_guest "$B/rtcheck.bin" 4 "$log"
check guest-rtcheck-native "$log" '^RESULT rtcheck PASS$' \
    '^rtcheck-console via uart fallback$' '^rt: vCPU 0: IRQ 5 has no handler; disabled it$' \
    '^rtcheck-format \[   42\] \[-7   \] \[-0042\] \[0000beef\] \[str\] \[z\] \[0x40200000\] \[123456789abcdef0\] \[0\]$'
if check guest-rtcheck-unhandled-exception "$log" \
    '^rt: vCPU 0: unexpected synchronous exception: ESR=0x02000000 \(EC=0x00\) ELR=0x[0-9a-f]+' \
    '^rt: SYSTEM_OFF exit=125$' >"$LOGS/rtcheck.check" && ! has "$log" 'still running'; then
    cat "$LOGS/rtcheck.check"
else
    grep FAIL "$LOGS/rtcheck.check" || fail guest-rtcheck-unhandled-exception "ran on after it"
fi

log=$LOGS/mmio-ram.log
run_guest "$B/mmio-ram.bin" 1 "$log"
check guest-mmio-checks-pass-on-ram "$log" '^RESULT mmio-ram PASS$' '^rt: SYSTEM_OFF exit=0$'

# --- guests that must notice the hypervisor is missing ----------------------
# Natively 0x0A000000 is a virtio-mmio transport, not the test device.
log=$LOGS/mmio.log
run_guest "$B/mmio.bin" 1 "$log"
check guest-mmio-native-detects-wrong-device "$log" '^guest mmio start domain=0 boot=0$' \
    '^RESULT mmio FAIL [0-9]+ checks$' '^rt: SYSTEM_OFF exit=[1-9][0-9]*$'

# Natively the store to 0x30000000 is ignored, so the guest must say so.
log=$LOGS/badwrite.log
run_guest "$B/badwrite.bin" 1 "$log"
check guest-badwrite-native-detects-continuing "$log" '^about to write outside RAM$' \
    '^RESULT badwrite FAIL 1 checks$' '^rt: SYSTEM_OFF exit=3$'

# Without DOMAIN_ID there is no boot count: fail at once, never reset-loop.
log=$LOGS/reset.log
run_guest "$B/reset.bin" 1 "$log"
if check guest-reset-native-needs-boot-count "$log" '^guest reset start domain=0 boot=0$' \
    '^RESULT reset FAIL 1 checks$' >"$LOGS/reset.check" && ! has "$log" '^resetting'; then
    cat "$LOGS/reset.check"
else
    grep FAIL "$LOGS/reset.check" || fail guest-reset-native-needs-boot-count "it tried to reset"
fi
exit 0
