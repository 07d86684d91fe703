# sysdt under libFuzzer (tests/tools/fuzz_sysdt.c): a bounded, seeded run
# from the example configs and a richer test config. A crash, sanitizer
# report or leak fails the test; the input that caused it is kept under
# build/tools/fuzz-artifacts/ to reproduce with the same binary.
. tests/tools/lib.sh

FUZZ=build/tools/test/fuzz-sysdt
RUNS=${SYSDT_FUZZ_RUNS:-30000}
seeds=$TOOLS_TMP/seeds
mkdir -p "$seeds" build/tools/fuzz-artifacts
# Image paths point at a file that exists from the repository root, so
# placement is reached rather than stopping at a missing file.
for cfg in configs/*.dts; do
    sed 's|vcoproc,image *= *"[^"]*"|vcoproc,image = "tests/tools/data/board.dts"|' "$cfg" \
        >"$TOOLS_TMP/seed.dts"
    dtc_compile "$TOOLS_TMP/seed.dts" "$seeds/$(basename "$cfg" .dts).dtb"
done
cat >"$TOOLS_TMP/rich.dts" <<'EOF2'
/dts-v1/;
/ {
    vcoproc,qemu-smp = <2>;
    vcoproc,qemu-memory-mb = <1024>;
    vcoproc,qemu-args = "-device", "x";
    dev@1000 { compatible = "vcoproc,test"; reg = <0 0x1000 0 0x10>; phandle = <1>; };
    chosen {
        a { compatible = "xen,domain"; #address-cells = <2>; #size-cells = <2>;
            module@0 { vcoproc,image = "tests/tools/data/board.dts"; };
            module@1 { vcoproc,image = "tests/tools/data/board.dts"; reg = <0 1 0 2>; };
            vcoproc { device = <1>; }; };
        b { compatible = "xen,domain"; #address-cells = <1>; #size-cells = <1>;
            module@0 { vcoproc,image = "tests/tools/data/board.dts"; }; };
    };
};
EOF2
dtc_compile "$TOOLS_TMP/rich.dts" "$seeds/rich.dtb"

begin sysdt-fuzz
if "$FUZZ" -runs="$RUNS" -seed=1 -max_len=4096 -artifact_prefix=build/tools/fuzz-artifacts/ \
    "$seeds" >"$TOOLS_TMP/fuzz.log" 2>&1; then
    grep -q "^Done $RUNS runs" "$TOOLS_TMP/fuzz.log" || note "fuzzer did not report $RUNS runs"
else
    note "fuzzer failed: $(grep -m1 -E 'ERROR|SUMMARY|Test unit written' "$TOOLS_TMP/fuzz.log")"
fi
verdict
