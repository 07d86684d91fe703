# tests/coproc: framework, scheduler and statistics unit tests, on the
# simulator's platform with a scriptable mock driver.
TESTS_COPROC_CFLAGS := $(HOST_CFLAGS) -MMD -MP -Itests/include -Itests/coproc -Isim/include $(COPROC_INC)
TESTS_COPROC_NAMES := test_framework test_sched test_stats
TESTS_COPROC_BINS := $(addprefix $(BUILD)/tests/coproc/,$(TESTS_COPROC_NAMES))

$(BUILD)/tests/coproc/%.o: tests/coproc/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TESTS_COPROC_CFLAGS) -c $< -o $@

$(BUILD)/tests/coproc/test_%: $(BUILD)/tests/coproc/test_%.o $(BUILD)/tests/coproc/mock_driver.o $(SIM_LINK)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $^ -lm

TEST_TARGETS += $(TESTS_COPROC_BINS)
-include $(wildcard $(BUILD)/tests/coproc/*.d)
