#!/bin/sh
# SGPU vcoproc suite: the SGPU vcoproc driver on the simulator, with the
# native SGPU guest driver library running as simulated guests against the
# in-process SGPU model (tests/sgpu-vc/test_sgpu_vc: 3 guests under rt and
# credit, 10^5 checked context switches, isolation, hangs, DT), and the
# driver's freestanding arm64 build importing only platform_* functions.
B=${BUILD:-build}
T=$B/test-logs/sgpu-vc
. tests/lib/unit-binary.sh
unit_binary sgpuvc_run "$B/tests/sgpu-vc/test_sgpu_vc" 300 "$T"

# the driver as the hypervisor links it
. tests/lib/driver-imports.sh
driver_imports sgpuvc_arm64_imports "$B/vcoproc-drivers/sgpu/arm64"
exit 0
