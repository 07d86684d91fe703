# tools/trace: vctrace, trace text -> SVG timeline and Chrome/Perfetto JSON.
VCTRACE_SRCS := $(sort $(wildcard tools/trace/*.c))
VCTRACE_OBJS := $(patsubst tools/trace/%.c,$(BUILD)/tools/trace/%.o,$(VCTRACE_SRCS))
VCTRACE := $(BUILD)/tools/vctrace

$(BUILD)/tools/trace/%.o: tools/trace/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

$(VCTRACE): $(VCTRACE_OBJS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $^

ALL_TARGETS += $(VCTRACE)
-include $(VCTRACE_OBJS:.o=.d)
