#!/usr/bin/env python3
"""Turns the raw results of bench/suites/sgpu.sh into build/bench/sgpu.json
and prints the tables (what each number means: bench/sgpu/README.md).

usage: report.py RAW_DIR OUT_JSON

Exits 1 when a number could not be measured (a run missing, an app that
did not finish or whose results did not verify, a trace without switches);
goals are printed next to the numbers, never enforced."""
import json
import math
import os
import re
import sys

CNTFRQ_HZ = 62_500_000          # QEMU virt's generic counter (CNTPCT_EL0)
GOAL_EFFICIENCY = 0.97
IVI_PER_BATCH = 4               # ivi_defaults(): sgemm dispatches per batch
# vcsim runs of the efficiency table, after the passthrough row; the first
# two give the headline numbers (mediation, then mediation + switching)
EFFICIENCY_RUNS = (("ivi-solo", "1 IVI through the vcoproc driver"),
                   ("ivi-shared", "2 IVI sharing, credit 1:1"),
                   ("ivi-shared-100us", "2 IVI sharing, 100 us slice"))
VC_STATES = {"idle": 0, "waiting": 1, "running": 2, "switching_out": 3, "faulted": 4}


class Unmeasured(Exception):
    """A number the bench needs is not there."""


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise Unmeasured(f"{path}: {e}") from e


def coproc(d, path):
    if len(d.get("coprocs", [])) != 1:
        raise Unmeasured(f"{path}: expected one coproc")
    return d["coprocs"][0]


def vcoprocs(c):
    return {v["name"]: v for v in c["vcoprocs"]}


def ivi_log_ends(log_path):
    """{guest: (end ns, elapsed ns, batches)} from vcsim's log (-v, stderr):
    the ivi app's result line, stamped with the virtual time it was printed
    at, i.e. when the guest's last batch was retired; elapsed_us is the app's
    own first-submission-to-last-fence time (1 us resolution)."""
    ends = {}
    pat = re.compile(r"^\[\s*([0-9.]+) ms\] info: guest (\S+): IVI batches=(\d+) .*elapsed_us=(\d+)")
    try:
        with open(log_path) as f:
            for line in f:
                m = pat.match(line)
                if m:
                    ends[m.group(2)] = (round(float(m.group(1)) * 1e6), int(m.group(4)) * 1000,
                                        int(m.group(3)))
    except OSError as e:
        raise Unmeasured(f"{log_path}: {e}") from e
    return ends


def ivi_app(v, path, size, ends):
    """flop, start and end of one ivi guest: counts from vcsim's JSON (which
    has batches and MFLOP/s but neither flop nor times), times from its log."""
    a = v.get("app", {})
    if a.get("app") != "ivi" or not a.get("finished") or a.get("rc") != 0 or a.get("bad", 1) != 0 \
            or not a.get("batches") or not a.get("mflops"):
        raise Unmeasured(f"{path}: ivi guest {v['name']} did not finish cleanly: {a}")
    if v["name"] not in ends or ends[v["name"]][2] != a["batches"]:
        raise Unmeasured(f"{path}: no IVI result line of guest {v['name']} with {a['batches']} batches "
                         f"in the log")
    end, elapsed, _ = ends[v["name"]]
    return {"batches": a["batches"], "flop": 2 * size ** 3 * IVI_PER_BATCH * a["batches"],
            "start_ns": end - elapsed, "end_ns": end, "mflops": a["mflops"]}


def parse_time(t):
    """A scenario time (900ms, 1.5s, 250000) in ns."""
    for unit, mul in (("ns", 1), ("us", 1e3), ("ms", 1e6), ("s", 1e9), ("", 1)):
        if t.endswith(unit) and t[:len(t) - len(unit)].replace(".", "", 1).isdigit():
            return round(float(t[:len(t) - len(unit)]) * mul)
    raise Unmeasured(f"bad time {t!r}")


def ivi_params(scn):
    """(m = n = k, duration ns) of the ivi workloads of a scenario; every
    ivi line must give both, and all must agree."""
    found = set()
    with open(scn) as f:
        for line in f:
            tok = line.split("#")[0].split()
            if len(tok) >= 3 and tok[0] == "workload" and tok[2] == "ivi":
                opts = dict(t.split("=", 1) for t in tok[3:] if "=" in t)
                if "size" not in opts or "duration" not in opts:
                    raise Unmeasured(f"{scn}: ivi workload without size= and duration=")
                found.add((int(opts["size"]), parse_time(opts["duration"])))
    if len(found) != 1:
        raise Unmeasured(f"{scn}: expected one ivi setting, found {sorted(found)}")
    return found.pop()


def efficiency(raw):
    pt = load(f"{raw}/ivi-passthrough.json")
    if pt.get("rc") != 0 or pt.get("bad") != 0 or not pt.get("batches") or not pt.get("elapsed_ns"):
        raise Unmeasured(f"ivi-passthrough did not finish cleanly: {pt}")
    rows = [{"setup": "1 IVI, device passed through", "vms": 1, "batches": pt["batches"],
             "flop": pt["flop"], "elapsed_ns": pt["elapsed_ns"],
             "gflops": pt["flop"] / pt["elapsed_ns"]}]
    for name, label in EFFICIENCY_RUNS:
        scn = f"bench/sgpu/{name}.scn"
        size, duration = ivi_params(scn)
        if (size, duration) != (pt["m"], pt["duration_ns"]):
            raise Unmeasured(f"{scn}: ivi size {size}, duration {duration} ns, but the passthrough "
                             f"run used {pt['m']}, {pt['duration_ns']} ns")
        path = f"{raw}/{name}.json"
        c = coproc(load(path), path)
        ends = ivi_log_ends(f"{raw}/{name}.log")
        apps = [ivi_app(v, path, size, ends) for v in c["vcoprocs"]]
        flop = sum(a["flop"] for a in apps)
        # total work over the union of the guests' windows: from the first
        # submission of any to the last fence of any
        window = max(a["end_ns"] for a in apps) - min(a["start_ns"] for a in apps)
        rows.append({"setup": label, "vms": len(apps), "batches": sum(a["batches"] for a in apps),
                     "flop": flop, "elapsed_ns": window, "gflops": flop / window,
                     "per_vm_gflops": [a["mflops"] / 1000 for a in apps],
                     "switches": c["switches"], "switching": c["switching"],
                     "shares": [v["share"] for v in c["vcoprocs"]]})
    base = rows[0]["gflops"]
    for r in rows:
        r["vs_passthrough"] = r["gflops"] / base
    solo, shared = rows[1]["vs_passthrough"], rows[2]["vs_passthrough"]
    return {"ivi": {"m": pt["m"], "n": pt["n"], "k": pt["k"], "per_batch": pt["per_batch"],
                    "duration_ns": pt["duration_ns"]},
            "rows": rows, "sharing_efficiency": shared, "goal": GOAL_EFFICIENCY,
            "loss_mediation": 1 - solo, "loss_switching": solo - shared}


def pct(samples, p):
    """Nearest-rank percentile of exact samples."""
    s = sorted(samples)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def stats(samples):
    if not samples:
        return None
    r = {"n": len(samples)}
    for k, v in (("p50", pct(samples, 50)), ("p99", pct(samples, 99)), ("max", max(samples))):
        r[f"{k}_ns"] = v
        r[f"{k}_us"] = v / 1e3
        r[f"{k}_ticks"] = v * CNTFRQ_HZ / 1e9
    return r


def switch_latency(trace_path, cluster="cluster"):
    """Per switch, from the framework's trace: request (switch-out begins,
    or switch-in begins on a free slot) -> the next vcoproc running (its
    switch-in done): what the framework's own histogram measures, here exact.
    Also the subset that preempted a vcoproc with work (running ->
    switching-out), and the cluster's wake (idle -> waiting) -> running."""
    names, events = {}, []
    try:
        with open(trace_path) as f:
            for line in f:
                tok = line.split()
                if tok[:2] == ["#", "vcoproc"]:
                    kv = dict(t.split("=", 1) for t in tok[2:] if "=" in t)
                    names[int(kv["v"])] = kv["name"]
                elif tok and tok[0] == "vct" and len(tok) >= 8:
                    kv = dict(t.split("=", 1) for t in tok[3:] if "=" in t)
                    events.append((int(tok[1]), tok[2], int(kv["s"]), int(kv["v"]), int(kv["a"]),
                                   int(kv["b"])))
    except (OSError, ValueError, KeyError, IndexError) as e:
        raise Unmeasured(f"{trace_path}: {e}") from e
    cl = [v for v, n in names.items() if n == cluster]
    if not cl:
        raise Unmeasured(f"{trace_path}: no vcoproc named {cluster}")
    cl = cl[0]
    req, out_done, preempting, resident = {}, {}, {}, {}
    wake, all_sw, preempt_sw, cl_wake = None, [], [], []
    for t, ev, s, v, a, b in events:
        if ev == "state" and v == cl and a == VC_STATES["waiting"] and b == VC_STATES["idle"]:
            wake = t
        elif ev == "state" and v == cl and a == VC_STATES["running"] and b == VC_STATES["waiting"] \
                and resident.get(s) == cl and wake is not None:
            cl_wake.append(t - wake)        # woke while still on the slot: no switch
            wake = None
        elif ev == "state" and a == VC_STATES["switching_out"]:
            preempting[s] = b == VC_STATES["running"]
        elif ev == "switch_out_begin":
            req[s], resident[s] = t, None
        elif ev == "switch_out_done":
            out_done[s] = t
        elif ev == "switch_in_begin":
            if s not in req or out_done.get(s) != t:
                req[s], preempting[s] = t, False   # a free slot filled
        elif ev == "switch_in_done":
            lat = t - req.pop(s, t)
            all_sw.append(lat)
            if preempting.pop(s, False):
                preempt_sw.append(lat)
            resident[s] = v
            if v == cl and wake is not None:
                cl_wake.append(t - wake)
                wake = None
    if not all_sw:
        raise Unmeasured(f"{trace_path}: no context switch in the trace")
    return {"all": stats(all_sw), "preemptions": stats(preempt_sw), "cluster_wake": stats(cl_wake)}


def policies(raw):
    rows = []
    for p in ("rr", "credit", "rt"):
        path = f"{raw}/infotainment-{p}.json"
        c = coproc(load(path), path)
        vc = vcoprocs(c)
        try:
            cl, ivi, chk = vc["cluster"]["app"], vc["ivi"]["app"], vc["checker"]["app"]
        except KeyError as e:
            raise Unmeasured(f"{path}: no {e} guest") from e
        for a in (cl, ivi, chk):
            if not a.get("finished"):
                raise Unmeasured(f"{path}: the {a.get('app')} guest did not finish")
        rows.append({"policy": p, "elapsed_ns": c["elapsed_ns"],
                     "cluster_frames": cl["frames"], "cluster_misses": cl["misses"],
                     "cluster_errors": cl["errors"], "cluster_bad_frames": cl["bad"],
                     "cluster_p99_ms": cl["p99_ns"] / 1e6, "cluster_max_ms": cl["max_ns"] / 1e6,
                     "ivi_batches": ivi["batches"], "ivi_gflops": ivi["mflops"] / 1000,
                     "ivi_rc": ivi["rc"], "ivi_bad": ivi["bad"],
                     "checker_pass": chk["pass"], "checker_fail": chk["fail"], "checker_rc": chk["rc"],
                     "switches": c["switches"], "switch_p99_us": c["switch_p99_ns"] / 1e3,
                     "device_busy": c["device_busy"], "switching": c["switching"],
                     "shares": {n: v["share"] for n, v in vc.items()}})
    return rows


def print_efficiency(e):
    i = e["ivi"]
    print(f"sharing efficiency: ivi sgemm {i['m']}x{i['n']}x{i['k']}, {i['per_batch']} per batch, "
          f"{i['duration_ns'] / 1e6:.0f} ms of virtual time each")
    print(f"  {'setup':<34} {'VMs':>3} {'batches':>8} {'GFLOP/s':>9} {'vs passthrough':>15}")
    for r in e["rows"]:
        print(f"  {r['setup']:<34} {r['vms']:>3} {r['batches']:>8} {r['gflops']:>9.3f} "
              f"{100 * r['vs_passthrough']:>14.3f}%")
    for r in e["rows"][2:]:
        print(f"  {r['setup']}: {' + '.join(f'{g:.3f}' for g in r['per_vm_gflops'])} GFLOP/s per VM, "
              f"{r['switches']} switches, {100 * r['switching']:.2f}% of device time switching")
    # + 0.0 turns a rounded -0.00 into 0.00
    print(f"  sharing efficiency {100 * e['sharing_efficiency']:.3f}% (goal >= {100 * e['goal']:.0f}%): "
          f"loss {round(100 * e['loss_mediation'], 3) + 0.0:.3f}% mediation + "
          f"{round(100 * e['loss_switching'], 3) + 0.0:.3f}% switching")


def print_latency(lat):
    print(f"\ncontext-switch latency, request -> next running (sgpu-infotainment, rt); "
          f"1 tick = {1e9 / CNTFRQ_HZ:.0f} ns (CNTPCT at {CNTFRQ_HZ / 1e6} MHz)")
    print(f"  {'':<28} {'n':>5} " + " ".join(f"{h:>22}" for h in ("p50 ns / us / ticks",
                                                                  "p99 ns / us / ticks",
                                                                  "max ns / us / ticks")))
    for key, label in (("all", "all switches"), ("preemptions", "preempting a busy vcoproc"),
                       ("cluster_wake", "cluster wake -> running")):
        s = lat[key]
        if not s:
            print(f"  {label:<28} {0:>5}")
            continue
        cells = [f"{s[k + '_ns']:>7} {s[k + '_us']:>7.3f} {s[k + '_ticks']:>6.1f}" for k in ("p50", "p99", "max")]
        print(f"  {label:<28} {s['n']:>5} " + " ".join(f"{c:>22}" for c in cells))
    h = lat["framework_hist"]
    print(f"  (the framework's own histogram of the same run, 12.5% buckets: {h['n']} switches, "
          f"p50 {h['p50']} ns, p99 {h['p99']} ns, max {h['max']} ns)")


def print_policies(rows):
    print(f"\nSGPU infotainment (cluster 60 fps + ivi + checker), "
          f"{rows[0]['elapsed_ns'] / 1e9:g} s, by policy")
    hdr = ("policy", "cl.frames", "cl.misses", "cl.p99 ms", "ivi GFLOP/s", "ivi batch",
           "checker", "switches", "sw p99 us", "dev busy")
    print("  " + " ".join(f"{h:>11}" for h in hdr))
    for r in rows:
        chk = f"{r['checker_pass']}/{r['checker_pass'] + r['checker_fail']}"
        print("  " + " ".join(f"{c:>11}" for c in (
            r["policy"], r["cluster_frames"], r["cluster_misses"], f"{r['cluster_p99_ms']:.3f}",
            f"{r['ivi_gflops']:.3f}", r["ivi_batches"], chk, r["switches"],
            f"{r['switch_p99_us']:.2f}", f"{100 * r['device_busy']:.1f}%")))
    for r in rows:
        ok = "pass" if r["checker_fail"] == 0 and r["checker_rc"] == 0 else "FAIL"
        print(f"  {r['policy']:>6}: cluster misses {r['cluster_misses']}/{r['cluster_frames']} "
              f"(goal 0), checker {ok} ({r['checker_fail']} failed kernels, goal 0)")


def main():
    if len(sys.argv) != 3:
        print("usage: report.py RAW_DIR OUT_JSON", file=sys.stderr)
        return 2
    raw, out = sys.argv[1], sys.argv[2]
    try:
        eff = efficiency(raw)
        lat = switch_latency(f"{raw}/infotainment-rt.trace")
        rt = coproc(load(f"{raw}/infotainment-rt.json"), "infotainment-rt.json")
        # the framework's own histogram of the same run, as a cross-check
        lat["framework_hist"] = {k: rt[f"switch_{k}_ns"] for k in ("p50", "p99", "max")}
        lat["framework_hist"]["n"] = rt["switches"]
        pol = policies(raw)
    except Unmeasured as e:
        print(f"sgpu bench: could not measure: {e}", file=sys.stderr)
        return 1
    result = {"benchmark": "sgpu", "time": "virtual ns of the simulator (SGPU model cost model)",
              "cntfrq_hz": CNTFRQ_HZ, "sharing": eff, "switch_latency_rt": lat, "policies": pol}
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    with open(out, "w") as f:
        json.dump(result, f, indent=1)
    print_efficiency(eff)
    print_latency(lat)
    print_policies(pol)
    print(f"JSON: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
