#!/bin/sh
# An unmodified Debian arm64 kernel as a domain beside two bare-metal ones
# (configs/linux.dts): its init checks CPUs, interrupts and its device tree,
# reboots once (only its domain restarts), then powers off.
cd "$(dirname "$0")/../.."
. tests/qemu/lib.sh

name=linux
log=$QEMU_TEST_OUT/linux.log
sh scripts/run-system.sh configs/linux.dts --timeout 300 --out "$QEMU_TEST_OUT/linux" >"$log" 2>&1
run_rc=$?
expect_clean_exit linux.powers-off
expect linux.init-marker "^\(d1\) LINUX-INIT boot=1 uptime=[0-9.]+ kernel=6\.1\.0-[0-9]+-cloud-arm64"
expect linux.two-cpus "^\(d1\) LINUX-CHECK cpus=2 online=0-1"

# rising(TEST, WHAT): the two counts on "LINUX-CHECK WHAT a b" have b > a.
rising() {
    set -- "$1" "$2" $(sed -n "s/^(d1) LINUX-CHECK $2 \([0-9]*\) \([0-9]*\).*/\1 \2/p" "$log")
    if [ -n "$4" ] && [ "$4" -gt "$3" ]; then
        echo "PASS $1 ($3 -> $4)"
    else
        echo "FAIL $1: '$2' counts '$3' -> '$4' in $log"
    fi
}
rising linux.timer-irqs-rising timer-irqs
rising linux.uart-irqs-rising uart-irqs

# The device tree Linux was given, dumped by init, passes dtc cleanly.
sed -n '/LINUX-FDT-BEGIN/,/LINUX-FDT-END/p' "$log" | grep -v LINUX-FDT |
    sed 's/^(d1) //' | tr -d '\r' | base64 -d >"$QEMU_TEST_OUT/linux-guest.dtb" 2>/dev/null
warnings=$(dtc -q -I dtb -O dts -o /dev/null "$QEMU_TEST_OUT/linux-guest.dtb" 2>&1; \
           dtc -I dtb -O dts -o /dev/null "$QEMU_TEST_OUT/linux-guest.dtb" 2>&1)
if [ -s "$QEMU_TEST_OUT/linux-guest.dtb" ] && [ -z "$warnings" ] &&
   fdtget "$QEMU_TEST_OUT/linux-guest.dtb" /chosen linux,initrd-start >/dev/null 2>&1; then
    echo "PASS linux.guest-dt-dtc-clean"
else
    echo "FAIL linux.guest-dt-dtc-clean: $(echo "$warnings" | head -3)"
fi

expect linux.reboot-requested "^\(d1\) LINUX-REBOOT now"
expect linux.only-domain-reset "^\(hv\) d1 \(linux\): SYSTEM_RESET: reloading"
expect linux.boots-again "^\(d1\) LINUX-INIT boot=2 "
expect linux.second-boot-done "^\(d1\) LINUX-SECOND-BOOT ok"
expect linux.exit-code "^\(hv\)   d1 \(linux\): exit code 0, boots 2"
expect linux.bare-metal-alpha "^\(hv\)   d2 \(alpha\): exit code 0, boots 1"
expect linux.bare-metal-beta "^\(hv\)   d3 \(beta\): exit code 0, boots 1"
expect linux.alpha-result "^\(d2\) RESULT hello PASS"
expect linux.beta-result "^\(d3\) RESULT hello PASS"
exit 0
