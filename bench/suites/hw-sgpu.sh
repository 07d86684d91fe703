#!/bin/sh
# SGPU model throughput per kernel, built-in and OpenCL executors side by
# side, COPY/FILL rates and the cost of a context save/restore.
B=${BUILD:-build}
mkdir -p "$B/bench"
exec "$B/hw/bench/bench-sgpu" "$B/bench/hw-sgpu.json"
