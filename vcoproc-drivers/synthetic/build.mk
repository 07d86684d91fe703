# vcoproc-drivers/synthetic: the reference driver. The simulator links it
# (sim/drivers.mk); here it is only compiled freestanding for arm64, as the
# hypervisor will, to prove it uses nothing but coproc/include.
SYNTHETIC_SRCS := $(wildcard vcoproc-drivers/synthetic/*.c)
SYNTHETIC_ARM64_OBJS := $(patsubst vcoproc-drivers/synthetic/%.c,$(BUILD)/vcoproc-drivers/synthetic/arm64/%.o,$(SYNTHETIC_SRCS))

$(BUILD)/vcoproc-drivers/synthetic/arm64/%.o: vcoproc-drivers/synthetic/%.c
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(COPROC_ARM64_CFLAGS) -MMD -MP $(COPROC_INC) -c $< -o $@

ALL_TARGETS += $(SYNTHETIC_ARM64_OBJS)
-include $(SYNTHETIC_ARM64_OBJS:.o=.d)
