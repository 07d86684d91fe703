# Helpers shared by the tools tests; sourced from the repository root.
# Each test prints "PASS <name>" or "FAIL <name>: <why>" (tests/run.sh).

SYSDT=${SYSDT:-build/tools/sysdt}
TOOLS_TMP=$(mktemp -d "${TMPDIR:-/tmp}/tools-test.XXXXXX") || exit 1
trap 'rm -rf "$TOOLS_TMP"' EXIT
TOOLS_TMP=$(cd "$TOOLS_TMP" && pwd -P)   # sysdt writes resolved paths
BOARD_DTB=$TOOLS_TMP/board.dtb
XEN_STUB=$TOOLS_TMP/xen.bin

# The results of the last run_sysdt: exit status, stdout, stderr files.
RC=0
OUT_DIR=""

dtc_compile() {   # dts dtb
    dtc -q -W no-unit_address_vs_reg -W no-avoid_unnecessary_addr_size \
        -I dts -O dtb -o "$2" "$1"
}

dtc_compile tests/tools/data/board.dts "$BOARD_DTB" || { echo "FAIL tools-setup: board.dts"; exit 0; }
printf 'xen stand-in\n' >"$XEN_STUB"

# run_sysdt NAME [extra sysdt args...] < config.dts
# Compiles the config read from stdin into $TOOLS_TMP/NAME and runs sysdt on
# it with the stand-in board; leaves RC, OUT_DIR/{stdout,stderr,system.dtb,
# qemu.args}.
run_sysdt() {
    name=$1; shift
    OUT_DIR=$TOOLS_TMP/$name
    mkdir -p "$OUT_DIR"
    cat >"$OUT_DIR/config.dts"
    if ! dtc_compile "$OUT_DIR/config.dts" "$OUT_DIR/config.dtb" 2>"$OUT_DIR/dtc.err"; then
        RC=99
        return
    fi
    "$SYSDT" --board "$BOARD_DTB" --config "$OUT_DIR/config.dtb" \
        --out "$OUT_DIR/system.dtb" --args "$OUT_DIR/qemu.args" --xen "$XEN_STUB" \
        --ram-dir "$OUT_DIR" "$@" >"$OUT_DIR/stdout" 2>"$OUT_DIR/stderr"
    RC=$?
}

# A file of exactly SIZE bytes (sparse: large sizes cost nothing).
make_image() {   # path size
    mkdir -p "$(dirname "$1")"
    rm -f "$1"
    truncate -s "$2" "$1"
}

# Checks collected per test: check_* append to $why; verdict prints.
why=""
begin() { test_name=$1; why=""; }
note() { why="${why:+$why; }$*"; }
check_eq() {   # what got want
    [ "$2" = "$3" ] || note "$1: got '$2', want '$3'"
}
check_contains() {   # what file text
    grep -qF -- "$3" "$2" 2>/dev/null || note "$1 lacks '$3' (has: $(head -c 300 "$2" 2>/dev/null))"
}
check_rc() {   # want
    [ "$RC" = "$1" ] || note "exit status $RC, want $1 (stderr: $(head -c 300 "$OUT_DIR/stderr" 2>/dev/null))"
}
# prop NODE PROP [type]: the property as fdtget prints it (hex for cells).
prop() {
    fdtget -t "${3:-x}" "$OUT_DIR/system.dtb" "$1" "$2" 2>&1
}
verdict() {
    if [ -z "$why" ]; then
        echo "PASS $test_name"
    else
        echo "FAIL $test_name: $why"
    fi
}
