#!/bin/sh
# Scheduler benchmarks (all in one run, side by side):
#  1. host cost of one scheduling decision per policy, 2..1024 runnable;
#  2. rr vs credit vs rt on sim/scenarios/infotainment.scn (2 s of virtual
#     time after 100 ms warm-up): cluster deadline misses, IVI throughput,
#     switches, device busy and switching fractions.
# Writes build/bench/sched.json and prints the tables.
B=${BUILD:-build}
OUT=$B/bench
mkdir -p "$OUT/sched"
for bin in "$B/sim/sched-bench" "$B/sim/vcsim"; do
    [ -x "$bin" ] || { echo "sched bench: $bin not built (make all \$(BENCH_TARGETS))" >&2; exit 1; }
done
timeout 300 "$B/sim/sched-bench" --json "$OUT/sched/pick.json" || exit 1
echo
for p in rr credit rt; do
    timeout 120 "$B/sim/vcsim" sim/scenarios/infotainment.scn --policy $p --quiet \
        --json "$OUT/sched/infotainment-$p.json" || exit 1
done
python3 - "$OUT" <<'PY' || exit 1
import json, sys
out = sys.argv[1]
pick = json.load(open(f"{out}/sched/pick.json"))
rows = []
for p in ("rr", "credit", "rt"):
    d = json.load(open(f"{out}/sched/infotainment-{p}.json"))
    c = d["coprocs"][0]
    el = c["elapsed_ns"] / 1e9
    vc = {v["name"]: v for v in c["vcoprocs"]}
    cl, ivi = vc["cluster"], vc["ivi"]
    rows.append({
        "policy": p,
        "cluster_frames": cl["deadline_jobs"], "cluster_misses": cl["misses"],
        "cluster_latency_p99_ms": cl["latency_p99_ns"] / 1e6,
        "ivi_jobs_per_s": ivi["jobs"] / el,
        "ivi_busy_ms_per_s": ivi["busy_ns"] / 1e6 / el,
        "switches": c["switches"], "switch_p99_us": c["switch_p99_ns"] / 1e3,
        "device_busy": c["device_busy"], "switching": c["switching"], "jain": c["jain"],
        "per_vcoproc": {n: {"share": v["share"], "jobs": v["jobs"], "misses": v["misses"],
                            "queue_p99_ms": v["queue_p99_ns"] / 1e6} for n, v in vc.items()},
    })
json.dump({"benchmark": "sched", "pick_cost": pick, "infotainment": rows},
          open(f"{out}/sched.json", "w"), indent=1)
print("infotainment scenario (cluster 60 fps 4 ms/frame, ivi + nav + ml loading the device), 2 s")
hdr = ("policy", "cl.frames", "cl.misses", "cl.p99 ms", "ivi jobs/s", "ivi ms/s",
       "switches", "sw p99 us", "dev busy", "switching")
print(" ".join(f"{h:>10}" for h in hdr))
for r in rows:
    print(f"{r['policy']:>10} {r['cluster_frames']:>10} {r['cluster_misses']:>10} "
          f"{r['cluster_latency_p99_ms']:>10.2f} {r['ivi_jobs_per_s']:>10.1f} "
          f"{r['ivi_busy_ms_per_s']:>10.1f} {r['switches']:>10} {r['switch_p99_us']:>10.1f} "
          f"{100 * r['device_busy']:>9.1f}% {100 * r['switching']:>9.2f}%")
print(f"JSON: {out}/sched.json")
PY
