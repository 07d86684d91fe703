#!/bin/sh
# Simulator suite: scheduler properties and scenario checks (test_props),
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
