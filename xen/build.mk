# The hypervisor: cross-built for arm64, linked with Debian's arm64 libfdt.a.
XEN_OUT    := $(BUILD)/xen
XEN_CC     := $(CROSS)gcc
XEN_CFLAGS := -std=c11 -Wall -Wextra -Werror -O2 -g -ffreestanding -fno-stack-protector \
              -mgeneral-regs-only -mstrict-align -mno-outline-atomics -fno-pic -fno-pie -fno-omit-frame-pointer \
              -march=armv8-a -Ixen/include -Ixen/arch/arm64/include -I$(ARM64_DEPS)/usr/include \
              -Icoproc/include -Ihw/sgpu/include -Ihw/sfpga/include -MMD -MP
# The vcoproc drivers linked into the hypervisor: one word per folder under
# vcoproc-drivers/ whose device exists on this platform.
XEN_VCOPROC_DRIVERS ?= sgpu sfpga
XEN_SRCS   := $(sort $(wildcard xen/common/*.c xen/common/*/*.c xen/arch/arm64/*.c xen/drivers/*.c \
                xen/lib/*.c xen/drivers/*/*.c))
XEN_COPROC_SRCS := $(sort $(wildcard coproc/core/*.c coproc/sched/*.c) \
                $(foreach d,$(XEN_VCOPROC_DRIVERS),$(wildcard vcoproc-drivers/$(d)/*.c)))
XEN_ASMS   := $(sort $(wildcard xen/arch/arm64/*.S))
XEN_OBJS   := $(patsubst xen/%,$(XEN_OUT)/%.o,$(XEN_SRCS) $(XEN_ASMS)) \
              $(patsubst %,$(XEN_OUT)/ext/%.o,$(XEN_COPROC_SRCS))

ALL_TARGETS += $(XEN_OUT)/xen.bin

$(XEN_OUT)/%.c.o: xen/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(XEN_CC) $(XEN_CFLAGS) -c $< -o $@

# The SFPGA report reads the SFPGA driver's statistics header.
$(XEN_OUT)/common/coproc/report_sfpga.c.o: XEN_CFLAGS += -Ivcoproc-drivers/sfpga

# The framework and drivers, compiled unchanged for the hypervisor.
$(XEN_OUT)/ext/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(XEN_CC) $(XEN_CFLAGS) -c $< -o $@

$(XEN_OUT)/%.S.o: xen/%.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(XEN_CC) $(XEN_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(XEN_OUT)/xen.elf: $(XEN_OBJS) xen/arch/arm64/hyp.lds $(ARM64_LIBFDT)
	$(XEN_CC) -nostdlib -static -no-pie -Wl,--gc-sections -Wl,--no-warn-rwx-segments -Wl,--build-id=none -Wl,-T,xen/arch/arm64/hyp.lds \
	    -o $@ $(XEN_OBJS) $(ARM64_LIBFDT) -lgcc

$(XEN_OUT)/xen.bin: $(XEN_OUT)/xen.elf
	$(CROSS)objcopy -O binary $< $@

$(ARM64_LIBFDT):
	@echo "missing $(ARM64_LIBFDT): run 'sh scripts/setup.sh' (or 'make test' / 'make run')" >&2; exit 1

-include $(XEN_OBJS:.o=.d)
