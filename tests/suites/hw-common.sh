#!/bin/sh
# hw/common: machine-memory view and the stage-1/stage-2 walks.
${BUILD:-build}/hw/tests/test-hw-mem
