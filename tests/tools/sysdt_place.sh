# sysdt: module placement in the module area (0x50000000-0x60000000):
# 64 KiB alignment, DT order across domains, reg in the domain's cells,
# pre-set reg kept, exact fit and overflow.
. tests/tools/lib.sh

I=$TOOLS_TMP/img
make_image "$I/a.bin" 1
make_image "$I/b.bin" 70000
make_image "$I/c.bin" 65536
make_image "$I/d.bin" 100

run_sysdt order <<EOF2
/dts-v1/;
/ {
    chosen {
        first {
            compatible = "xen,domain";
            #address-cells = <2>;
            #size-cells = <2>;
            module@0 { vcoproc,image = "$I/a.bin"; };
            module@1 { vcoproc,image = "$I/b.bin"; };
            module@2 { vcoproc,image = "$I/c.bin"; };
        };
        second {
            compatible = "xen,domain";
            #address-cells = <2>;
            #size-cells = <2>;
            module@0 { vcoproc,image = "$I/d.bin"; };
        };
    };
};
EOF2
begin sysdt-place-align-and-order
check_rc 0
check_eq "1-byte module" "$(prop /chosen/first/module@0 reg)" "0 50000000 0 1"
check_eq "70000-byte module" "$(prop /chosen/first/module@1 reg)" "0 50010000 0 11170"
check_eq "64KiB module" "$(prop /chosen/first/module@2 reg)" "0 50030000 0 10000"
check_eq "next domain's module" "$(prop /chosen/second/module@0 reg)" "0 50040000 0 64"
verdict

begin sysdt-place-loaders-match-reg
check_eq "loader lines" "$(grep '^loader,' "$OUT_DIR/qemu.args" | tr '\n' ' ')" \
"loader,file=$I/a.bin,addr=0x50000000,force-raw=on \
loader,file=$I/b.bin,addr=0x50010000,force-raw=on \
loader,file=$I/c.bin,addr=0x50030000,force-raw=on \
loader,file=$I/d.bin,addr=0x50040000,force-raw=on "
verdict

cells_case() {   # name address-cells size-cells want-reg
    run_sysdt "cells-$1" <<EOF2
/dts-v1/;
/ {
    chosen {
        d {
            compatible = "xen,domain";
            #address-cells = <$2>;
            #size-cells = <$3>;
            module@0 { vcoproc,image = "$I/b.bin"; };
        };
    };
};
EOF2
    begin "sysdt-place-reg-cells-$2-$3"
    check_rc 0
    check_eq "reg" "$(prop /chosen/d/module@0 reg)" "$4"
    check_eq "reg length" "$(fdtget -t bx "$OUT_DIR/system.dtb" /chosen/d/module@0 reg | wc -w)" \
        "$((($2 + $3) * 4))"
    verdict
}
cells_case a 1 1 "50000000 11170"
cells_case b 2 2 "0 50000000 0 11170"
cells_case c 2 1 "0 50000000 11170"
cells_case d 1 2 "50000000 0 11170"

run_sysdt preset <<EOF2
/dts-v1/;
/ {
    chosen {
        d {
            compatible = "xen,domain";
            #address-cells = <2>;
            #size-cells = <2>;
            module@0 {
                vcoproc,image = "$I/a.bin";
                reg = <0x0 0x12340000 0x0 0x7>;
            };
            module@1 {
                reg = <0x1 0x2 0x3>;   /* malformed on purpose: kept as is */
            };
            module@2 { vcoproc,image = "$I/d.bin"; };
        };
    };
};
EOF2
begin sysdt-place-keeps-preset-reg
check_rc 0
check_eq "preset reg" "$(prop /chosen/d/module@0 reg)" "0 12340000 0 7"
check_eq "malformed reg" "$(prop /chosen/d/module@1 reg)" "1 2 3"
check_eq "placed after" "$(prop /chosen/d/module@2 reg)" "0 50000000 0 64"
check_eq "loaders" "$(grep -c '^loader,' "$OUT_DIR/qemu.args")" "1"
grep -q "a.bin" "$OUT_DIR/qemu.args" && note "a module with pre-set reg got a loader"
verdict

make_image "$I/half.bin" $((128 << 20))
make_image "$I/full.bin" $((256 << 20))
make_image "$I/over.bin" $(((128 << 20) + 1))

run_sysdt fit <<EOF2
/dts-v1/;
/ { chosen { d { #address-cells = <1>; #size-cells = <1>;
    module@0 { vcoproc,image = "$I/full.bin"; }; }; }; };
EOF2
begin sysdt-place-exact-fit
check_rc 0
check_eq "reg" "$(prop /chosen/d/module@0 reg)" "50000000 10000000"
verdict

run_sysdt overflow <<EOF2
/dts-v1/;
/ { chosen { d { #address-cells = <1>; #size-cells = <1>;
    module@0 { vcoproc,image = "$I/half.bin"; };
    module@1 { vcoproc,image = "$I/over.bin"; }; }; }; };
EOF2
begin sysdt-place-overflow
check_rc 1
check_contains "stderr" "$OUT_DIR/stderr" "module /chosen/d/module@1: vcoproc,image '$I/over.bin' (134217729 bytes) overflows the module area 0x50000000-0x60000000 (134217728 bytes left at 0x58000000)"
[ -e "$OUT_DIR/system.dtb" ] && note "output DTB written despite the error"
[ -e "$OUT_DIR/qemu.args" ] && note "argument file written despite the error"
verdict

# Relative image paths are read from the current directory and written
# absolute, so QEMU finds them wherever it runs.
begin sysdt-place-relative-image
rel=$TOOLS_TMP/rel
mkdir -p "$rel/build/guests"
printf 'x' >"$rel/build/guests/g.bin"
printf '/dts-v1/;\n/ { chosen { d { #address-cells = <2>; #size-cells = <2>;\n module@0 { vcoproc,image = "build/guests/g.bin"; }; }; }; };\n' >"$rel/c.dts"
dtc_compile "$rel/c.dts" "$rel/c.dtb"
sysdt_abs=$(pwd)/$SYSDT
(cd "$rel" && "$sysdt_abs" --board "$BOARD_DTB" --config c.dtb --out s.dtb --args q.args \
    --xen "$XEN_STUB") 2>"$rel/err" || note "sysdt failed: $(cat "$rel/err")"
check_eq "loader" "$(grep '^loader,' "$rel/q.args")" \
    "loader,file=$(cd "$rel" && pwd -P)/build/guests/g.bin,addr=0x50000000,force-raw=on"
verdict
