#!/bin/sh
# SFPGA model: accelerator throughput on the host next to the modelled
# device throughput, bitstream load cost, context save/restore cost.
B=${BUILD:-build}
mkdir -p "$B/bench"
"$B/bench/hw/bench-sfpga" "$B/bench/hw-sfpga.json"
