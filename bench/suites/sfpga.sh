#!/bin/sh
# FPGA slicing on the simulator (virtual time, one run, side by side): the
# SFPGA model, the SFPGA vcoproc driver and real tenant workloads
# (guest-frontends/apps-fpga) as simulated guests.
#  - spatial scaling: 4 tenants on 4 slots vs each alone on 1 slot (goal >= 95%)
#  - 6 tenants on 4 slots: reconfiguration time share, Jain, each tenant's
#    throughput against its fair share (4/6 of its solo throughput)
# Writes build/bench/sfpga.json and prints a table.
B=${BUILD:-build}
W=$B/bench/sfpga
mkdir -p "$W"
exec python3 - "$B" "$W" <<'PY'
import json, subprocess, sys
B, W = sys.argv[1], sys.argv[2]
LOADS = {"sha256": "bytes=1048576", "crc32c": "bytes=4194304", "aes": "bytes=1048576",
         "fir": "bytes=1048576", "matmul": "dim=128"}

def run(name, slots, tenants, duration, extra=""):
    lines = ["sim seed=1 duration=%s" % duration,
             "coproc fpga sfpga slots=%d policy=credit slice=5ms %s" % (slots, extra)]
    for i, (wl, seed) in enumerate(tenants):
        lines.append("vcoproc t%d coproc=fpga" % i)
        lines.append("workload t%d %s %s seed=%d" % (i, wl, LOADS[wl], seed))
    scn = "%s/%s.scn" % (W, name)
    open(scn, "w").write("\n".join(lines) + "\n")
    out = "%s/%s.json" % (W, name)
    r = subprocess.run([B + "/sim/vcsim", scn, "--quiet", "--json", out], capture_output=True,
                       text=True, timeout=120)
    if r.returncode:
        sys.exit("bench sfpga: %s: vcsim failed: %s" % (name, r.stderr.strip()[-300:]))
    c = json.load(open(out))["coprocs"][0]
    for v in c["vcoprocs"]:
        if v["tenant"]["failed"] or not v["tenant"]["runs"]:
            sys.exit("bench sfpga: %s: tenant %s had wrong results" % (name, v["name"]))
    return c

def mbps(c):
    return [v["tenant"]["mb_per_s"] for v in c["vcoprocs"]]

res = {"virtual_time": True}
solo = {wl: mbps(run("solo-" + wl, 1, [(wl, 1)], "10ms"))[0] for wl in LOADS}
four = ["sha256", "crc32c", "aes", "fir"]
c4 = run("4on4", 4, [(wl, i + 1) for i, wl in enumerate(four)], "10ms")
t4 = mbps(c4)
lin = sum(t4) / sum(solo[wl] for wl in four)
res["spatial"] = {"solo_mb_per_s": {wl: solo[wl] for wl in four}, "four_on_four_mb_per_s":
                  dict(zip(four, t4)), "aggregate_4on4": sum(t4),
                  "aggregate_solo_x4": sum(solo[wl] for wl in four), "linear": lin,
                  "reconfs_for_switches": c4["sfpga"]["switch_reconfs"]}
six = ["sha256", "crc32c", "aes", "fir", "matmul", "sha256"]
c6 = run("6on4", 4, [(wl, i + 1) for i, wl in enumerate(six)], "60ms")
t6 = mbps(c6)
fair = [solo[wl] * 4 / 6 for wl in six]
res["six_on_four"] = {"reconf_share": c6["sfpga"]["reconf_share"], "jain": c6["jain"],
                      "reconfs": c6["sfpga"]["reconfs"], "switches": c6["switches"],
                      "tenants": [{"workload": wl, "mb_per_s": t, "fair_share_mb_per_s": f,
                                   "of_fair": t / f, "busy_share": v["share"]}
                                  for wl, t, f, v in zip(six, t6, fair, c6["vcoprocs"])]}
json.dump(res, open(B + "/bench/sfpga.json", "w"), indent=1)
print("spatial scaling (virtual time, 10 ms each):")
print("  %-8s %14s %14s" % ("tenant", "alone 1 slot", "4 on 4 slots"))
for wl, t in zip(four, t4):
    print("  %-8s %11.1f MB/s %11.1f MB/s" % (wl, solo[wl], t))
print("  aggregate %.1f MB/s vs %.1f MB/s alone x4: %.1f%% of linear (goal >= 95%%), %d "
      "reconfigurations for switches" % (sum(t4), sum(solo[wl] for wl in four), 100 * lin,
                                         c4["sfpga"]["switch_reconfs"]))
print("6 tenants on 4 slots (credit, slice 5 ms, 60 ms):")
print("  reconfiguration %.2f%% of slot time (%d loads), Jain %.4f, %d switches" % (
    100 * c6["sfpga"]["reconf_share"], c6["sfpga"]["reconfs"], c6["jain"], c6["switches"]))
print("  %-8s %12s %12s %8s %10s" % ("tenant", "MB/s", "fair share", "of fair", "busy share"))
for t in res["six_on_four"]["tenants"]:
    print("  %-8s %12.1f %12.1f %7.1f%% %9.1f%%" % (t["workload"], t["mb_per_s"],
          t["fair_share_mb_per_s"], 100 * t["of_fair"], 100 * t["busy_share"]))
print("wrote %s/bench/sfpga.json" % B)
PY
