# hw/ivshmem: the ivshmem server library and the ivshmem-testpeer program.
IVSHMEM_DIR    := hw/ivshmem
IVSHMEM_OUT    := $(BUILD)/hw/ivshmem
IVSHMEM_LIB    := $(BUILD)/hw/libivshmem.a
IVSHMEM_PEER   := $(BUILD)/hw/ivshmem-testpeer
IVSHMEM_CFLAGS := $(HOST_CFLAGS) -I$(IVSHMEM_DIR)/include -MMD -MP
IVSHMEM_SRCS   := $(IVSHMEM_DIR)/ivshmem_msg.c $(IVSHMEM_DIR)/ivshmem_server.c
IVSHMEM_OBJS   := $(IVSHMEM_SRCS:$(IVSHMEM_DIR)/%.c=$(IVSHMEM_OUT)/%.o)

ALL_TARGETS += $(IVSHMEM_LIB) $(IVSHMEM_PEER)

$(IVSHMEM_OUT)/%.o: $(IVSHMEM_DIR)/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(IVSHMEM_CFLAGS) -c $< -o $@

$(IVSHMEM_LIB): $(IVSHMEM_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(IVSHMEM_PEER): $(IVSHMEM_OUT)/ivshmem_testpeer.o $(IVSHMEM_LIB)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $^

-include $(IVSHMEM_OBJS:.o=.d) $(IVSHMEM_OUT)/ivshmem_testpeer.d

# Host tests (tests/suites/hw-ivshmem.sh); their rules live here because the
# top Makefile reads build.mk files only two folders deep.
IVSHMEM_TEST_FAKEQEMU := $(BUILD)/tests/hw/ivshmem/ivshmem_fakeqemu
TEST_TARGETS += $(IVSHMEM_TEST_FAKEQEMU)

IVSHMEM_FAKE_SRC := tests/hw/ivshmem/fake_client.c
IVSHMEM_FAKE_HDRS := tests/hw/ivshmem/fake_client.h $(IVSHMEM_DIR)/include/hw/ivshmem.h

$(IVSHMEM_TEST_FAKEQEMU): tests/hw/ivshmem/ivshmem_fakeqemu.c $(IVSHMEM_FAKE_SRC) $(IVSHMEM_FAKE_HDRS) $(IVSHMEM_LIB)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -I$(IVSHMEM_DIR)/include -o $@ $< $(IVSHMEM_FAKE_SRC) $(IVSHMEM_LIB)

# The model process driven over ivshmem by the same QEMU-like client.
IVSHMEM_TEST_MODEL := $(BUILD)/tests/hw/ivshmem/model_client
TEST_TARGETS += $(IVSHMEM_TEST_MODEL)

$(IVSHMEM_TEST_MODEL): tests/hw/ivshmem/model_client.c $(IVSHMEM_FAKE_SRC) $(IVSHMEM_FAKE_HDRS) $(IVSHMEM_LIB) $(BUILD)/hw/libsfpga.a $(BUILD)/hw/libhwcommon.a
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -I$(IVSHMEM_DIR)/include -Ihw/common/include -Ihw/sfpga/include \
	    -o $@ $< $(IVSHMEM_FAKE_SRC) $(IVSHMEM_LIB) $(BUILD)/hw/libsfpga.a $(BUILD)/hw/libhwcommon.a \
	    -lpthread -lcrypto

# The bare-metal QEMU guests of the transport's QEMU tests.
IVSHMEM_GUEST_DIR := tests/hw/ivshmem/guest
IVSHMEM_GUESTS    := $(BUILD)/tests/hw/ivshmem/guest/ivguest.elf $(BUILD)/tests/hw/ivshmem/guest/sfguest.elf
IVSHMEM_GUEST_DEPS := $(IVSHMEM_GUEST_DIR)/start.S $(IVSHMEM_GUEST_DIR)/guest.ld \
                      $(IVSHMEM_GUEST_DIR)/gcommon.h hw/sfpga/include/hw/sfpga_regs.h
TEST_TARGETS += $(IVSHMEM_GUESTS)

$(BUILD)/tests/hw/ivshmem/guest/%.elf: $(IVSHMEM_GUEST_DIR)/%.c $(IVSHMEM_GUEST_DEPS)
	@mkdir -p $(dir $@)
	$(CROSS)gcc -std=c11 -Wall -Wextra -Werror -O2 -ffreestanding -nostdlib -nostartfiles \
	    -mgeneral-regs-only -static -Wl,--no-warn-rwx-segments -Ihw/sfpga/include \
	    -T $(IVSHMEM_GUEST_DIR)/guest.ld -o $@ $(IVSHMEM_GUEST_DIR)/start.S $<

IVSHMEM_TEST_PROBE := $(BUILD)/tests/hw/ivshmem/model_probe
TEST_TARGETS += $(IVSHMEM_TEST_PROBE)

$(IVSHMEM_TEST_PROBE): tests/hw/ivshmem/model_probe.c $(IVSHMEM_FAKE_SRC) $(IVSHMEM_FAKE_HDRS) $(IVSHMEM_LIB)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -I$(IVSHMEM_DIR)/include -o $@ $< $(IVSHMEM_FAKE_SRC) $(IVSHMEM_LIB)

# The device-model process: every model hw/ builds, behind the transport.
# (libsgpu.a is named by path: hw/sgpu/build.mk is read after this file.)
IVSHMEM_MODEL := $(BUILD)/hw/vcoproc-model
IVSHMEM_MODEL_CFLAGS := $(IVSHMEM_CFLAGS) -Ihw/common/include -Ihw/sfpga/include
IVSHMEM_MODEL_DEPS := $(IVSHMEM_LIB) $(BUILD)/hw/libsfpga.a $(BUILD)/hw/libhwcommon.a
IVSHMEM_MODEL_LIBS := $(BUILD)/hw/libsfpga.a
ifneq ($(wildcard hw/sgpu/include/hw/sgpu.h),)
IVSHMEM_MODEL_CFLAGS += -Ihw/sgpu/include -DVCOPROC_MODEL_SGPU
IVSHMEM_MODEL_DEPS += $(BUILD)/hw/libsgpu.a
IVSHMEM_MODEL_LIBS += $(BUILD)/hw/libsgpu.a
IVSHMEM_MODEL_SYSLIBS := -lOpenCL -lm
endif
ALL_TARGETS += $(IVSHMEM_MODEL)

$(IVSHMEM_OUT)/vcoproc_model.o: $(IVSHMEM_DIR)/vcoproc_model.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(IVSHMEM_MODEL_CFLAGS) -c $< -o $@

$(IVSHMEM_MODEL): $(IVSHMEM_OUT)/vcoproc_model.o $(IVSHMEM_MODEL_DEPS)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $< $(IVSHMEM_LIB) $(IVSHMEM_MODEL_LIBS) \
	    $(BUILD)/hw/libhwcommon.a -lpthread $(IVSHMEM_MODEL_SYSLIBS)

-include $(IVSHMEM_OUT)/vcoproc_model.d
