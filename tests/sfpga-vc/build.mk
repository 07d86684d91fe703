# tests/sfpga-vc: the SFPGA vcoproc driver on the simulator, running the
# native slot library and the tenant workloads as simulated guests.
SFPGAVC_TEST := $(BUILD)/tests/sfpga-vc/test_sfpga_vc
SFPGAVC_TEST_SRCS := $(addprefix tests/sfpga-vc/,test_sfpga_vc.c rig.c guests.c)
SFPGAVC_TEST_CFLAGS := $(SIM_CFLAGS) -Itests/include -Ivcoproc-drivers/sfpga \
	-Iguest-frontends/sfpga/include -Iguest-frontends/apps-fpga/include
SFPGAVC_TEST_OBJS := $(patsubst tests/sfpga-vc/%.c,$(BUILD)/tests/sfpga-vc/%.o,$(SFPGAVC_TEST_SRCS))

$(BUILD)/tests/sfpga-vc/%.o: tests/sfpga-vc/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(SFPGAVC_TEST_CFLAGS) -c $< -o $@

$(SFPGAVC_TEST): $(SFPGAVC_TEST_OBJS) $(SIM_LINK)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $^ $(SIM_LDLIBS)

TEST_TARGETS += $(SFPGAVC_TEST)
-include $(SFPGAVC_TEST_OBJS:.o=.d)
