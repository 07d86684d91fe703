# tests/sgpu-guest: host tests of the SGPU guest library and workloads
# against the in-process SGPU model (tests/suites/sgpu-guest.sh).
SGPUGT_DIR   := tests/sgpu-guest
SGPUGT_OUT   := $(BUILD)/sgpu-guest/tests
SGPUGT_TESTS := $(SGPUGT_OUT)/test-sgpu-drv $(SGPUGT_OUT)/test-sgpu-apps
SGPUGT_CFLAGS := $(HOST_CFLAGS) -ffp-contract=off -fno-strict-aliasing -Itests/include -I$(SGPUGT_DIR) \
    -Iguest-frontends/sgpu/include -Iguest-frontends/apps/include -Ihw/sgpu/include -Ihw/common/include
SGPUGT_DEPS  := $(SGPUGT_DIR)/host_env.c $(wildcard $(SGPUGT_DIR)/*.h) $(SGPUAPPS_HOST_LIB) $(SGPUDRV_HOST_LIB) \
    $(SGPU_LIB) $(HWCOMMON_LIB)

$(SGPUGT_OUT)/test-sgpu-%: $(SGPUGT_DIR)/test_sgpu_%.c $(SGPUGT_DEPS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(SGPUGT_CFLAGS) $< $(SGPUGT_DIR)/host_env.c $(SGPUAPPS_HOST_LIB) $(SGPUDRV_HOST_LIB) \
	    $(SGPU_LIB) $(SGPU_LDLIBS) -o $@

TEST_TARGETS += $(SGPUGT_TESTS)
.PHONY: sgpu-guest-tests
sgpu-guest-tests: $(SGPUGT_TESTS)

# The guests' DT reader, on the host under ASan/UBSan.
SGPUGT_DT := $(SGPUGT_OUT)/test-guest-dt
$(SGPUGT_DT): $(SGPUGT_DIR)/test_guest_dt.c guest-frontends/apps/rt/guest_dt.c guest-frontends/apps/rt/guest_dt.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -fsanitize=address,undefined -fno-sanitize-recover=undefined -Itests/include \
	    -Iguest-frontends/apps/rt $< guest-frontends/apps/rt/guest_dt.c -o $@
TEST_TARGETS += $(SGPUGT_DT)
sgpu-guest-tests: $(SGPUGT_DT)
