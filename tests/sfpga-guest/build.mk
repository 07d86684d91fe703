# tests/sfpga-guest: host tests of the SFPGA slot driver and the tenant
# workloads on the in-process SFPGA model (tests/suites/sfpga-guest.sh).
# Built with ASan/UBSan: the library and the DT reader take device and
# guest input, so out-of-bounds accesses must fail the test.
SFPGAGT_DIR  := tests/sfpga-guest
SFPGAGT_BIN  := $(BUILD)/sfpga-guest/test_sfpga_guest
SFPGAGT_DTB  := $(BUILD)/sfpga-guest/tenant.dtb
SFPGAGT_SRCS := $(addprefix $(SFPGAGT_DIR)/,main.c host_env.c test_drv.c test_accel.c \
    test_tenants.c test_spatial.c test_dt.c) guest-frontends/apps-fpga/rt/tenant_dt.c
SFPGAGT_SAN  := -fsanitize=address,undefined -fno-sanitize-recover=undefined
SFPGAGT_LIBS := $(BUILD)/sfpga-guest/libfpga-tenants-host.a $(BUILD)/sfpga-guest/libsfpga-guest-host.a \
    $(BUILD)/hw/libsfpga.a $(BUILD)/hw/libhwcommon.a

$(SFPGAGT_BIN): $(SFPGAGT_SRCS) $(wildcard $(SFPGAGT_DIR)/*.h) $(SFPGAGT_LIBS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(SFPGAGT_SAN) -Itests/include -I$(SFPGAGT_DIR) \
	    -Iguest-frontends/apps-fpga/include -Iguest-frontends/apps-fpga/rt \
	    -Iguest-frontends/sfpga/include -Iguest-frontends/sgpu/include \
	    -Ihw/sfpga/include -Ihw/common/include -o $@ $(SFPGAGT_SRCS) $(SFPGAGT_LIBS) \
	    -lpthread -lcrypto

$(SFPGAGT_DTB): $(SFPGAGT_DIR)/tenant.dts
	@mkdir -p $(dir $@)
	dtc -q -I dts -O dtb -o $@ $<

TEST_TARGETS += $(SFPGAGT_BIN) $(SFPGAGT_DTB)
.PHONY: sfpga-guest-tests
sfpga-guest-tests: $(SFPGAGT_BIN) $(SFPGAGT_DTB)
