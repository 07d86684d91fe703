#!/bin/sh
# SFPGA vcoproc suite: the SFPGA vcoproc driver on the simulator, with the
# native slot library and the tenant workloads running as simulated guests
# against the in-process SFPGA model (tests/sfpga-vc/test_sfpga_vc: 6 on 4
# correctness under random slices, 4 on 4 spatial, DMA / allow-list / slot
# state isolation, bad input, the amortising policy, DT bindings), the two
# example scenarios through vcsim, and the driver's freestanding arm64 build
# importing only platform_*/coproc_*/vcoproc_* functions.
B=${BUILD:-build}
T=$B/test-logs/sfpga-vc
mkdir -p "$T"
. tests/lib/unit-binary.sh
unit_binary sfpgavc_run "$B/tests/sfpga-vc/test_sfpga_vc" 120 "$T"

# the example scenarios: every tenant's results right, the numbers in range
scn() {
    name=$1; file=$2; check=$3
    if ! timeout 60 "$B/sim/vcsim" "$file" --quiet --json "$T/$name.json" >"$T/$name.txt" \
            2>"$T/$name.err"; then
        echo "FAIL sfpgavc_scenario_$name: vcsim failed: $(tail -1 "$T/$name.err")"
        return
    fi
    msg=$(python3 - "$T/$name.json" "$check" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c = d["coprocs"][0]
f = c["sfpga"]
ten = [v["tenant"] for v in c["vcoprocs"]]
bad = [v["name"] for v in c["vcoprocs"] if v["tenant"]["failed"] or not v["tenant"]["runs"]]
if bad:
    print("FAIL tenants with wrong results or no run: " + " ".join(bad)); sys.exit()
agg = sum(t["mb_per_s"] for t in ten)
if sys.argv[2] == "4on4":
    ok = f["switch_reconfs"] == 0 and f["reconfs"] == 4
    print(("PASS" if ok else "FAIL") + " (%d reconfigurations, %d for switches, %.0f MB/s "
          "aggregate)" % (f["reconfs"], f["switch_reconfs"], agg))
else:
    ok = f["reconf_share"] < 0.05 and c["jain"] >= 0.95
    print(("PASS" if ok else "FAIL") + " (reconfiguration share %.2f%% < 5%%, Jain %.4f >= 0.95, "
          "%d reconfigurations, %.0f MB/s aggregate)" % (100 * f["reconf_share"], c["jain"],
          f["reconfs"], agg))
PY
)
    case "$msg" in
        PASS*) echo "PASS sfpgavc_scenario_$name ${msg#PASS }" ;;
        *) echo "FAIL sfpgavc_scenario_$name: ${msg#FAIL }" ;;
    esac
}
scn 4on4 sim/scenarios/fpga-4on4.scn 4on4
scn 6on4 sim/scenarios/fpga-6on4.scn 6on4

# scenario lines for an sfpga that make no sense are refused with the reason
bad() {
    printf "$2" >"$T/bad.scn"
    if timeout 10 "$B/sim/vcsim" "$T/bad.scn" >/dev/null 2>"$T/bad.err"; then
        echo "FAIL sfpgavc_scenario_rejects_$1: accepted"
    elif grep -q "$3" "$T/bad.err"; then
        echo "PASS sfpgavc_scenario_rejects_$1"
    else
        echo "FAIL sfpgavc_scenario_rejects_$1: message was: $(cat "$T/bad.err")"
    fi
}
bad slots 'coproc f sfpga slots=5\n' 'line 1: coproc f: an sfpga has 1..4 slots'
bad workload 'coproc f sfpga\nvcoproc a coproc=f\nworkload a doom\n' 'line 3: workload a: unknown kind "doom" on an sfpga'
bad no_workload 'coproc f sfpga\nvcoproc a coproc=f\n' 'vcoproc a: its coproc f is an sfpga: give it a workload line'
bad allow 'coproc f sfpga\nvcoproc a coproc=f allow=quantum\nworkload a sha256\n' 'allowed-accelerators: unknown accelerator "quantum"'

# the driver as the hypervisor links it
. tests/lib/driver-imports.sh
driver_imports sfpgavc_arm64_imports "$B/vcoproc-drivers/sfpga/arm64"
exit 0
