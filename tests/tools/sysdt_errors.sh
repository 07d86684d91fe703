# sysdt: every kind of bad input ends with exit 1, one line on stderr naming
# the node, property, file or option at fault, and no output written.
. tests/tools/lib.sh

I=$TOOLS_TMP/img
make_image "$I/k.bin" 64
make_image "$I/empty.bin" 0

# expect_error TEST TEXT: judges the last run_sysdt (or a direct run that
# set RC and OUT_DIR).
expect_error() {
    begin "$1"
    check_rc 1
    check_eq "stderr lines" "$(wc -l <"$OUT_DIR/stderr")" "1"
    check_contains "stderr" "$OUT_DIR/stderr" "sysdt: $2"
    check_eq "stdout" "$(cat "$OUT_DIR/stdout" 2>/dev/null)" ""
    [ -e "$OUT_DIR/system.dtb" ] && note "output DTB written despite the error"
    [ -e "$OUT_DIR/qemu.args" ] && note "argument file written despite the error"
    verdict
}

# domain NAME BODY: a config with one domain whose body is BODY.
domain() {
    run_sysdt "$1" <<EOF2
/dts-v1/;
/ { chosen { d { compatible = "xen,domain"; $2 }; }; };
EOF2
}

domain missing-image '#address-cells = <2>; #size-cells = <2>;
    module@0 { vcoproc,image = "'"$I"'/nope.bin"; };'
expect_error sysdt-error-missing-image \
    "module /chosen/d/module@0: vcoproc,image '$I/nope.bin': No such file or directory"

domain empty-image '#address-cells = <2>; #size-cells = <2>;
    module@0 { vcoproc,image = "'"$I"'/empty.bin"; };'
expect_error sysdt-error-empty-image "module /chosen/d/module@0: vcoproc,image '$I/empty.bin' is empty"

domain dir-image '#address-cells = <2>; #size-cells = <2>;
    module@0 { vcoproc,image = "'"$I"'"; };'
expect_error sysdt-error-image-not-file "module /chosen/d/module@0: vcoproc,image '$I' is not a regular file"

domain image-not-string '#address-cells = <2>; #size-cells = <2>;
    module@0 { vcoproc,image = <1>; };'
expect_error sysdt-error-image-not-string "module /chosen/d/module@0: vcoproc,image must be one non-empty string"

make_image "$I/big.bin" $(((256 << 20) + 1))
domain overflow '#address-cells = <2>; #size-cells = <2>;
    module@0 { vcoproc,image = "'"$I"'/big.bin"; };'
expect_error sysdt-error-area-overflow "module /chosen/d/module@0: vcoproc,image '$I/big.bin' (268435457 bytes) overflows the module area"

domain no-address-cells '#size-cells = <2>;
    module@0 { vcoproc,image = "'"$I"'/k.bin"; };'
expect_error sysdt-error-no-address-cells \
    "domain /chosen/d has no #address-cells (needed to write reg of module /chosen/d/module@0)"

domain no-size-cells '#address-cells = <2>;
    module@0 { vcoproc,image = "'"$I"'/k.bin"; };'
expect_error sysdt-error-no-size-cells "domain /chosen/d has no #size-cells"

domain bad-cells '#address-cells = <3>; #size-cells = <2>;
    module@0 { vcoproc,image = "'"$I"'/k.bin"; };'
expect_error sysdt-error-bad-address-cells "domain /chosen/d: #address-cells = <3> cannot describe module /chosen/d/module@0"

run_sysdt no-chosen <<'EOF2'
/dts-v1/;
/ { d { compatible = "xen,domain"; }; };
EOF2
expect_error sysdt-error-no-chosen "config DTB '$OUT_DIR/config.dtb' has no /chosen node"

run_sysdt bad-smp <<'EOF2'
/dts-v1/;
/ { vcoproc,qemu-smp = <0>; chosen { }; };
EOF2
expect_error sysdt-error-bad-smp "config root: vcoproc,qemu-smp = <0> is out of range 1..512"

run_sysdt bad-memory <<'EOF2'
/dts-v1/;
/ { vcoproc,qemu-memory-mb = <0 1024>; chosen { }; };
EOF2
expect_error sysdt-error-bad-memory-size "config root: vcoproc,qemu-memory-mb must be one cell"

run_sysdt small-memory <<'EOF2'
/dts-v1/;
/ { vcoproc,qemu-memory-mb = <256>; chosen { }; };
EOF2
expect_error sysdt-error-small-memory "config root: vcoproc,qemu-memory-mb = <256> is out of range 512.."

run_sysdt bad-qemu-args <<'EOF2'
/dts-v1/;
/ { vcoproc,qemu-args = "-device", ""; chosen { }; };
EOF2
expect_error sysdt-error-empty-qemu-arg "config root: vcoproc,qemu-args holds an empty string"

# Direct runs for bad files and options: same judgement, own directory.
direct() {   # name args...
    OUT_DIR=$TOOLS_TMP/$1
    shift
    mkdir -p "$OUT_DIR"
    "$SYSDT" "$@" >"$OUT_DIR/stdout" 2>"$OUT_DIR/stderr"
    RC=$?
}
run_sysdt good <<EOF2
/dts-v1/;
/ { chosen { d { #address-cells = <2>; #size-cells = <2>;
    module@0 { vcoproc,image = "$I/k.bin"; }; }; }; };
EOF2
GOOD=$OUT_DIR/config.dtb

d=$TOOLS_TMP/missing-board
direct missing-board --board "$d/none.dtb" --config "$GOOD" --out "$d/system.dtb" \
    --args "$d/qemu.args" --xen "$XEN_STUB"
expect_error sysdt-error-unreadable-board "cannot read board DTB '$d/none.dtb': No such file or directory"

d=$TOOLS_TMP/garbage-config
mkdir -p "$d"
head -c 4096 /dev/urandom >"$d/garbage.dtb"
direct garbage-config --board "$BOARD_DTB" --config "$d/garbage.dtb" --out "$d/system.dtb" \
    --args "$d/qemu.args" --xen "$XEN_STUB"
expect_error sysdt-error-garbage-config "config DTB '$d/garbage.dtb' is not a valid DTB"

d=$TOOLS_TMP/truncated-board
mkdir -p "$d"
head -c 200 "$BOARD_DTB" >"$d/cut.dtb"
direct truncated-board --board "$d/cut.dtb" --config "$GOOD" --out "$d/system.dtb" \
    --args "$d/qemu.args" --xen "$XEN_STUB"
expect_error sysdt-error-truncated-board "board DTB '$d/cut.dtb' is not a valid DTB"

d=$TOOLS_TMP/bad-option
direct bad-option --board "$BOARD_DTB" --frobnicate 3
expect_error sysdt-error-bad-option "unknown option '--frobnicate'"

d=$TOOLS_TMP/missing-option
direct missing-option --board "$BOARD_DTB" --config "$GOOD" --out "$d/system.dtb" --args "$d/qemu.args"
expect_error sysdt-error-missing-option "missing option --xen"

d=$TOOLS_TMP/no-value
direct no-value --board
expect_error sysdt-error-option-without-value "option --board needs a value"

d=$TOOLS_TMP/twice
direct twice --board "$BOARD_DTB" --board "$BOARD_DTB"
expect_error sysdt-error-option-twice "option --board given twice"

d=$TOOLS_TMP/stray
direct stray stray.dtb
expect_error sysdt-error-stray-argument "unexpected argument 'stray.dtb'"

d=$TOOLS_TMP/missing-xen
direct missing-xen --board "$BOARD_DTB" --config "$GOOD" --out "$d/system.dtb" \
    --args "$d/qemu.args" --xen "$d/xen.bin"
expect_error sysdt-error-missing-xen "xen image '$d/xen.bin': No such file or directory"

d=$TOOLS_TMP/machine-args-missing
direct machine-args-missing --machine-args "$d/none.dtb"
expect_error sysdt-error-machine-args-unreadable "cannot read config DTB '$d/none.dtb'"

# Old DTB layouts (before version 17) are refused, not parsed.
d=$TOOLS_TMP/old-version
mkdir -p "$d"
cp "$BOARD_DTB" "$d/old.dtb"
printf '\000\000\000\002\000\000\000\002' | dd of="$d/old.dtb" bs=1 seek=20 conv=notrunc 2>/dev/null
direct old-version --board "$d/old.dtb" --config "$GOOD" --out "$d/system.dtb" \
    --args "$d/qemu.args" --xen "$XEN_STUB"
expect_error sysdt-error-old-dtb-version "board DTB '$d/old.dtb' is DTB version 2; only version 17 or later is read"
