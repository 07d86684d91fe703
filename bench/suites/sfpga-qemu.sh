#!/bin/sh
# FPGA slicing on the hypervisor in QEMU (host time, one run each, side by
# side): the SFPGA model process behind ivshmem-doorbell, the hypervisor's
# SFPGA vcoproc driver, fpga-tenant guests verifying every result.
#  - spatial scaling: 4 tenants on 4 slots vs each alone (goal >= 95%)
#  - 6 tenants on 4 slots: reconfiguration share of slot time, Jain over
#    device time, each tenant's throughput against its fair share (4/6 of
#    its throughput alone)
# Jobs run 300x slower than modelled (model option job-scale=300) so that
# the device, not the emulated CPUs, bounds throughput (docs/hw/sfpga.md, 9);
# MB/s are therefore of the scaled device. The systems are generated into
# build/bench/sfpga-qemu/ from one template. Writes build/bench/sfpga-qemu.json.
B=${BUILD:-build}
W=$B/bench/sfpga-qemu
mkdir -p "$W"
exec python3 - "$B" "$W" <<'PY'
import json, re, subprocess, sys
B, W = sys.argv[1], sys.argv[2]
SCALE = 300
ACCEL = {"sha256": "sha256", "crc32c": "crc32c", "aes": "aes128ctr", "fir": "fir",
         "matmul": "matmul8"}
ARGS = {"sha256": "fpga.bytes=1048576 fpga.chunk=65536 fpga.repeat=3",
        "crc32c": "fpga.bytes=4194304 fpga.chunk=262144 fpga.repeat=3",
        "aes": "fpga.bytes=1048576 fpga.chunk=131072 fpga.repeat=3",
        "fir": "fpga.bytes=1048576 fpga.chunk=131072 fpga.repeat=3",
        "matmul": "fpga.repeat=24"}

def dts(tenants):
    out = ["/dts-v1/;", "/ {",
           "    vcoproc,qemu-smp = <%d>;" % min(8, max(4, len(tenants) + 2)),
           '    vcoproc,models = "sfpga:job-scale=%d";' % SCALE,
           "    fpga: sfpga {", '        compatible = "vcoproc,sfpga";',
           "        vcoproc,pci-bdf = <0x08>;", '        vcoproc,policy = "credit";',
           "        vcoproc,slice-ns = <0 5000000>;", "    };", "    chosen {",
           "        vcoproc,trace;"]
    for i, wl in enumerate(tenants):
        out += ["        t%d {" % i, '            compatible = "xen,domain";',
                "            #address-cells = <2>;", "            #size-cells = <2>;",
                "            memory = <0 0x10000>;", "            cpus = <1>;", "            vpl011;",
                '            vcoproc,name = "t%d";' % i, "            fpga@b100000 {",
                '                compatible = "vcoproc,virtual";',
                "                vcoproc,device = <&fpga>;",
                "                reg = <0 0x0b100000 0 0x2000>;",
                "                interrupts = <0 17 1>;",
                '                sfpga,allowed-accelerators = "%s";' % ACCEL[wl], "            };",
                "            module@0 {",
                '                compatible = "multiboot,kernel", "multiboot,module";',
                '                vcoproc,image = "build/guests/fpga-tenant.bin";',
                '                bootargs = "fpga.workload=%s %s";' % (wl, ARGS[wl]),
                "            };", "        };"]
    return "\n".join(out + ["    };", "};", ""])

def run(name, tenants):
    path = "%s/%s.dts" % (W, name)
    open(path, "w").write(dts(tenants))
    try:
        r = subprocess.run(["sh", "scripts/run-system.sh", path, "--timeout", "150", "--out",
                            "%s/%s" % (W, name)], capture_output=True, text=True, timeout=200)
    except subprocess.TimeoutExpired:
        sys.exit("bench sfpga-qemu: %s: run-system did not end" % name)
    log = r.stdout
    open("%s/%s.log" % (W, name), "w").write(log)
    if r.returncode:
        sys.exit("bench sfpga-qemu: %s: run-system exited %d (log %s/%s.log)"
                 % (name, r.returncode, W, name))
    res = {"tenants": []}
    for i, wl in enumerate(tenants):
        d = "(d%d)" % (i + 1)
        if not re.search(r"^\(d%d\) RESULT fpga-tenant PASS" % (i + 1), log, re.M):
            sys.exit("bench sfpga-qemu: %s: t%d (%s) had wrong results (log %s/%s.log)"
                     % (name, i, wl, W, name))
        nbytes = ns = 0
        for m in re.finditer(r"^\(d%d\) TENANT \S+ .*?bytes=(\d+) .*?ns=(\d+)" % (i + 1), log,
                             re.M):
            nbytes += int(m.group(1)); ns += int(m.group(2))
        share = re.search(r"vcoproc t%d: share ([0-9.]+)%%, busy (\d+) us" % i, log)
        res["tenants"].append({"name": "t%d" % i, "workload": wl,
                               "mb_per_s": nbytes / (ns / 1e9) / 1e6 if ns else 0.0,
                               "device_share_pct": float(share.group(1)) if share else None,
                               "busy_us": int(share.group(2)) if share else None})
    m = re.search(r"coproc 0 \(sfpga\): (\d+) switches.*Jain ([0-9.]+)", log)
    res["switches"], res["jain"] = (int(m.group(1)), float(m.group(2))) if m else (None, None)
    m = re.search(r"sfpga: (\d+) reconfigurations, ([0-9.]+)% of slot time", log)
    res["reconfigurations"], res["reconf_share_pct"] = \
        (int(m.group(1)), float(m.group(2))) if m else (None, None)
    res["for_switches"] = sum(int(x) for x in re.findall(r"\((\d+) for switches", log))
    return res

out = {"host_time": True, "job_scale": SCALE}
alone = {}
for wl in ["sha256", "crc32c", "aes", "fir", "matmul"]:
    alone[wl] = run("alone-" + wl, [wl])["tenants"][0]["mb_per_s"]
out["alone_mb_per_s"] = alone
four = run("4on4", ["sha256", "crc32c", "aes", "fir"])
agg_alone = sum(alone[t["workload"]] for t in four["tenants"])
agg_four = sum(t["mb_per_s"] for t in four["tenants"])
out["spatial"] = {"tenants": four["tenants"], "aggregate_alone_mb_per_s": agg_alone,
                  "aggregate_4on4_mb_per_s": agg_four,
                  "linear_pct": 100.0 * agg_four / agg_alone if agg_alone else 0.0,
                  "reconfigurations": four["reconfigurations"],
                  "for_switches": four["for_switches"]}
six = run("6on4", ["sha256", "crc32c", "aes", "fir", "matmul", "sha256"])
for t in six["tenants"]:
    t["fair_mb_per_s"] = alone[t["workload"]] * 4 / 6
    t["of_fair_pct"] = 100.0 * t["mb_per_s"] / t["fair_mb_per_s"] if t["fair_mb_per_s"] else 0
out["six_on_four"] = six
json.dump(out, open(B + "/bench/sfpga-qemu.json", "w"), indent=2)

print("sfpga-qemu: spatial scaling (QEMU, job-scale %d, MB/s of the scaled device)" % SCALE)
print("%-8s %10s %10s" % ("tenant", "alone", "4 on 4"))
for t in four["tenants"]:
    print("%-8s %10.2f %10.2f" % (t["workload"], alone[t["workload"]], t["mb_per_s"]))
print("%-8s %10.2f %10.2f = %.1f%% of linear (goal >= 95%%); %s reconfigurations, %d for switches"
      % ("total", agg_alone, agg_four, out["spatial"]["linear_pct"], four["reconfigurations"],
         four["for_switches"]))
print("sfpga-qemu: 6 on 4: %s switches, %s reconfigurations (%d for switches), %.2f%% of slot "
      "time reconfiguring, Jain %.3f" % (six["switches"], six["reconfigurations"],
                                         six["for_switches"], six["reconf_share_pct"] or 0,
                                         six["jain"] or 0))
print("%-8s %10s %10s %8s %14s" % ("tenant", "MB/s", "fair", "of fair", "device share"))
for t in six["tenants"]:
    print("%-8s %10.2f %10.2f %7.1f%% %13.1f%%" % (t["workload"], t["mb_per_s"], t["fair_mb_per_s"],
                                                 t["of_fair_pct"], t["device_share_pct"] or 0))
PY
