#!/bin/sh
# Simulator suite: scheduler properties and scenario checks (test_props),
# the SGPU scenario (real apps on the SGPU model) and its grammar,
# the synthetic driver's handling of guests (test_driver),
# the vcsim program on every shipped scenario (table, JSON, trace), its
# error messages for bad scenario files, and the trace-to-timeline tool.
B=${BUILD:-build}
T=$B/test-logs/sim
mkdir -p "$T"
for t in test_props test_driver test_stress; do
    if [ -x "$B/tests/sim/$t" ]; then
        timeout 300 "$B/tests/sim/$t" || true
    else
        echo "FAIL sim_$t: $B/tests/sim/$t not built"
    fi
done

# the scenario parser under libFuzzer + ASan/UBSan, bounded
if [ -x "$B/tests/sim/fuzz_scenario" ]; then
    rm -rf "$T/fuzz" && mkdir -p "$T/fuzz" && cp tests/sim/corpus/* sim/scenarios/*.scn "$T/fuzz/"
    if timeout 120 "$B/tests/sim/fuzz_scenario" -runs=200000 -max_total_time=30 \
        -artifact_prefix="$T/" "$T/fuzz" >"$T/fuzz.log" 2>&1; then
        echo "PASS sim_fuzz_scenario_parser ($(grep -o 'Done [0-9]* runs' "$T/fuzz.log"))"
    else
        echo "FAIL sim_fuzz_scenario_parser: $(grep -m1 -E 'ERROR|SUMMARY|deadly' "$T/fuzz.log")"
    fi
else
    echo "FAIL sim_fuzz_scenario_parser: $B/tests/sim/fuzz_scenario not built"
fi

json_ok() {
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null
}

for scn in sim/scenarios/*.scn; do
    name=sim_vcsim_$(basename "$scn" .scn)
    for p in rr credit rt; do
        out=$T/$(basename "$scn" .scn).$p
        if ! timeout 60 "$B/sim/vcsim" "$scn" --policy $p --json "$out.json" --trace "$out.trace" \
            >"$out.txt" 2>"$out.err"; then
            echo "FAIL ${name}_$p: vcsim failed: $(head -c 300 "$out.err")"
        elif ! json_ok "$out.json"; then
            echo "FAIL ${name}_$p: invalid JSON in $out.json"
        elif ! grep -q "policy $p" "$out.txt"; then
            echo "FAIL ${name}_$p: no summary table for policy $p"
        else
            echo "PASS ${name}_$p"
        fi
    done
done

# a bad scenario file is rejected with the line and key named
bad=$T/bad.scn
printf 'coproc gpu policy=credit\nvcoproc a coproc=gpu weight=0\n' >"$bad"
if timeout 10 "$B/sim/vcsim" "$bad" >/dev/null 2>"$T/bad.err"; then
    echo "FAIL sim_vcsim_rejects_bad_file: accepted weight=0"
elif grep -q "bad.scn: line 2: vcoproc a: weight" "$T/bad.err"; then
    echo "PASS sim_vcsim_rejects_bad_file"
else
    echo "FAIL sim_vcsim_rejects_bad_file: message was: $(cat "$T/bad.err")"
fi
if timeout 10 "$B/sim/vcsim" sim/scenarios/infotainment.scn --policy lottery >/dev/null 2>"$T/pol.err"; then
    echo "FAIL sim_vcsim_rejects_unknown_policy: accepted"
elif grep -q 'unknown policy "lottery"' "$T/pol.err"; then
    echo "PASS sim_vcsim_rejects_unknown_policy"
else
    echo "FAIL sim_vcsim_rejects_unknown_policy: message was: $(cat "$T/pol.err")"
fi

# the SGPU scenario: real apps on the SGPU model; every app's own checks pass
# and, under rt, the cluster misses no frame
for p in rr credit rt; do
    j=$T/sgpu-infotainment.$p.json
    [ -s "$j" ] || { echo "FAIL sim_sgpu_apps_$p: no JSON from vcsim"; continue; }
    why=$(python3 -c 'import json,sys
d=json.load(open(sys.argv[1])); pol=sys.argv[2]; bad=[]
apps={v["name"]: v.get("app", {}) for v in d["coprocs"][0]["vcoprocs"]}
cl, ivi, ck = apps.get("cluster", {}), apps.get("ivi", {}), apps.get("checker", {})
if not cl.get("finished") or cl.get("rc") or cl.get("bad") or cl.get("frames", 0) < 29: bad.append("cluster %s" % cl)
if pol == "rt" and cl.get("misses"): bad.append("cluster missed %s frames under rt" % cl.get("misses"))
if not ivi.get("finished") or ivi.get("rc") or ivi.get("bad") or not ivi.get("checked"): bad.append("ivi %s" % ivi)
if not ck.get("finished") or ck.get("rc") or ck.get("fail") or not ck.get("pass"): bad.append("checker %s" % ck)
print("; ".join(bad))' "$j" $p 2>&1)
    if [ -n "$why" ]; then
        echo "FAIL sim_sgpu_apps_$p: $why"
    else
        echo "PASS sim_sgpu_apps_$p"
    fi
done

# SGPU scenario lines that make no sense are refused with the reason
sgpu_bad() {
    printf "$2" >"$T/sgpubad.scn"
    if timeout 10 "$B/sim/vcsim" "$T/sgpubad.scn" >/dev/null 2>"$T/sgpubad.err"; then
        echo "FAIL sim_sgpu_rejects_$1: accepted"
    elif grep -q "$3" "$T/sgpubad.err"; then
        echo "PASS sim_sgpu_rejects_$1"
    else
        echo "FAIL sim_sgpu_rejects_$1: message was: $(cat "$T/sgpubad.err")"
    fi
}
sgpu_bad slots 'coproc gpu sgpu slots=2\n' 'line 1: coproc gpu: an sgpu has one engine'
sgpu_bad no_workload 'coproc gpu sgpu\nvcoproc a coproc=gpu\n' 'vcoproc a: its coproc gpu is an sgpu: give it a workload line'
sgpu_bad stream 'coproc gpu sgpu\nvcoproc a coproc=gpu\nstream a saturate cost=1ms\n' 'line 3: stream a: its coproc gpu is an sgpu'
sgpu_bad workload_kind 'coproc gpu sgpu\nvcoproc a coproc=gpu\nworkload a doom\n' 'line 3: workload a: unknown kind "doom"'
sgpu_bad workload_synth 'coproc gpu\nvcoproc a coproc=gpu\nworkload a ivi\n' 'line 3: workload a: its coproc gpu is not an sgpu'

# trace -> SVG + Chrome JSON, with the switches the trace holds
tr=$T/infotainment.rt.trace
if [ ! -s "$tr" ]; then
    echo "FAIL sim_vctrace_timeline: no trace from vcsim"
elif ! timeout 30 "$B/tools/vctrace" "$tr" --svg "$T/timeline.svg" --chrome "$T/timeline.json" \
        --to 100000000 >"$T/vctrace.txt" 2>&1; then
    echo "FAIL sim_vctrace_timeline: $(cat "$T/vctrace.txt")"
else
    sw=$(awk '$1=="vct" && $3=="switch_in_done" && $2 < 100000000' "$tr" | wc -l)
    got=$(python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print(sum(1 for e in d["traceEvents"] if e.get("cat")=="switch-in"))' "$T/timeline.json" 2>/dev/null)
    if ! grep -q '<svg' "$T/timeline.svg" || ! grep -q '</svg>' "$T/timeline.svg"; then
        echo "FAIL sim_vctrace_timeline: SVG incomplete"
    elif [ "$got" != "$sw" ] || [ "$sw" = 0 ]; then
        echo "FAIL sim_vctrace_timeline: $got switch-in events in the JSON, $sw in the trace"
    else
        echo "PASS sim_vctrace_timeline ($sw switches in the first 100 ms)"
    fi
fi
if timeout 10 "$B/tools/vctrace" /dev/null --svg "$T/x.svg" >/dev/null 2>"$T/empty.err"; then
    echo "FAIL sim_vctrace_rejects_empty: accepted"
elif grep -q "no trace events" "$T/empty.err"; then
    echo "PASS sim_vctrace_rejects_empty"
else
    echo "FAIL sim_vctrace_rejects_empty: $(cat "$T/empty.err")"
fi
exit 0
