# sysdt: the QEMU argument file (machine, shared RAM file, kernel, DTB,
# loaders, then the config's own arguments) and --machine-args.
. tests/tools/lib.sh

I=$TOOLS_TMP/img
make_image "$I/k1.bin" 4096
make_image "$I/k,2.bin" 10

run_sysdt args <<EOF2
/dts-v1/;
/ {
    vcoproc,qemu-args = "-device", "ivshmem-doorbell,chardev=iv0,vectors=2", "-chardev", "socket,path=/tmp/x,id=iv0";
    chosen {
        one {
            compatible = "xen,domain";
            #address-cells = <2>;
            #size-cells = <2>;
            module@0 { vcoproc,image = "$I/k1.bin"; };
        };
        two {
            compatible = "xen,domain";
            #address-cells = <2>;
            #size-cells = <2>;
            module@0 { vcoproc,image = "$I/k,2.bin"; };
        };
    };
};
EOF2
cat >"$OUT_DIR/want.args" <<EOF2
-M
virt,virtualization=on,gic-version=3
-cpu
cortex-a57
-smp
4
-m
2048M
-nographic
-nodefaults
-serial
stdio
-monitor
none
-machine
memory-backend=ram0
-object
memory-backend-file,id=ram0,size=2048M,mem-path=$OUT_DIR/ram,share=on
-kernel
$XEN_STUB
-dtb
$OUT_DIR/system.dtb
-device
loader,file=$I/k1.bin,addr=0x50000000,force-raw=on
-device
loader,file=$I/k,,2.bin,addr=0x50010000,force-raw=on
-device
ivshmem-doorbell,chardev=iv0,vectors=2
-chardev
socket,path=/tmp/x,id=iv0
EOF2
begin sysdt-args-file-contents
check_rc 0
if ! cmp -s "$OUT_DIR/qemu.args" "$OUT_DIR/want.args"; then
    note "argument file differs: $(diff "$OUT_DIR/want.args" "$OUT_DIR/qemu.args" | tr '\n' '|')"
fi
check_eq "stdout" "$(cat "$OUT_DIR/stdout")" ""
verdict

begin sysdt-machine-args-default
"$SYSDT" --machine-args "$OUT_DIR/config.dtb" >"$OUT_DIR/machine" 2>"$OUT_DIR/machine.err" ||
    note "--machine-args failed: $(cat "$OUT_DIR/machine.err")"
head -n 14 "$OUT_DIR/want.args" | cmp -s - "$OUT_DIR/machine" ||
    note "machine args differ: $(tr '\n' ' ' <"$OUT_DIR/machine")"
verdict

run_sysdt override <<EOF2
/dts-v1/;
/ {
    vcoproc,qemu-smp = <2>;
    vcoproc,qemu-memory-mb = <1024>;
    chosen { };
};
EOF2
begin sysdt-args-machine-override
check_rc 0
check_eq "smp" "$(sed -n 6p "$OUT_DIR/qemu.args")" "2"
check_eq "memory" "$(sed -n 8p "$OUT_DIR/qemu.args")" "1024M"
check_contains "args" "$OUT_DIR/qemu.args" "memory-backend-file,id=ram0,size=1024M,"
check_eq "loaders" "$(grep -c '^loader' "$OUT_DIR/qemu.args")" "0"
check_eq "last line" "$(tail -n 1 "$OUT_DIR/qemu.args")" "$OUT_DIR/system.dtb"
"$SYSDT" --machine-args "$OUT_DIR/config.dtb" >"$OUT_DIR/machine" 2>&1
check_eq "--machine-args" "$(tr '\n' ' ' <"$OUT_DIR/machine")" \
    "-M virt,virtualization=on,gic-version=3 -cpu cortex-a57 -smp 2 -m 1024M -nographic -nodefaults -serial stdio -monitor none "
verdict

# The RAM directory defaults to the output DTB's directory.
begin sysdt-args-default-ram-dir
d=$TOOLS_TMP/ramdefault
mkdir -p "$d"
"$SYSDT" --board "$BOARD_DTB" --config "$OUT_DIR/config.dtb" --out "$d/s.dtb" \
    --args "$d/q.args" --xen="$XEN_STUB" 2>"$d/err" || note "sysdt failed: $(cat "$d/err")"
check_contains "args" "$d/q.args" "mem-path=$d/ram,share=on"
verdict

begin sysdt-help
"$SYSDT" --help >"$TOOLS_TMP/help" 2>&1
RC=$?
check_rc 0
check_contains "help" "$TOOLS_TMP/help" "usage: sysdt"
verdict
