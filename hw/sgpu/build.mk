# hw/sgpu: the SGPU model library, its tests, benchmark and fuzz target.
SGPU_SRCS := $(addprefix hw/sgpu/src/,sgpu.c sgpu_builtin.c sgpu_cmd.c sgpu_ctx.c sgpu_engine.c sgpu_kernels.c sgpu_mmu.c sgpu_model.c sgpu_opencl.c)
SGPU_OBJS := $(patsubst hw/sgpu/src/%.c,$(HW_BUILD)/obj/sgpu/%.o,$(SGPU_SRCS))
SGPU_LIB  := $(HW_BUILD)/libsgpu.a
SGPU_CFLAGS := $(HW_CFLAGS) -Ihw/sgpu/include
SGPU_HDRS := $(wildcard hw/sgpu/include/hw/*.h hw/sgpu/src/*.h hw/common/include/hw/*.h)
# Programs that link libsgpu.a also need these.
SGPU_LDLIBS := $(HWCOMMON_LIB) -lOpenCL -lm

$(HW_BUILD)/obj/sgpu/%.o: hw/sgpu/src/%.c $(SGPU_HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(SGPU_CFLAGS) -c $< -o $@

$(SGPU_LIB): $(SGPU_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

ALL_TARGETS += $(SGPU_LIB)
.PHONY: hw-sgpu
hw-sgpu: $(SGPU_LIB)

# Tests (tests/suites/hw-sgpu.sh).
SGPU_TEST_DIR := $(HW_BUILD)/tests
SGPU_TEST_CFLAGS := $(SGPU_CFLAGS) -Itests/include -Itests/hw/common -Itests/hw/sgpu
SGPU_RIG_SRCS := tests/hw/sgpu/rig.c tests/hw/sgpu/kcase.c tests/hw/common/pt.c
SGPU_RIG_HDRS := $(wildcard tests/hw/sgpu/*.h tests/hw/common/*.h tests/include/*.h)
SGPU_TESTS := $(SGPU_TEST_DIR)/test-sgpu-kernels $(SGPU_TEST_DIR)/test-sgpu-basic $(SGPU_TEST_DIR)/test-sgpu-faults

$(SGPU_TEST_DIR)/test-sgpu-%: tests/hw/sgpu/test_sgpu_%.c $(SGPU_RIG_SRCS) $(SGPU_RIG_HDRS) $(SGPU_LIB) $(HWCOMMON_LIB)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(SGPU_TEST_CFLAGS) $< $(SGPU_RIG_SRCS) $(SGPU_LIB) $(SGPU_LDLIBS) -o $@

TEST_TARGETS += $(SGPU_TESTS)

# Fuzz target (libFuzzer, clang): the library sources are rebuilt with
# coverage and sanitizers so the fuzzer sees inside the parser and engine.
SGPU_FUZZ := $(BUILD)/fuzz/sgpu/fuzz-sgpu
SGPU_FUZZ_CFLAGS := -std=c11 -Wall -Wextra -Werror -O1 -g -D_DEFAULT_SOURCE -D_GNU_SOURCE \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-Ihw/common/include -Ihw/sgpu/include
$(SGPU_FUZZ): fuzz/sgpu/fuzz_sgpu.c $(SGPU_SRCS) $(HWCOMMON_SRCS) $(SGPU_HDRS)
	@mkdir -p $(dir $@)
	clang $(SGPU_FUZZ_CFLAGS) fuzz/sgpu/fuzz_sgpu.c $(SGPU_SRCS) $(HWCOMMON_SRCS) -lOpenCL -lm -o $@

TEST_TARGETS += $(SGPU_FUZZ)
SGPU_FUZZ_SECONDS ?= 300
.PHONY: fuzz-sgpu
fuzz-sgpu: $(SGPU_FUZZ)
	@mkdir -p $(BUILD)/fuzz/sgpu/corpus
	$(SGPU_FUZZ) -max_total_time=$(SGPU_FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
		$(BUILD)/fuzz/sgpu/corpus

# Benchmark (bench/suites/hw-sgpu.sh).
SGPU_BENCH := $(HW_BUILD)/bench/bench-sgpu
$(SGPU_BENCH): hw/sgpu/bench/bench_sgpu.c $(SGPU_RIG_SRCS) $(SGPU_RIG_HDRS) $(SGPU_LIB) $(HWCOMMON_LIB)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(SGPU_TEST_CFLAGS) $< $(SGPU_RIG_SRCS) $(SGPU_LIB) $(SGPU_LDLIBS) -o $@
BENCH_TARGETS += $(SGPU_BENCH)

# End-to-end: the SGPU in the ivshmem model process (hw/ivshmem) driven by
# that component's host-side QEMU stand-in; built only while it exists.
ifneq ($(wildcard tests/hw/ivshmem/fake_client.h),)
SGPU_PROC_TEST := $(SGPU_TEST_DIR)/test-sgpu-process
$(SGPU_PROC_TEST): tests/hw/sgpu/test_sgpu_process.c tests/hw/ivshmem/fake_client.c $(BUILD)/hw/libivshmem.a $(SGPU_HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(SGPU_TEST_CFLAGS) -Ihw/ivshmem/include -Itests/hw/ivshmem $< tests/hw/ivshmem/fake_client.c \
		$(BUILD)/hw/libivshmem.a -o $@
TEST_TARGETS += $(SGPU_PROC_TEST)
endif
