# coproc/: the platform-neutral framework. Built twice:
#  - host objects in $(BUILD)/coproc/libcoproc.a for the simulator and tests;
#  - arm64 freestanding objects in $(BUILD)/coproc/arm64/ (not linked): the
#    continuous proof that these sources compile for the hypervisor.
COPROC_SRCS := $(sort $(wildcard coproc/core/*.c coproc/sched/*.c))
COPROC_INC := -Icoproc/include
COPROC_HOST_OBJS := $(patsubst coproc/%.c,$(BUILD)/coproc/host/%.o,$(COPROC_SRCS))
COPROC_ARM64_OBJS := $(patsubst coproc/%.c,$(BUILD)/coproc/arm64/%.o,$(COPROC_SRCS))
COPROC_LIB := $(BUILD)/coproc/libcoproc.a
COPROC_ARM64_CFLAGS := -ffreestanding -nostdlib -mgeneral-regs-only -std=c11 -Wall -Wextra \
	-Werror -O2
COPROC_HOST_CFLAGS := $(HOST_CFLAGS) -MMD -MP

$(BUILD)/coproc/host/%.o: coproc/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(COPROC_HOST_CFLAGS) $(COPROC_INC) -c $< -o $@

$(BUILD)/coproc/arm64/%.o: coproc/%.c
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(COPROC_ARM64_CFLAGS) -MMD -MP $(COPROC_INC) -c $< -o $@

$(COPROC_LIB): $(COPROC_HOST_OBJS)
	@rm -f $@
	ar rcs $@ $^

ALL_TARGETS += $(COPROC_LIB) $(COPROC_ARM64_OBJS)
.PHONY: coproc-all
coproc-all: $(COPROC_LIB) $(COPROC_ARM64_OBJS)
-include $(COPROC_HOST_OBJS:.o=.d) $(COPROC_ARM64_OBJS:.o=.d)
