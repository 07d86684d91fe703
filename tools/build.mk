# Host tools. sysdt: builds the system DTB and QEMU argument file from a board
# DTB and a system description (see docs/system-config.md).
TOOLS_OUT       := $(BUILD)/tools
TOOLS_OBJ       := $(TOOLS_OUT)/obj
TOOLS_SYSDT_SRC := $(wildcard tools/sysdt/*.c)
TOOLS_SYSDT_OBJ := $(patsubst tools/sysdt/%.c,$(TOOLS_OBJ)/sysdt/%.o,$(TOOLS_SYSDT_SRC))
TOOLS_SYSDT     := $(TOOLS_OUT)/sysdt

$(TOOLS_OBJ)/sysdt/%.o: tools/sysdt/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

$(TOOLS_SYSDT): $(TOOLS_SYSDT_OBJ)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $^ -lfdt

-include $(TOOLS_SYSDT_OBJ:.o=.d)

ALL_TARGETS += $(TOOLS_SYSDT)

# Test-only: sysdt with AddressSanitizer and UBSan, for the mutated-input test.
TOOLS_SYSDT_SAN     := $(TOOLS_OUT)/test/sysdt-san
TOOLS_SAN_FLAGS     := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
TOOLS_SYSDT_SAN_OBJ := $(patsubst tools/sysdt/%.c,$(TOOLS_OBJ)/sysdt-san/%.o,$(TOOLS_SYSDT_SRC))

$(TOOLS_OBJ)/sysdt-san/%.o: tools/sysdt/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(TOOLS_SAN_FLAGS) -MMD -MP -c $< -o $@

$(TOOLS_SYSDT_SAN): $(TOOLS_SYSDT_SAN_OBJ)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(TOOLS_SAN_FLAGS) -o $@ $^ -lfdt

-include $(TOOLS_SYSDT_SAN_OBJ:.o=.d)

TEST_TARGETS += $(TOOLS_SYSDT_SAN)

# Test-only: libFuzzer target over sysdt's input handling (clang), built from
# every sysdt file but the CLI and the exiting error path.
TOOLS_FUZZ_SYSDT     := $(TOOLS_OUT)/test/fuzz-sysdt
TOOLS_CLANG          ?= clang
TOOLS_FUZZ_FLAGS     := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
TOOLS_FUZZ_SRC       := $(filter-out tools/sysdt/cli.c tools/sysdt/diag.c,$(TOOLS_SYSDT_SRC))
TOOLS_FUZZ_OBJ       := $(patsubst tools/sysdt/%.c,$(TOOLS_OBJ)/sysdt-fuzz/%.o,$(TOOLS_FUZZ_SRC)) \
                        $(TOOLS_OBJ)/sysdt-fuzz/fuzz_sysdt.o

$(TOOLS_OBJ)/sysdt-fuzz/%.o: tools/sysdt/%.c
	@mkdir -p $(dir $@)
	$(TOOLS_CLANG) $(HOST_CFLAGS) $(TOOLS_FUZZ_FLAGS) -MMD -MP -c $< -o $@

$(TOOLS_OBJ)/sysdt-fuzz/fuzz_sysdt.o: tests/tools/fuzz_sysdt.c
	@mkdir -p $(dir $@)
	$(TOOLS_CLANG) $(HOST_CFLAGS) $(TOOLS_FUZZ_FLAGS) -MMD -MP -c $< -o $@

$(TOOLS_FUZZ_SYSDT): $(TOOLS_FUZZ_OBJ)
	@mkdir -p $(dir $@)
	$(TOOLS_CLANG) $(HOST_CFLAGS) $(TOOLS_FUZZ_FLAGS) -o $@ $^ -lfdt

-include $(TOOLS_FUZZ_OBJ:.o=.d)

TEST_TARGETS += $(TOOLS_FUZZ_SYSDT)

# Test-only: a stand-in hypervisor image (tests/tools/fake_xen.S) that lets the
# launcher be tested end to end before, or without, the real one.
TOOLS_FAKE_XEN      := $(TOOLS_OUT)/test/fake-xen.bin
TOOLS_FAKE_XEN_SPIN := $(TOOLS_OUT)/test/fake-xen-spin.bin
TOOLS_FAKE_XEN_FLAGS := -nostdlib -nostartfiles -static -Wl,-Ttext=0 -Wl,--build-id=none

$(TOOLS_OUT)/test/fake-xen.elf: tests/tools/fake_xen.S
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(TOOLS_FAKE_XEN_FLAGS) -o $@ $<

$(TOOLS_OUT)/test/fake-xen-spin.elf: tests/tools/fake_xen.S
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(TOOLS_FAKE_XEN_FLAGS) -DFAKE_XEN_SPIN -o $@ $<

$(TOOLS_OUT)/test/%.bin: $(TOOLS_OUT)/test/%.elf
	$(CROSS)objcopy -O binary $< $@

TEST_TARGETS += $(TOOLS_FAKE_XEN) $(TOOLS_FAKE_XEN_SPIN)
