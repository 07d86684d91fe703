# vcoproc-drivers/sgpu: the SGPU vcoproc driver. The simulator links it
# (sim/drivers.mk); here it is also compiled freestanding for arm64, as the
# hypervisor will, to prove it uses only coproc/include and the SGPU
# register definitions.
SGPUVC_SRCS := $(wildcard vcoproc-drivers/sgpu/*.c)
SGPUVC_INC := $(COPROC_INC) -Ihw/sgpu/include
SGPUVC_ARM64_OBJS := $(patsubst vcoproc-drivers/sgpu/%.c,$(BUILD)/vcoproc-drivers/sgpu/arm64/%.o,$(SGPUVC_SRCS))

$(BUILD)/vcoproc-drivers/sgpu/arm64/%.o: vcoproc-drivers/sgpu/%.c
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(COPROC_ARM64_CFLAGS) -MMD -MP $(SGPUVC_INC) -c $< -o $@

ALL_TARGETS += $(SGPUVC_ARM64_OBJS)
-include $(SGPUVC_ARM64_OBJS:.o=.d)
