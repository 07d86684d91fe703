#!/bin/sh
# hw/common: machine-memory view, the stage-1/stage-2 walks, and 64-bit
# register accesses that are never torn.
${BUILD:-build}/hw/tests/test-hw-mem
