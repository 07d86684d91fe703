# sysdt on mutated DTBs, with the sanitizer build (see sysdt_mutate.py).
. tests/tools/lib.sh

make_image "$TOOLS_TMP/img/k.bin" 300
run_sysdt seed <<EOF2
/dts-v1/;
/ {
    vcoproc,qemu-smp = <2>;
    vcoproc,qemu-args = "-device", "x";
    dev@1000 { compatible = "vcoproc,test"; reg = <0 0x1000 0 0x10>; phandle = <1>; };
    chosen {
        a { compatible = "xen,domain"; #address-cells = <2>; #size-cells = <2>;
            memory = <0 0x10000>; cpus = <1>; vpl011;
            module@0 { compatible = "multiboot,kernel", "multiboot,module";
                       vcoproc,image = "$TOOLS_TMP/img/k.bin"; bootargs = "x"; };
            vcoproc { device = <1>; }; };
        b { compatible = "xen,domain"; #address-cells = <1>; #size-cells = <1>;
            module@0 { vcoproc,image = "$TOOLS_TMP/img/k.bin"; };
            module@1 { vcoproc,image = "$TOOLS_TMP/img/k.bin"; reg = <1 2>; }; };
    };
};
EOF2
begin sysdt-mutate-seed-valid
check_rc 0
verdict
mkdir -p "$TOOLS_TMP/mut"
python3 tests/tools/sysdt_mutate.py build/tools/test/sysdt-san "$BOARD_DTB" "$OUT_DIR/config.dtb" \
    "$XEN_STUB" "$TOOLS_TMP/mut"
