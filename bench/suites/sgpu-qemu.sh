#!/bin/sh
# GPU sharing on the hypervisor in QEMU, side by side in one run (emulated
# time: compare within the run; the simulator's numbers are in sgpu.sh):
#  1. the infotainment system under rr, credit and rt: cluster deadline
#     misses and frame p99, IVI throughput, switches and switch latency
#     p50/p99/max (request to next running, the hypervisor's histogram) in
#     ns, us and CNTPCT ticks;
#  2. sharing efficiency: total IVI throughput of 2 VMs sharing against 1 VM
#     alone, in one run (bench/sgpu-qemu/ivi-sharing.dts: alone, the pair,
#     alone again; the pair against the mean of the two), with the credit
#     slice at 20 ms (the config) and at 50 ms: each switch costs a few
#     transport round trips on QEMU, so the slice sets the share it takes;
#  3. register access: a trapped read and write of the virtual SGPU against
#     a load from the guest's RAM (bench/sgpu-qemu/regbench.dts).
# Writes build/bench/sgpu-qemu.json and prints the tables.
B=${BUILD:-build}
OUT=$B/bench/sgpu-qemu
mkdir -p "$OUT"
run() { # name config
    sh scripts/run-system.sh "$2" --timeout 150 --out "$OUT/$1" >"$OUT/$1.log" 2>&1 ||
        { echo "sgpu-qemu bench: $2 failed (see $OUT/$1.log)" >&2; exit 1; }
}
for p in rt rr credit; do
    cfg=configs/infotainment.dts
    [ $p = rt ] || cfg=configs/infotainment-$p.dts
    run "infotainment-$p" "$cfg"
done
run ivi-sharing bench/sgpu-qemu/ivi-sharing.dts
sed 's/vcoproc,slice-ns = <0 20000000>;/vcoproc,slice-ns = <0 50000000>;/' bench/sgpu-qemu/ivi-sharing.dts \
    >"$OUT/ivi-sharing-50ms.dts"
grep -q '<0 50000000>' "$OUT/ivi-sharing-50ms.dts" ||
    { echo "sgpu-qemu bench: ivi-sharing.dts no longer sets a 20 ms slice" >&2; exit 1; }
run ivi-sharing-50ms "$OUT/ivi-sharing-50ms.dts"
run regbench bench/sgpu-qemu/regbench.dts

python3 - "$OUT" "$B/bench/sgpu-qemu.json" <<'PY' || exit 1
import json, re, sys
out, dest = sys.argv[1], sys.argv[2]
def log(name):
    return open(f"{out}/{name}.log", errors="replace").read()
def kv(line):
    return dict(m.groups() for m in re.finditer(r"(\w+)=([0-9.]+)", line))
def first(text, pat, what):
    m = re.search(pat, text, re.M)
    if not m:
        sys.exit(f"sgpu-qemu bench: no {what} in the log")
    return m
freq = int(first(log("regbench"), r"counter (\d+) Hz", "counter frequency").group(1))
tick_ns = 1e9 / freq
res = {"counter_hz": freq, "policies": {}}
print("infotainment on QEMU (cluster 60 fps + IVI + checker), by policy; 1 tick = %.0f ns" % tick_ns)
print("cl.misses: frames past 16.67 ms (of them after a wake-up of the cluster's emulated CPU over 2 ms late)")
print("%8s %14s %12s %12s %10s %22s %22s %22s" % ("policy", "cl.misses", "cl.p99 ms", "ivi GFLOP/s",
      "switches", "switch p50 us/ticks", "switch p99 us/ticks", "switch max us/ticks"))
for p in ("rr", "credit", "rt"):
    t = log("infotainment-" + p)
    cl = kv(first(t, r"CLUSTER frames=.*", "CLUSTER line").group(0))
    ivi = kv(first(t, r"IVI batches=.*", "IVI line").group(0))
    sw = first(t, r"coproc 0 \(sgpu\): (\d+) switches \(latency p50 (\d+) ns, p99 (\d+) ns, max (\d+) ns\)",
               "switch report")
    n, p50, p99, mx = (int(x) for x in sw.groups())
    checker = "CHECKER pass=9 fail=0" in t
    res["policies"][p] = {"cluster_frames": int(cl["frames"]), "cluster_misses": int(cl["misses"]),
                          "cluster_late_wakes": int(cl["late_wakes"]),
                          "cluster_late_wake_misses": int(cl["late_wake_misses"]),
                          "cluster_p99_us": float(cl["p99_us"]), "ivi_gflops": float(ivi["gflops"]),
                          "switches": n, "switch_ns": {"p50": p50, "p99": p99, "max": mx},
                          "switch_ticks": {"p50": p50 / tick_ns, "p99": p99 / tick_ns, "max": mx / tick_ns},
                          "checker_pass": checker}
    f = lambda ns: "%9.1f / %-9.0f" % (ns / 1000, ns / tick_ns)
    print("%8s %14s %12.2f %12.3f %10d %22s %22s %22s" % (p, "%s/%s (%s)" % (cl["misses"], cl["frames"],
          cl["late_wake_misses"]),
          float(cl["p99_us"]) / 1000, float(ivi["gflops"]), n, f(p50), f(p99), f(mx)))
print()
def ivi(text, dom):
    return float(kv(first(text, r"^\(d%d\) IVI batches=.*" % dom, "IVI line of d%d" % dom).group(0))["gflops"])
print("sharing efficiency on QEMU (goal >= 97%): 2 IVI VMs sharing against 1 alone, in one run")
for name, slice_ms in (("ivi-sharing", 20), ("ivi-sharing-50ms", 50)):
    t = log(name)
    solo = [ivi(t, 1), ivi(t, 4)]          # before and after the pair
    pair = [ivi(t, 2), ivi(t, 3)]
    a = sum(solo) / 2
    n = int(first(t, r"coproc 0 \(sgpu\): (\d+) switches", "switch report").group(1))
    entry = {"alone_gflops": a, "alone_windows_gflops": solo, "pair_gflops": pair,
             "efficiency": sum(pair) / a, "slice_ms": slice_ms, "switches": n}
    if slice_ms == 20:
        res["sharing"] = dict(entry, by_slice={})
    res["sharing"]["by_slice"]["%dms" % slice_ms] = entry
    print("  slice %2d ms: alone %.3f (%.3f before, %.3f after); sharing %.3f + %.3f = %.3f GFLOP/s, "
          "%d switches: %.1f%%" % (slice_ms, a, solo[0], solo[1], pair[0], pair[1], sum(pair), n,
                                   100 * sum(pair) / a))
rb = kv(first(log("regbench"), r"REGBENCH .*", "REGBENCH line").group(0))
r, w, m = (int(rb[k]) / 1000 for k in ("read_ticks", "write_ticks", "ram_ticks"))
res["register_access_ticks"] = {"trapped_read": r, "trapped_write": w, "ram_load": m,
                                "iterations": int(rb["iterations"])}
print()
print("register access of the virtual SGPU (avg of %s)      ticks        us    vs RAM load" % rb["iterations"])
for name, v in (("trapped read (FENCE)", r), ("trapped write (IRQ_MASK + doorbell)", w),
                ("direct: load from guest RAM", m)):
    print("  %-44s %9.1f %9.3f %12.0fx" % (name, v, v * tick_ns / 1000, v / m if m else 0))
json.dump(res, open(dest, "w"), indent=2)
print("JSON: " + dest)
PY
