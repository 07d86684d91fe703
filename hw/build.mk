# hw/: device models. This file builds the shared pieces (hw/common) that
# every model links; each model adds its own rules in hw/<model>/build.mk.
HW_BUILD := $(BUILD)/hw
HW_CFLAGS := $(HOST_CFLAGS) -Ihw/common/include

HWCOMMON_SRCS := hw/common/src/mem.c
HWCOMMON_OBJS := $(patsubst hw/%.c,$(HW_BUILD)/obj/%.o,$(HWCOMMON_SRCS))
HWCOMMON_LIB  := $(HW_BUILD)/libhwcommon.a

$(HW_BUILD)/obj/common/%.o: hw/common/%.c $(wildcard hw/common/include/hw/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HW_CFLAGS) -c $< -o $@

$(HWCOMMON_LIB): $(HWCOMMON_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

ALL_TARGETS += $(HWCOMMON_LIB)

HWCOMMON_TEST := $(HW_BUILD)/tests/test-hw-mem
$(HWCOMMON_TEST): tests/hw/common/test_mem.c tests/hw/common/pt.c $(HWCOMMON_LIB) tests/include/check.h \
		tests/hw/common/pt.h $(wildcard hw/common/include/hw/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HW_CFLAGS) -Itests/include tests/hw/common/test_mem.c tests/hw/common/pt.c $(HWCOMMON_LIB) \
	    -lpthread -o $@

TEST_TARGETS += $(HWCOMMON_TEST)
.PHONY: hw-common
hw-common: $(HWCOMMON_LIB) $(HWCOMMON_TEST)
