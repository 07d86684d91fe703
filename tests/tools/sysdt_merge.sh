# sysdt: the merge keeps the board, adds the config's domains and root
# content, pairs nodes by name, and leaves domain semantics alone.
. tests/tools/lib.sh

make_image "$TOOLS_TMP/img/k.bin" 100

run_sysdt merge <<EOF2
/dts-v1/;
/ {
    vcoproc,test-root-prop = "kept";
    coproc@20000000 {
        compatible = "vcoproc,test-device";
        reg = <0x0 0x20000000 0x0 0x1000>;
    };
    pl011@9000000 {
        status = "okay";
    };
    chosen {
        vcoproc,test-chosen-prop = <7>;
        domU1 {
            compatible = "xen,domain";
            #address-cells = <2>;
            #size-cells = <2>;
            memory = <0 0x10000>;
            cpus = <1>;
            vpl011;
            vcoproc,name = "cluster";
            module@0 {
                compatible = "multiboot,kernel", "multiboot,module";
                vcoproc,image = "$TOOLS_TMP/img/k.bin";
                bootargs = "console=ttyAMA0";
            };
        };
        domU2 {
            compatible = "xen,domain";
            #address-cells = <1>;
            #size-cells = <1>;
            memory = <0 0x8000>;
            cpus = <2>;
        };
    };
};
EOF2

begin sysdt-merge-succeeds
check_rc 0
check_eq "stderr" "$(cat "$OUT_DIR/stderr")" ""
verdict

begin sysdt-merge-keeps-board-nodes
check_eq "model" "$(prop / model s)" "linux,dummy-virt"
check_eq "root #address-cells" "$(prop / '#address-cells')" "2"
check_eq "uart compatible" "$(prop /pl011@9000000 compatible s)" "arm,pl011 arm,primecell"
check_eq "uart reg" "$(prop /pl011@9000000 reg)" "0 9000000 0 1000"
check_eq "gic phandle" "$(prop /intc@8000000 phandle)" "8005"
check_eq "memory reg" "$(prop /memory@40000000 reg)" "0 40000000 0 80000000"
verdict

begin sysdt-merge-keeps-board-chosen-props
check_eq "stdout-path" "$(prop /chosen stdout-path s)" "/pl011@9000000"
check_eq "kaslr-seed" "$(prop /chosen kaslr-seed)" "1 2"
check_eq "config's chosen prop" "$(prop /chosen vcoproc,test-chosen-prop)" "7"
verdict

begin sysdt-merge-adds-domains-in-order
check_eq "chosen children" "$(fdtget -l "$OUT_DIR/system.dtb" /chosen | tr '\n' ' ')" "domU1 domU2 "
check_eq "domU1 compatible" "$(prop /chosen/domU1 compatible s)" "xen,domain"
check_eq "domU1 memory" "$(prop /chosen/domU1 memory)" "0 10000"
check_eq "domU1 cpus" "$(prop /chosen/domU1 cpus)" "1"
check_eq "domU1 name" "$(prop /chosen/domU1 vcoproc,name s)" "cluster"
fdtget -p "$OUT_DIR/system.dtb" /chosen/domU1 | grep -qx vpl011 || note "domU1 lost vpl011"
check_eq "module bootargs" "$(prop /chosen/domU1/module@0 bootargs s)" "console=ttyAMA0"
check_eq "module compatible" "$(prop /chosen/domU1/module@0 compatible s)" \
    "multiboot,kernel multiboot,module"
check_eq "domU2 cpus" "$(prop /chosen/domU2 cpus)" "2"
verdict

begin sysdt-merge-keeps-config-root-content
check_eq "root prop" "$(prop / vcoproc,test-root-prop s)" "kept"
check_eq "root node compatible" "$(prop /coproc@20000000 compatible s)" "vcoproc,test-device"
check_eq "root node reg" "$(prop /coproc@20000000 reg)" "0 20000000 0 1000"
verdict

begin sysdt-merge-pairs-nodes-by-name
check_eq "added prop" "$(prop /pl011@9000000 status s)" "okay"
check_eq "kept prop" "$(prop /pl011@9000000 interrupts)" "0 1 4"
check_eq "uart count" "$(fdtget -l "$OUT_DIR/system.dtb" / | grep -c '^pl011@')" "1"
verdict

# Domain semantics are the hypervisor's to judge at boot: nonsense passes.
run_sysdt nonsense <<EOF2
/dts-v1/;
/ {
    chosen {
        bad {
            compatible = "xen,domain";
            #address-cells = <1>;
            #size-cells = <1>;
            memory = <0 0>;
            cpus = <999>;
            vcoproc,name = "";
            module@0 { vcoproc,image = "$TOOLS_TMP/img/k.bin"; };
        };
    };
};
EOF2
begin sysdt-no-domain-judgement
check_rc 0
check_eq "memory" "$(prop /chosen/bad memory)" "0 0"
check_eq "cpus" "$(prop /chosen/bad cpus)" "3e7"
check_eq "module reg" "$(prop /chosen/bad/module@0 reg)" "50000000 64"
verdict

# A clash between a config phandle and a board one cannot be repaired.
run_sysdt phandle <<'EOF2'
/dts-v1/;
/ {
    mine { phandle = <0x8005>; };
    chosen { };
};
EOF2
begin sysdt-merge-rejects-phandle-clash
check_rc 1
check_contains "stderr" "$OUT_DIR/stderr" "config node /mine: phandle 0x8005 is already used by board node /intc@8000000"
[ -e "$OUT_DIR/system.dtb" ] && note "output DTB written despite the error"
verdict

# A real board as QEMU dumps it merges too, and the result is a valid DTB.
begin sysdt-merge-qemu-board
qdir=$TOOLS_TMP/qemu-board
mkdir -p "$qdir"
printf '/dts-v1/;\n/ { chosen { d { compatible = "xen,domain"; }; }; };\n' >"$qdir/c.dts"
dtc_compile "$qdir/c.dts" "$qdir/c.dtb"
"$SYSDT" --machine-args "$qdir/c.dtb" >"$qdir/m.args" || note "--machine-args failed"
set --
while IFS= read -r line; do set -- "$@" "$line"; done <"$qdir/m.args"
timeout 30 qemu-system-aarch64 "$@" -machine dumpdtb="$qdir/board.dtb" >"$qdir/dump.log" 2>&1 ||
    note "QEMU dumpdtb failed: $(cat "$qdir/dump.log")"
"$SYSDT" --board "$qdir/board.dtb" --config "$qdir/c.dtb" --out "$qdir/s.dtb" \
    --args "$qdir/q.args" --xen "$XEN_STUB" 2>"$qdir/err" || note "sysdt failed: $(cat "$qdir/err")"
check_eq "domain" "$(fdtget -t s "$qdir/s.dtb" /chosen/d compatible 2>&1)" "xen,domain"
check_eq "gic kept" "$(fdtget -t s "$qdir/s.dtb" /intc@8000000 compatible 2>&1)" "arm,gic-v3"
dtc -q -I dtb -O dts -o /dev/null "$qdir/s.dtb" 2>/dev/null || note "dtc cannot read the output"
# The board dump is padded to 1 MiB; the output is packed.
[ "$(stat -c %s "$qdir/s.dtb")" -lt 65536 ] || note "output not packed: $(stat -c %s "$qdir/s.dtb") bytes"
verdict
