# hw/sfpga: the SFPGA model library (docs/hw/sfpga.md), its tests, benchmark
# and fuzz target. Tests and fuzz rules live here because the top Makefile
# reads build.mk files only two folders deep.
SFPGA_DIR    := hw/sfpga
SFPGA_OUT    := $(BUILD)/hw/sfpga
SFPGA_LIB    := $(BUILD)/hw/libsfpga.a
SFPGA_INC    := -I$(SFPGA_DIR)/include -Ihw/common/include
SFPGA_CFLAGS := $(HOST_CFLAGS) $(SFPGA_INC) -MMD -MP
SFPGA_SRCS   := $(wildcard $(SFPGA_DIR)/src/*.c)
SFPGA_OBJS   := $(SFPGA_SRCS:$(SFPGA_DIR)/src/%.c=$(SFPGA_OUT)/%.o)
SFPGA_LIBS   := $(SFPGA_LIB) $(BUILD)/hw/libhwcommon.a -lpthread

ALL_TARGETS += $(SFPGA_LIB)

$(SFPGA_OUT)/%.o: $(SFPGA_DIR)/src/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(SFPGA_CFLAGS) -c $< -o $@

$(SFPGA_LIB): $(SFPGA_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

-include $(SFPGA_OBJS:.o=.d)

# Host tests (tests/suites/hw-sfpga.sh).
SFPGA_TEST     := $(BUILD)/tests/hw/sfpga/test_sfpga
SFPGA_TEST_SRC := tests/hw/sfpga/test_sfpga_dev.c tests/hw/sfpga/test_sfpga_accel.c \
                  tests/hw/sfpga/rig.c tests/hw/sfpga/ref.c tests/hw/common/pt.c
TEST_TARGETS += $(SFPGA_TEST)

$(SFPGA_TEST): $(SFPGA_TEST_SRC) tests/hw/sfpga/rig.h tests/hw/sfpga/ref.h $(SFPGA_LIB) $(BUILD)/hw/libhwcommon.a
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(SFPGA_INC) -Itests/include -o $@ $(SFPGA_TEST_SRC) $(SFPGA_LIBS) -lcrypto

# Fuzz target (libFuzzer): the library's sources built again by clang with
# coverage and sanitizers. A short run is in tests/suites/hw-sfpga.sh; a long
# one is `make fuzz-sfpga` (SFPGA_FUZZ_SECONDS, default 300).
SFPGA_FUZZ        := $(BUILD)/fuzz/sfpga/fuzz-sfpga
SFPGA_FUZZ_SEEDS  := $(BUILD)/fuzz/sfpga/mkseeds
SFPGA_FUZZ_CFLAGS := -std=c11 -Wall -Wextra -Werror -O1 -g -D_DEFAULT_SOURCE -D_GNU_SOURCE \
	-I$(SFPGA_DIR)/include -Ihw/common/include \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
SFPGA_FUZZ_SECONDS ?= 300
TEST_TARGETS += $(SFPGA_FUZZ) $(SFPGA_FUZZ_SEEDS)

$(SFPGA_FUZZ): fuzz/sfpga/fuzz_sfpga.c $(SFPGA_SRCS) $(HWCOMMON_SRCS) $(wildcard $(SFPGA_DIR)/include/hw/*.h $(SFPGA_DIR)/src/*.h)
	@mkdir -p $(dir $@)
	clang $(SFPGA_FUZZ_CFLAGS) fuzz/sfpga/fuzz_sfpga.c $(SFPGA_SRCS) $(HWCOMMON_SRCS) -lpthread -o $@

$(SFPGA_FUZZ_SEEDS): fuzz/sfpga/mkseeds.c $(SFPGA_LIB) $(BUILD)/hw/libhwcommon.a
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(SFPGA_INC) -o $@ $< $(SFPGA_LIBS)

.PHONY: fuzz-sfpga
fuzz-sfpga: $(SFPGA_FUZZ) $(SFPGA_FUZZ_SEEDS)
	@mkdir -p $(BUILD)/fuzz/sfpga/corpus
	$(SFPGA_FUZZ_SEEDS) $(BUILD)/fuzz/sfpga/corpus
	$(SFPGA_FUZZ) -max_total_time=$(SFPGA_FUZZ_SECONDS) -timeout=10 $(BUILD)/fuzz/sfpga/corpus

# Benchmark (bench/suites/hw-sfpga.sh).
SFPGA_BENCH := $(BUILD)/bench/hw/bench-sfpga
BENCH_TARGETS += $(SFPGA_BENCH)

$(SFPGA_BENCH): $(SFPGA_DIR)/bench/bench_sfpga.c tests/hw/common/pt.c $(SFPGA_LIB) $(BUILD)/hw/libhwcommon.a
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(SFPGA_INC) -Itests/hw/common -o $@ $< tests/hw/common/pt.c $(SFPGA_LIBS)
