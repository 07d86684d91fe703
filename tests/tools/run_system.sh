# scripts/run-system.sh: clear failures for bad invocations, and whole boots
# of a stand-in hypervisor (build/tools/test/fake-xen*.bin) that prints the
# DTB check and the first module's text through the UART, then powers off or
# spins. This checks the real QEMU path end to end: board dump, merge,
# shared RAM file, -nodefaults console on stdout, loader, exit on SYSTEM_OFF.
. tests/tools/lib.sh

FAKE_XEN=build/tools/test/fake-xen.bin
FAKE_XEN_SPIN=build/tools/test/fake-xen-spin.bin
R=$TOOLS_TMP/rs

# rs NAME args...: runs the script with stdin closed off; RC and OUT_DIR.
rs() {
    OUT_DIR=$R/$1
    shift
    mkdir -p "$OUT_DIR"
    timeout 60 sh scripts/run-system.sh "$@" </dev/null >"$OUT_DIR/stdout" 2>"$OUT_DIR/stderr"
    RC=$?
}

rs missing-config "$R/none.dts" --out "$R/missing-config/sys"
begin run-system-missing-config
check_rc 1
check_contains "stderr" "$OUT_DIR/stderr" "run-system: config '$R/none.dts' not found"
check_eq "stdout" "$(cat "$OUT_DIR/stdout")" ""
[ -e "$OUT_DIR/sys" ] && note "output directory created for a missing config"
verdict

rs no-config
begin run-system-no-config
check_rc 1
check_contains "stderr" "$OUT_DIR/stderr" "usage: sh scripts/run-system.sh CONFIG.dts"
verdict

rs bad-timeout configs/hello.dts --timeout soon
begin run-system-bad-timeout
check_rc 1
check_contains "stderr" "$OUT_DIR/stderr" "--timeout must be a positive whole number of seconds, not 'soon'"
verdict

rs bad-option configs/hello.dts --frobnicate
begin run-system-bad-option
check_rc 1
check_contains "stderr" "$OUT_DIR/stderr" "run-system: unknown option '--frobnicate'"
verdict

rs missing-xen configs/hello.dts --xen "$R/none.bin" --out "$R/missing-xen/sys"
begin run-system-missing-xen
check_rc 1
check_contains "stderr" "$OUT_DIR/stderr" "hypervisor image '$R/none.bin' not found"
verdict

mkdir -p "$R/src"
printf 'bad syntax {\n' >"$R/src/broken.dts"
rs broken-config "$R/src/broken.dts" --xen "$FAKE_XEN" --out "$R/broken-config/sys"
begin run-system-broken-config
check_rc 1
check_contains "stderr" "$OUT_DIR/stderr" "run-system: dtc could not compile '$R/src/broken.dts'"
verdict

printf 'module-one\n' >"$R/src/one.bin"
printf 'module-two\n' >"$R/src/two.bin"
cat >"$R/src/sys.dts" <<EOF2
/dts-v1/;
/ {
    vcoproc,qemu-smp = <2>;
    vcoproc,qemu-memory-mb = <1024>;
    chosen {
        a {
            compatible = "xen,domain";
            #address-cells = <2>;
            #size-cells = <2>;
            module@0 { vcoproc,image = "$R/src/one.bin"; };
        };
        b {
            compatible = "xen,domain";
            #address-cells = <1>;
            #size-cells = <1>;
            module@0 { vcoproc,image = "$R/src/two.bin"; };
        };
    };
};
EOF2

mkdir -p "$R/ramdir"
rs boot "$R/src/sys.dts" --xen "$FAKE_XEN" --out "$R/boot/sys" --timeout 30 --ram-dir "$R/ramdir"
S=$R/boot/sys
begin run-system-boots-and-powers-off
check_rc 0
check_eq "first line" "$(head -n 1 "$OUT_DIR/stdout")" \
    "run-system: $R/src/sys.dts: DTB $S/system.dtb, console log $S/console.log"
check_contains "stdout" "$OUT_DIR/stdout" "fake-xen: dtb magic ok"
check_contains "stdout" "$OUT_DIR/stdout" "fake-xen: module: module-one"
check_contains "stdout" "$OUT_DIR/stdout" "fake-xen: system off"
check_contains "console.log" "$S/console.log" "fake-xen: module: module-one"
# QEMU puts the DTB it is given at RAM base + 128 MiB: clear of the module area.
dtb_at=$(sed -n 's/^fake-xen: dtb at \(0x[0-9a-f]*\)$/\1/p' "$OUT_DIR/stdout")
if [ -z "$dtb_at" ]; then
    note "no DTB address printed"
elif [ $((dtb_at)) -ge $((0x50000000)) ] && [ $((dtb_at)) -lt $((0x60000000)) ]; then
    note "DTB at $dtb_at lies in the module area"
fi
tail -n +2 "$OUT_DIR/stdout" | cmp -s - "$S/console.log" || note "console.log differs from stdout"
[ -e "$S/ram" ] && note "RAM file left behind"
verdict

begin run-system-builds-matching-system
check_eq "domains" "$(fdtget -l "$S/system.dtb" /chosen 2>&1 | tr '\n' ' ')" "a b "
check_eq "second module" "$(fdtget -t x "$S/system.dtb" /chosen/b/module@0 reg 2>&1)" "50010000 b"
check_eq "board cpus" "$(fdtget -l "$S/board.dtb" /cpus 2>&1 | grep -c '^cpu@')" "2"
check_eq "board memory" "$(fdtget -t x "$S/board.dtb" /memory@40000000 reg 2>&1)" "0 40000000 0 40000000"
check_contains "args" "$S/qemu.args" "mem-path=$R/ramdir/ram,share=on"
[ -e "$R/ramdir/ram" ] && note "RAM file left behind in the RAM directory"
verdict

rs spin "$R/src/sys.dts" --xen "$FAKE_XEN_SPIN" --out "$R/spin/sys" --timeout 2
begin run-system-timeout
check_contains "args" "$R/spin/sys/qemu.args" "mem-path=$R/spin/sys/ram,share=on"
check_rc 124
check_contains "stdout" "$OUT_DIR/stdout" "fake-xen: spinning"
check_contains "stderr" "$OUT_DIR/stderr" "run-system: QEMU ran past the 2 s bound"
[ -e "$R/spin/sys/ram" ] && note "RAM file left behind"
verdict

# A run stopped at its bound says where each CPU was: the fake hypervisor
# waits in WFI at EL2 on CPU 0; the other CPUs were never started.
begin run-system-timeout-cpu-state
check_contains "state file" "$R/spin/sys/hang-state.txt" "cpu0: EL2, PC 0x"
check_contains "state file" "$R/spin/sys/hang-state.txt" "CPU#1"
check_contains "stderr" "$OUT_DIR/stderr" "run-system:   cpu0: EL2, PC 0x"
[ -e "$R/spin/sys/qmp.sock" ] && note "QMP socket left behind"
verdict

# The config's vcoproc,qemu-args reach QEMU verbatim: a device QEMU does
# not know makes it fail, and the script reports QEMU's status.
sed 's|vcoproc,qemu-smp = <2>;|vcoproc,qemu-args = "-device", "no-such-device-xyz";|' \
    "$R/src/sys.dts" >"$R/src/extra.dts"
rs extra "$R/src/extra.dts" --xen "$FAKE_XEN" --out "$R/extra/sys" --timeout 30
begin run-system-passes-qemu-args
check_rc 1
check_contains "stderr" "$OUT_DIR/stderr" "no-such-device-xyz"
check_contains "stderr" "$OUT_DIR/stderr" "run-system: QEMU exited with status 1"
verdict

# A bad config module fails before QEMU, naming the node.
sed "s|$R/src/two.bin|$R/src/none.bin|" "$R/src/sys.dts" >"$R/src/noimg.dts"
rs noimg "$R/src/noimg.dts" --xen "$FAKE_XEN" --out "$R/noimg/sys"
begin run-system-reports-sysdt-error
check_rc 1
check_contains "stderr" "$OUT_DIR/stderr" "sysdt: module /chosen/b/module@0: vcoproc,image '$R/src/none.bin'"
check_contains "stderr" "$OUT_DIR/stderr" "run-system: sysdt could not build the system DTB"
verdict

# The demo itself, as `make run` boots it: the real hypervisor and guests
# (built by `make all`) run the three domains and power the machine off.
begin run-system-default-demo
if [ ! -f build/xen/xen.bin ] || [ ! -f build/guests/hello.bin ]; then
    note "build/xen/xen.bin or build/guests/hello.bin is not built (make all)"
else
    rs demo configs/hello.dts --out "$R/demo/sys" --timeout 60
    check_rc 0
    for d in alpha beta gamma; do
        check_contains "console.log" "$R/demo/sys/console.log" "$d"
    done
fi
verdict
