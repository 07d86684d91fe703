# vcoproc: top-level build.
#   make          build the hypervisor, guests and host tools
#   make run      boot the demo system in QEMU (CONFIG=configs/<x>.dts for another)
#   make test     the whole suite, closing with "N passed, N failed"
#   make bench    benchmarks: JSON + table under build/bench/
#   make fuzz     longer runs of the fuzz targets (make test runs each briefly)
# Each component adds its own rules in <folder>/build.mk; this file only ties
# them together, so adding a component never means editing another's rules.

BUILD    ?= build
CROSS    ?= aarch64-linux-gnu-
HOSTCC   ?= gcc
CONFIG   ?= configs/infotainment.dts

HOST_CFLAGS := -std=c11 -Wall -Wextra -Werror -O2 -g -D_DEFAULT_SOURCE -D_GNU_SOURCE
ARM64_DEPS  := .deps/arm64
ARM64_LIBFDT := $(ARM64_DEPS)/usr/lib/aarch64-linux-gnu/libfdt.a

# Components append to these.
ALL_TARGETS   :=
TEST_TARGETS  :=
BENCH_TARGETS :=

.PHONY: all setup run test bench fuzz clean distclean
all: all-targets

include $(sort $(wildcard */build.mk */*/build.mk))

all-targets: $(ALL_TARGETS)
.PHONY: all-targets

setup:
	@sh scripts/setup.sh

run:
	@sh scripts/setup.sh
	@$(MAKE) --no-print-directory all
	@sh scripts/run-system.sh $(CONFIG)

test:
	@sh scripts/setup.sh
	@$(MAKE) --no-print-directory all $(TEST_TARGETS)
	@sh tests/run.sh

# Everything `make test` runs, without running it.
test-targets: all $(TEST_TARGETS)
.PHONY: test-targets

bench:
	@sh scripts/setup.sh
	@$(MAKE) --no-print-directory all $(BENCH_TARGETS)
	@sh bench/run.sh

fuzz:
	@sh scripts/setup.sh
	@$(MAKE) --no-print-directory fuzz-sgpu fuzz-sfpga

clean:
	rm -rf $(BUILD)

distclean: clean
	rm -rf .deps
