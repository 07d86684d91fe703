# configs/: every example system compiles and goes through sysdt (with
# stand-in files for the guest images it names, in a scratch directory so
# nothing in build/ is touched), and the demo system is what it promises.
. tests/tools/lib.sh

sysdt_abs=$(pwd)/$SYSDT
for cfg in configs/*.dts; do
    name=$(basename "$cfg" .dts)
    w=$TOOLS_TMP/cfg-$name
    mkdir -p "$w"
    begin "config-$name-builds"
    dtc_compile "$cfg" "$w/config.dtb" 2>"$w/dtc.err" || note "dtc: $(cat "$w/dtc.err")"
    # Image paths as written in the source: relative ones resolve under $w.
    sed -n 's/.*vcoproc,image *= *"\([^"]*\)".*/\1/p' "$cfg" | sort -u >"$w/images"
    while IFS= read -r img; do
        case "$img" in /*) note "absolute image path $img" ; continue ;; esac
        mkdir -p "$w/$(dirname "$img")"
        printf 'stand-in for %s\n' "$img" >"$w/$img"
    done <"$w/images"
    (cd "$w" && "$sysdt_abs" --board "$BOARD_DTB" --config config.dtb --out system.dtb \
        --args qemu.args --xen "$XEN_STUB") 2>"$w/err" || note "sysdt: $(cat "$w/err")"
    verdict
done

OUT_DIR=$TOOLS_TMP/cfg-hello
begin config-hello-three-domains
check_eq "domains" "$(fdtget -l "$OUT_DIR/system.dtb" /chosen 2>&1 | tr '\n' ' ')" "alpha beta gamma "
addr=$((0x50000000))
for d in alpha beta gamma; do
    n=/chosen/$d
    check_eq "$d compatible" "$(prop "$n" compatible s)" "xen,domain"
    check_eq "$d name" "$(prop "$n" vcoproc,name s)" "$d"
    check_eq "$d memory (KiB)" "$(prop "$n" memory)" "0 10000"
    check_eq "$d cpus" "$(prop "$n" cpus)" "1"
    fdtget -p "$OUT_DIR/system.dtb" "$n" | grep -qx vpl011 || note "$d has no vpl011"
    check_eq "$d kernel" "$(prop "$n/module@0" vcoproc,image s)" "build/guests/hello.bin"
    check_eq "$d kernel compatible" "$(prop "$n/module@0" compatible s)" \
        "multiboot,kernel multiboot,module"
    size=$(stat -c %s "$OUT_DIR/build/guests/hello.bin")
    check_eq "$d module reg" "$(prop "$n/module@0" reg)" "0 $(printf %x $addr) 0 $(printf %x "$size")"
    addr=$((addr + 0x10000))
done
check_eq "loaders" "$(grep -c '^loader,file=.*/build/guests/hello.bin' "$OUT_DIR/qemu.args")" "3"
verdict
