# tests/sim: scheduler properties and scenario handling on the simulator.
TESTS_SIM_CFLAGS := $(HOST_CFLAGS) -MMD -MP -Itests/include $(SIM_CFLAGS)
TESTS_SIM_BINS := $(BUILD)/tests/sim/test_props $(BUILD)/tests/sim/test_driver \
	$(BUILD)/tests/sim/test_stress

$(BUILD)/tests/sim/%.o: tests/sim/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TESTS_SIM_CFLAGS) -c $< -o $@

$(BUILD)/tests/sim/test_%: $(BUILD)/tests/sim/test_%.o $(SIM_LINK)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $^ $(SIM_LDLIBS)

TEST_TARGETS += $(TESTS_SIM_BINS)
-include $(wildcard $(BUILD)/tests/sim/*.d)

# Scenario-parser fuzzer (clang + libFuzzer, with ASan and UBSan): the parser
# and what it calls, built apart from the gcc objects.
TESTS_SIM_FUZZ := $(BUILD)/tests/sim/fuzz_scenario
TESTS_SIM_FUZZ_SRCS := tests/sim/fuzz_scenario.c sim/scenario.c sim/event.c sim/platform.c \
	coproc/core/lib.c $(wildcard coproc/sched/*.c)
$(TESTS_SIM_FUZZ): $(TESTS_SIM_FUZZ_SRCS) $(wildcard sim/include/sim/*.h coproc/include/coproc/*.h)
	@mkdir -p $(dir $@)
	clang -std=c11 -g -O1 -D_DEFAULT_SOURCE -D_GNU_SOURCE -Wall -Wextra -Werror \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-Isim/include $(COPROC_INC) -o $@ $(TESTS_SIM_FUZZ_SRCS)

TEST_TARGETS += $(TESTS_SIM_FUZZ)
