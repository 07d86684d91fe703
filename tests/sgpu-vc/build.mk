# tests/sgpu-vc: the SGPU vcoproc driver on the simulator, running the
# native SGPU guest driver library and the real apps as simulated guests.
SGPUVC_TEST := $(BUILD)/tests/sgpu-vc/test_sgpu_vc
SGPUVC_TEST_SRCS := $(addprefix tests/sgpu-vc/,test_sgpu_vc.c rig.c wl.c wlref.c apps.c test_apps.c)
SGPUVC_TEST_LIBS := $(BUILD)/sgpu-guest/libsgpu-apps-host.a $(BUILD)/sgpu-guest/libsgpu-guest-host.a
# the references must round like the device: no fused multiply-add
SGPUVC_TEST_CFLAGS := $(SIM_CFLAGS) -ffp-contract=off -Itests/include -Iguest-frontends/apps/include
SGPUVC_TEST_OBJS := $(patsubst tests/sgpu-vc/%.c,$(BUILD)/tests/sgpu-vc/%.o,$(SGPUVC_TEST_SRCS))

$(BUILD)/tests/sgpu-vc/%.o: tests/sgpu-vc/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(SGPUVC_TEST_CFLAGS) -c $< -o $@

$(SGPUVC_TEST): $(SGPUVC_TEST_OBJS) $(SGPUVC_TEST_LIBS) $(SIM_LINK)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $^ $(SIM_LDLIBS)

TEST_TARGETS += $(SGPUVC_TEST)
-include $(SGPUVC_TEST_OBJS:.o=.d)
