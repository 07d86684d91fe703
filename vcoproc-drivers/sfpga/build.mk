# vcoproc-drivers/sfpga: the SFPGA vcoproc driver. The simulator links it
# (sim/drivers.mk); here it is also compiled freestanding for arm64, as the
# hypervisor will, to prove it uses only coproc/include and the SFPGA
# register definitions.
SFPGAVC_SRCS := $(wildcard vcoproc-drivers/sfpga/*.c)
SFPGAVC_INC := $(COPROC_INC) -Ihw/sfpga/include
SFPGAVC_ARM64_OBJS := $(patsubst vcoproc-drivers/sfpga/%.c,$(BUILD)/vcoproc-drivers/sfpga/arm64/%.o,$(SFPGAVC_SRCS))

$(BUILD)/vcoproc-drivers/sfpga/arm64/%.o: vcoproc-drivers/sfpga/%.c
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(COPROC_ARM64_CFLAGS) -MMD -MP $(SFPGAVC_INC) -c $< -o $@

.PHONY: sfpgavc-arm64
sfpgavc-arm64: $(SFPGAVC_ARM64_OBJS)
-include $(SFPGAVC_ARM64_OBJS:.o=.d)
ALL_TARGETS += $(SFPGAVC_ARM64_OBJS)
