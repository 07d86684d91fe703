#!/bin/sh
# Hypervisor core benchmarks, side by side in one run:
#  - boot: CNTPCT ticks from the hypervisor's first instruction to each
#    domain's first instruction, for 1 and 3 domains;
#  - trap costs: one trapped MMIO read and one hypercall, averaged over 1e5,
#    next to a plain load from guest RAM for the ratio;
#  - size: SLOC of xen/ (sloccount).
cd "$(dirname "$0")/../.."
out=${BUILD:-build}/bench
mkdir -p "$out"
json=$out/hyp.json

boot_ticks() {   # config -> "max_ticks per-domain..." from a run's console
    log=$out/$2.log
    sh scripts/run-system.sh "$1" --timeout 120 --out "$out/$2" >"$log" 2>&1 || return 1
    entry=$(sed -n 's/.*entry at tick \([0-9]*\).*/\1/p' "$log" | head -1)
    sed -n 's/^(d\([0-9]*\)) first-insn-ticks=\([0-9]*\).*/\1 \2/p' "$log" |
        awk -v e="$entry" '{ d = $2 - e; s = s " " d; if (d > m) m = d } END { print m s }'
}

b1=$(boot_ticks bench/hyp/boot1.dts boot1) || { echo "boot1 run failed"; exit 1; }
b3=$(boot_ticks configs/hello.dts boot3) || { echo "boot3 run failed"; exit 1; }
log=$out/traps.log
sh scripts/run-system.sh tests/qemu/configs/bench.dts --timeout 120 --out "$out/traps" >"$log" 2>&1 ||
    { echo "trap bench run failed"; exit 1; }
line=$(grep -m1 '^(d1) BENCH ' "$log") || { echo "no BENCH line in $log"; exit 1; }
val() { echo "$line" | sed -n "s/.* $1=\([0-9]*\).*/\1/p"; }
mmio=$(val mmio_read_ticks)
hvc=$(val hvc_ticks)
ram=$(val ram_read_ticks)
iters=$(val iterations)
freq=$(sed -n 's/.*counter \([0-9]*\) Hz.*/\1/p' "$log" | head -1)
sloc=$(sloccount xen 2>/dev/null | sed -n 's/^Total Physical Source Lines of Code (SLOC) *= *//p' | tr -d ',')
files=$(find xen -name '*.[chS]' | wc -l)

set -- $b1; b1max=$1
set -- $b3; b3max=$1
cat >"$json" <<JSON
{
  "counter_hz": $freq,
  "boot_ticks_to_first_guest_insn": { "1_domain": { "max": $b1max, "per_domain": [$(echo "$b1" | cut -d' ' -f2- | tr ' ' ',')] },
                                      "3_domains": { "max": $b3max, "per_domain": [$(echo "$b3" | cut -d' ' -f2- | tr ' ' ',')] } },
  "trap_cost_ticks_x1000": { "mmio_read": $mmio, "hypercall": $hvc, "ram_read": ${ram:-null}, "iterations": $iters },
  "xen_sloc": ${sloc:-null},
  "xen_files": $files
}
JSON
awk -v f="$freq" -v b1="$b1max" -v b3="$b3max" -v m="$mmio" -v h="$hvc" -v r="${ram:-0}" \
    -v s="${sloc:-?}" -v n="$files" 'BEGIN {
    printf "%-44s %14s %12s\n", "hypervisor core (QEMU, emulated time)", "ticks", "us"
    printf "%-44s %14d %12.1f\n", "entry -> first guest insn, 1 domain", b1, b1 * 1e6 / f
    printf "%-44s %14d %12.1f\n", "entry -> first guest insn, 3 domains (max)", b3, b3 * 1e6 / f
    printf "%-44s %14.1f %12.3f\n", "trapped MMIO read round trip (avg of 1e5)", m / 1000, m / 1000 * 1e6 / f
    printf "%-44s %14.1f %12.3f\n", "hypercall round trip (avg of 1e5)", h / 1000, h / 1000 * 1e6 / f
    if (r > 0) {
        printf "%-44s %14.3f %12.4f\n", "plain RAM load (avg of 1e5)", r / 1000, r / 1000 * 1e6 / f
        printf "%-44s %14.1f\n", "ratio trapped MMIO / plain load", m / r
    }
    printf "%-44s %14.2f\n", "ratio 3-domain / 1-domain boot", b3 / b1
    printf "%-44s %14s %12s\n", "xen/ SLOC (sloccount), files", s, n
}'
echo "json: $json"
