#!/bin/sh
# GPU-sharing benchmark on the simulator (bench/sgpu/README.md), one run,
# all numbers side by side, in virtual time of the SGPU model:
#  1. sharing efficiency: 2 IVI domains sharing one SGPU through the vcoproc
#     driver (credit 1:1) vs 1 IVI with the device passed through (no
#     hypervisor), and 1 IVI through the driver alone, so the loss splits
#     into mediation and switching; also 2 IVI with a 100 us slice;
#  2. context-switch latency p50/p99/max (request -> next running) in the
#     SGPU infotainment scenario under rt, in ns, us and CNTPCT ticks;
#  3. the SGPU infotainment scenario under rr, credit and rt side by side.
# Writes build/bench/sgpu.json and prints the tables. Exits non-zero only
# when a number could not be measured; goals are printed, not enforced.
B=${BUILD:-build}
OUT=$B/bench
RAW=$OUT/sgpu
VCSIM=$B/sim/vcsim
PT=$B/bench-sgpu/ivi-passthrough
# the infotainment runs: 1 s of virtual time (60 frames) instead of the
# scenario's 500 ms, for more switches behind the percentiles
INFO_SCN=sim/scenarios/sgpu-infotainment.scn
INFO_DURATION=1s
mkdir -p "$RAW"
for bin in "$VCSIM" "$PT"; do
    [ -x "$bin" ] || { echo "sgpu bench: $bin not built (make all \$(BENCH_TARGETS))" >&2; exit 1; }
done
EFF_RUNS="ivi-solo ivi-shared ivi-shared-100us"
for f in $(for s in $EFF_RUNS; do echo "bench/sgpu/$s.scn"; done) "$INFO_SCN"; do
    [ -f "$f" ] || { echo "sgpu bench: $f missing" >&2; exit 1; }
done
rm -f "$RAW"/*.json "$RAW"/*.trace "$RAW"/*.log

# ivi parameters of the passthrough side: those of bench/sgpu/ivi-*.scn
timeout 120 "$PT" --size 64 --duration 900ms --per-batch 4 --json "$RAW/ivi-passthrough.json" ||
    { echo "sgpu bench: ivi-passthrough failed" >&2; exit 1; }
# -v: the log (stderr) holds each ivi guest's result line with its virtual
# time, from which the throughput window is taken (the JSON has no times)
for s in $EFF_RUNS; do
    timeout 120 "$VCSIM" "bench/sgpu/$s.scn" --quiet -v --json "$RAW/$s.json" 2>"$RAW/$s.log" ||
        { cat "$RAW/$s.log" >&2; echo "sgpu bench: vcsim bench/sgpu/$s.scn failed" >&2; exit 1; }
done
for p in rr credit rt; do
    trace=
    [ "$p" = rt ] && trace="--trace $RAW/infotainment-rt.trace"
    # shellcheck disable=SC2086
    timeout 120 "$VCSIM" "$INFO_SCN" --policy $p --duration $INFO_DURATION --quiet \
        --json "$RAW/infotainment-$p.json" $trace ||
        { echo "sgpu bench: vcsim $INFO_SCN --policy $p failed" >&2; exit 1; }
done

python3 bench/sgpu/report.py "$RAW" "$OUT/sgpu.json"
