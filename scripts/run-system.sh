#!/bin/sh
# Boots a system description in QEMU:
#   sh scripts/run-system.sh CONFIG.dts [--timeout SECONDS] [--out DIR] [--xen IMAGE]
#                            [--ram-dir RAMDIR]
# Compiles CONFIG with dtc, dumps the board DTB QEMU builds for the machine the
# config asks for, merges the two with build/tools/sysdt, then runs QEMU with
# the argument file sysdt wrote. The console goes to DIR/console.log and,
# less the co-processor trace lines, to stdout. QEMU leaves when the
# hypervisor powers the machine off.
#
# Exit status: QEMU's (0 after a power-off), 124 when the run passed its time
# bound (default 120 s), 1 for bad arguments or a failed build step.
# Defaults: DIR = build/systems/<config basename>, IMAGE = build/xen/xen.bin,
# RAMDIR = DIR. The machine's RAM is the shared file RAMDIR/ram (so device
# models can map it), removed when QEMU is done; a tmpfs such as /dev/shm
# keeps it off the disk.
# Relative paths inside the config (vcoproc,image) are read from the
# repository root, where this script runs everything.

die() { echo "run-system: $*" >&2; exit 1; }
usage() {
    echo "usage: sh scripts/run-system.sh CONFIG.dts [--timeout SECONDS] [--out DIR] [--xen IMAGE] [--ram-dir RAMDIR]" >&2
    exit 1
}

# Makes a user-given path absolute against the caller's directory, before
# the script moves to the repository root.
absolute() {
    case "$1" in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s/%s\n' "$caller_dir" "$1" ;;
    esac
}

caller_dir=$(pwd)
root=$(cd "$(dirname "$0")/.." && pwd) || die "cannot find the repository root"
config=""
timeout_s=120
out=""
xen=""
ram_dir=""
while [ $# -gt 0 ]; do
    case "$1" in
    --timeout)
        [ $# -ge 2 ] || die "--timeout needs a number of seconds"
        timeout_s=$2; shift 2 ;;
    --out)
        [ $# -ge 2 ] || die "--out needs a directory"
        out=$(absolute "$2"); shift 2 ;;
    --xen)
        [ $# -ge 2 ] || die "--xen needs an image file"
        xen=$(absolute "$2"); shift 2 ;;
    --ram-dir)
        [ $# -ge 2 ] || die "--ram-dir needs a directory"
        ram_dir=$(absolute "$2"); shift 2 ;;
    -h|--help) usage ;;
    -*) die "unknown option '$1'" ;;
    *)
        [ -z "$config" ] || die "only one CONFIG may be given (got '$config' and '$1')"
        config=$(absolute "$1"); shift ;;
    esac
done
[ -n "$config" ] || usage
case "$timeout_s" in
''|*[!0-9]*|0) die "--timeout must be a positive whole number of seconds, not '$timeout_s'" ;;
esac
[ -f "$config" ] || die "config '$config' not found"
[ -r "$config" ] || die "config '$config' is not readable"

cd "$root" || die "cannot enter $root"
name=$(basename "$config" .dts)
[ -n "$out" ] || out="$root/build/systems/$name"
[ -n "$xen" ] || xen="$root/build/xen/xen.bin"
sysdt="$root/build/tools/sysdt"
qemu="qemu-system-aarch64"

command -v dtc >/dev/null || die "dtc not found: run sh scripts/setup.sh"
command -v "$qemu" >/dev/null || die "$qemu not found: run sh scripts/setup.sh"
[ -x "$sysdt" ] || die "$sysdt not built: run make"
[ -f "$xen" ] || die "hypervisor image '$xen' not found: run make (or give --xen)"
mkdir -p "$out" || die "cannot create output directory '$out'"
[ -n "$ram_dir" ] || ram_dir=$out
[ -d "$ram_dir" ] || die "RAM directory '$ram_dir' is not a directory"
# Nothing from an earlier run may pass for this run's output.
rm -f "$out/config.dtb" "$out/machine.args" "$out/board.dtb" "$out/dumpdtb.log" \
    "$out/system.dtb" "$out/qemu.args" "$out/console.log" "$out/qemu.status" "$ram_dir/ram"

echo "run-system: $config: DTB $out/system.dtb, console log $out/console.log"

# Modules get their reg from sysdt and domains need their cell counts for
# it, so these two dtc warnings are expected of every config; a virtual
# co-processor's interrupts are SPIs of its domain's virtual GIC, which no
# interrupt-parent in the host tree could name.
dtc -W no-unit_address_vs_reg -W no-avoid_unnecessary_addr_size -W no-interrupts_property \
    -I dts -O dtb -o "$out/config.dtb" "$config" ||
    die "dtc could not compile '$config'"

# Argument files hold one argument per line; each is read into "$@" with no
# word splitting or globbing, so paths with spaces survive.
"$sysdt" --machine-args "$out/config.dtb" >"$out/machine.args" ||
    die "sysdt rejected '$config'"
set --
while IFS= read -r line || [ -n "$line" ]; do set -- "$@" "$line"; done <"$out/machine.args"
timeout 30 "$qemu" "$@" -machine dumpdtb="$out/board.dtb" </dev/null >"$out/dumpdtb.log" 2>&1 ||
    die "QEMU could not dump the board DTB (see $out/dumpdtb.log)"

"$sysdt" --board "$out/board.dtb" --config "$out/config.dtb" --out "$out/system.dtb" \
    --args "$out/qemu.args" --xen "$xen" --ram-dir "$ram_dir" ||
    die "sysdt could not build the system DTB from '$config'"

ram="$ram_dir/ram"
model_pids=""
trap 'rm -f "$ram" "$out/qemu.status"; [ -z "$model_pids" ] || kill $model_pids 2>/dev/null' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

set --
while IFS= read -r line || [ -n "$line" ]; do set -- "$@" "$line"; done <"$out/qemu.args"

# Device models: the config's root property vcoproc,models lists one entry
# per physical co-processor, "<kind>" or "<kind>:<options>" (kinds of
# build/hw/vcoproc-model). Entry i is a model process serving an
# ivshmem-doorbell device at PCI 00:0<i+1>.0 (vcoproc,pci-bdf = <(i+1) << 3>),
# with the machine's RAM file mapped for DMA. The file must exist first.
models=$(fdtget -t s "$out/config.dtb" / vcoproc,models 2>/dev/null)
if [ -n "$models" ]; then
    model_bin="$root/build/hw/vcoproc-model"
    [ -x "$model_bin" ] || die "$model_bin not built: run make"
    mem_mb=$(sed -n 's/^\([0-9]*\)M$/\1/p' "$out/machine.args" | head -1)
    [ -n "$mem_mb" ] || die "cannot tell the machine's RAM size from $out/machine.args"
    truncate -s "${mem_mb}M" "$ram" || die "cannot create the RAM file $ram"
    i=0
    for entry in $models; do
        kind=${entry%%:*}
        opts=""
        case "$entry" in *:*) opts=${entry#*:} ;; esac
        case "$kind" in
        sgpu) vectors=2 ;;
        sfpga) vectors=8 ;;
        *) die "vcoproc,models: unknown model kind '$kind' (sgpu or sfpga)" ;;
        esac
        sock="$out/model$i.sock"
        rm -f "$sock"
        "$model_bin" --device "$kind" --socket "$sock" --ram "$ram" --ram-base 0x40000000 \
            ${opts:+--options "$opts"} >"$out/model$i.log" 2>&1 &
        model_pids="$model_pids $!"
        n=0
        while [ ! -S "$sock" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
        [ -S "$sock" ] || die "model $i ($entry) did not start (see $out/model$i.log)"
        set -- "$@" -chardev "socket,path=$sock,id=model$i" \
            -device "ivshmem-doorbell,chardev=model$i,vectors=$vectors,addr=0x$((i + 1))"
        i=$((i + 1))
    done
    echo "run-system: $i device model(s) started, logs in $out/model*.log"
fi
# QEMU's status is carried out of the pipeline through a file: the shell
# only reports tee's. --foreground keeps QEMU in the terminal's process
# group, so an interactive console still reads the keyboard.
#
# A run that reaches its bound is a hang to explain: a second before the
# bound, a watchdog asks QEMU through its QMP socket where every CPU is
# (scripts/qemu-state.py) and writes it to DIR/hang-state.txt.
rm -f "$out/qemu.status" "$out/hang-state.txt" "$out/qmp.sock"
# (A socket path has room for 107 bytes; a longer DIR goes without.)
[ ${#out} -le 96 ] && set -- "$@" -qmp "unix:$out/qmp.sock,server=on,wait=off"
dump_at=$((timeout_s > 1 ? timeout_s - 1 : timeout_s))
(
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    sleep "$dump_at" &
    sleeper=$!
    wait "$sleeper" || exit 0
    [ -S "$out/qmp.sock" ] || exit 0
    python3 "$root/scripts/qemu-state.py" "$out/qmp.sock" "${xen%.bin}.elf" \
        >"$out/hang-state.txt" 2>&1
) </dev/null >/dev/null 2>&1 &
watchdog_pid=$!
model_pids="$model_pids $watchdog_pid"
{
    timeout --foreground -k 5 "$timeout_s" "$qemu" "$@"
    echo $? >"$out/qemu.status"
} | tee "$out/console.log" | grep -a --line-buffered -v -e '^vct ' -e '^# '
status=$(cat "$out/qemu.status" 2>/dev/null)
kill "$watchdog_pid" 2>/dev/null
rm -f "$out/qmp.sock"

# Co-processor trace (/chosen/vcoproc,trace): the hypervisor's "vct" lines
# become a trace file and its timeline pictures (tools/trace).
if grep -q '^vct ' "$out/console.log" 2>/dev/null; then
    grep -a -e '^vct ' -e '^# ' "$out/console.log" | tr -d '\r' >"$out/trace.vct"
    if "$root/build/tools/vctrace" "$out/trace.vct" --svg "$out/timeline.svg" \
        --chrome "$out/timeline.json" >/dev/null 2>"$out/vctrace.log"; then
        echo "run-system: trace $out/trace.vct, timeline $out/timeline.svg (SVG) and $out/timeline.json (Perfetto/Chrome)"
    else
        echo "run-system: trace $out/trace.vct could not be drawn (see $out/vctrace.log)" >&2
    fi
fi
case "$status" in
0) exit 0 ;;
124|137)
    echo "run-system: QEMU ran past the $timeout_s s bound and was stopped" >&2
    if [ -s "$out/hang-state.txt" ]; then
        echo "run-system: where each CPU was ($out/hang-state.txt):" >&2
        sed -n '/^cpu[0-9]/p' "$out/hang-state.txt" | sed 's/^/run-system:   /' >&2
    fi
    exit 124 ;;
'') echo "run-system: QEMU's exit status was lost" >&2; exit 1 ;;
*) echo "run-system: QEMU exited with status $status" >&2; exit "$status" ;;
esac
