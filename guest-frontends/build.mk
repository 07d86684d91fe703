# guest-frontends: the bare-metal guest runtime (rt/ -> build/guests/librt.a)
# and the test guests (tests/<name>.c -> build/guests/<name>.bin).
#
# Other guest programs link the same way: compile with $(GUESTS_CFLAGS),
# link with $(GUESTS_LDFLAGS) against $(BUILD)/guests/librt.a, objcopy the
# ELF to a raw binary (see guests_link below and docs/guest-runtime.md).

GUESTS_DIR     := guest-frontends
GUESTS_OUT     := $(BUILD)/guests
GUESTS_CC      := $(CROSS)gcc
GUESTS_AR      := $(CROSS)ar
GUESTS_OBJCOPY := $(CROSS)objcopy

# -mstrict-align: with the MMU off every data access is Device memory, where
#   an unaligned access faults.
# -mno-outline-atomics: atomics inline (no libgcc CPU feature probing).
# -fno-tree-loop-distribute-patterns: keep memset/memcpy from calling themselves.
GUESTS_CFLAGS := -std=c11 -Wall -Wextra -Werror -O2 -g -ffreestanding -nostdlib \
    -fno-builtin -fno-pic -fno-pie -fno-stack-protector -fno-common \
    -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-tree-loop-distribute-patterns \
    -mstrict-align -mno-outline-atomics -march=armv8-a -mcpu=cortex-a57 \
    -I$(GUESTS_DIR)/rt/include -MMD -MP
# The runtime itself never touches FP/SIMD registers (guests may).
GUESTS_RT_CFLAGS := $(GUESTS_CFLAGS) -mgeneral-regs-only
GUESTS_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-T,$(GUESTS_DIR)/rt/guest.ld \
    -Wl,--undefined=_start -Wl,--no-warn-rwx-segments

GUESTS_RT_SRCS := $(addprefix $(GUESTS_DIR)/rt/, start.S vectors.S boot.c exceptions.c irq.c \
    uart.c console.c format.c printf.c string.c spinlock.c gic.c timer.c psci.c \
    hypercall.c smp.c test.c)
GUESTS_RT_OBJS := $(patsubst $(GUESTS_DIR)/rt/%,$(GUESTS_OUT)/obj/rt/%.o,$(GUESTS_RT_SRCS))
GUESTS_LIBRT   := $(GUESTS_OUT)/librt.a

GUESTS_NAMES := hello badwrite mmio reset smp bench spi
GUESTS_BINS  := $(foreach g,$(GUESTS_NAMES),$(GUESTS_OUT)/$(g).bin)
# Test-only guests: the runtime's self-test, and the mmio guest pointed at
# RAM (filled with the device's initial contents) to prove its own checks.
GUESTS_SELFTEST_BINS := $(GUESTS_OUT)/rtcheck.bin $(GUESTS_OUT)/mmio-ram.bin
GUESTS_TEST_OBJS := $(foreach g,$(GUESTS_NAMES) rtcheck mmio-ram,$(GUESTS_OUT)/obj/tests/$(g).c.o)

# Host unit test of the formatter, compared with the C library.
GUESTS_FORMAT_TEST := $(GUESTS_OUT)/host/format_test

ALL_TARGETS  += $(GUESTS_LIBRT) $(GUESTS_BINS)
TEST_TARGETS += $(GUESTS_FORMAT_TEST) $(GUESTS_SELFTEST_BINS)

$(GUESTS_OUT)/obj/rt/%.S.o: $(GUESTS_DIR)/rt/%.S
	@mkdir -p $(dir $@)
	$(GUESTS_CC) $(GUESTS_RT_CFLAGS) -c $< -o $@

$(GUESTS_OUT)/obj/rt/%.c.o: $(GUESTS_DIR)/rt/%.c
	@mkdir -p $(dir $@)
	$(GUESTS_CC) $(GUESTS_RT_CFLAGS) -c $< -o $@

$(GUESTS_LIBRT): $(GUESTS_RT_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	$(GUESTS_AR) rcs $@ $^

$(GUESTS_OUT)/obj/tests/%.c.o: $(GUESTS_DIR)/tests/%.c
	@mkdir -p $(dir $@)
	$(GUESTS_CC) $(GUESTS_CFLAGS) -c $< -o $@

$(GUESTS_OUT)/obj/tests/mmio-ram.c.o: $(GUESTS_DIR)/tests/mmio.c
	@mkdir -p $(dir $@)
	$(GUESTS_CC) $(GUESTS_CFLAGS) -DMMIO_ON_RAM -c $< -o $@

# guests_link: ELF from objects + librt, then the raw Image QEMU and the
# hypervisor load. $(1) = output basename (no extension), $(2) = objects.
define guests_link
	$(GUESTS_CC) $(GUESTS_CFLAGS) $(GUESTS_LDFLAGS) -o $(1).elf $(2) $(GUESTS_LIBRT) -lgcc
	$(GUESTS_OBJCOPY) -O binary $(1).elf $(1).bin
endef

$(GUESTS_BINS) $(GUESTS_SELFTEST_BINS): $(GUESTS_OUT)/%.bin: $(GUESTS_OUT)/obj/tests/%.c.o $(GUESTS_LIBRT) $(GUESTS_DIR)/rt/guest.ld
	$(call guests_link,$(GUESTS_OUT)/$*,$<)

$(GUESTS_FORMAT_TEST): $(GUESTS_DIR)/rt/host-tests/format_test.c $(GUESTS_DIR)/rt/format.c \
		$(GUESTS_DIR)/rt/include/rt/format.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -I$(GUESTS_DIR)/rt/include -Itests/include -o $@ \
	    $(GUESTS_DIR)/rt/host-tests/format_test.c $(GUESTS_DIR)/rt/format.c

.PHONY: guests guests-clean
guests: $(GUESTS_LIBRT) $(GUESTS_BINS) $(GUESTS_FORMAT_TEST) $(GUESTS_SELFTEST_BINS)
guests-clean:
	rm -rf $(GUESTS_OUT)

-include $(GUESTS_RT_OBJS:.o=.d) $(GUESTS_TEST_OBJS:.o=.d)
