#!/bin/sh
# SGPU vcoproc suite: the SGPU vcoproc driver on the simulator, with the
# native SGPU guest driver library running as simulated guests against the
# in-process SGPU model (tests/sgpu-vc/test_sgpu_vc: 3 guests under rt and
# credit, 10^5 checked context switches, isolation, hangs, DT), and the
# driver's freestanding arm64 build importing only platform_* functions.
B=${BUILD:-build}
T=$B/test-logs/sgpu-vc
mkdir -p "$T"
bin=$B/tests/sgpu-vc/test_sgpu_vc
if [ -x "$bin" ]; then
    timeout 300 "$bin" >"$T/out.log" 2>"$T/stderr.log"
    rc=$?
    cat "$T/out.log"
    if [ $rc -ne 0 ] && ! grep -q '^FAIL' "$T/out.log"; then
        echo "FAIL sgpuvc_run: exited with status $rc (124: timed out); see $T/stderr.log"
    fi
else
    echo "FAIL sgpuvc_run: $bin not built"
fi

# the driver as the hypervisor links it: nothing but platform_* and the
# framework's own helpers may be imported
objs=$(ls $B/vcoproc-drivers/sgpu/arm64/*.o 2>/dev/null)
if [ -z "$objs" ]; then
    echo "FAIL sgpuvc_arm64_imports: driver objects not built"
else
    defined=$(aarch64-linux-gnu-nm --defined-only $objs | awk 'NF == 3 {print $3}' | sort -u)
    bad=$(aarch64-linux-gnu-nm -u $objs | awk 'NF == 2 {print $2}' | sort -u |
          grep -v -E '^(platform_|coproc_|vcoproc_)' | while read -r s; do
              echo "$defined" | grep -qx "$s" || printf '%s ' "$s"; done)
    if [ -n "$bad" ]; then
        echo "FAIL sgpuvc_arm64_imports: imports $bad"
    else
        echo "PASS sgpuvc_arm64_imports"
    fi
fi
exit 0
