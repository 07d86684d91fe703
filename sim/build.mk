# sim/: the hosted simulator (platform implementation on virtual time, the
# synthetic device model, guest front-ends, scenarios) and its programs:
#   $(BUILD)/sim/vcsim        run a scenario: table, JSON, trace
#   $(BUILD)/sim/sched-bench  scheduler decision cost per pick (bench)
include sim/drivers.mk
SIM_LIB_SRCS := $(filter-out sim/main.c sim/sched_bench.c,$(sort $(wildcard sim/*.c)))
SIM_DRV_SRCS := $(sort $(foreach d,$(SIM_DRIVERS),$(wildcard vcoproc-drivers/$(d)/*.c)))
# scenario workloads on an SGPU run the apps of guest-frontends/apps on the
# native SGPU driver library (host builds), through its environment header
SIM_CFLAGS := $(HOST_CFLAGS) -MMD -MP -Iguest-frontends/sgpu/include -Isim/include $(COPROC_INC) \
	-Ihw/common/include -Ihw/sgpu/include -Ihw/sfpga/include
SIM_APPS_LIBS := $(BUILD)/sgpu-guest/libsgpu-apps-host.a $(BUILD)/sgpu-guest/libsgpu-guest-host.a
$(BUILD)/sim/obj/sgpu_apps.o: SIM_CFLAGS += -Iguest-frontends/apps/include
# FPGA tenants: guest-frontends/apps-fpga on the native slot library (host builds)
SIM_FPGA_LIBS := $(BUILD)/sfpga-guest/libfpga-tenants-host.a $(BUILD)/sfpga-guest/libsfpga-guest-host.a
$(BUILD)/sim/obj/sfpga_apps.o: SIM_CFLAGS += -Iguest-frontends/apps-fpga/include \
	-Iguest-frontends/sfpga/include
# the table and JSON read the SFPGA driver's statistics
$(BUILD)/sim/obj/report.o: SIM_CFLAGS += -Ivcoproc-drivers/sfpga
SIM_LIB_OBJS := $(patsubst sim/%.c,$(BUILD)/sim/obj/%.o,$(SIM_LIB_SRCS))
SIM_DRV_OBJS := $(patsubst %.c,$(BUILD)/sim/drv/%.o,$(SIM_DRV_SRCS))
SIM_LIB := $(BUILD)/sim/libsim.a
# what a program linking the simulator needs, in link order (drivers are
# objects, not archive members, so their registration is always kept)
SIM_LINK := $(SIM_DRV_OBJS) $(SIM_LIB) $(SIM_APPS_LIBS) $(SIM_FPGA_LIBS) $(COPROC_LIB) \
	$(BUILD)/hw/libsgpu.a $(BUILD)/hw/libsfpga.a $(BUILD)/hw/libhwcommon.a
SIM_LDLIBS := -lOpenCL -lm
SIM_VCSIM := $(BUILD)/sim/vcsim
SIM_SCHED_BENCH := $(BUILD)/sim/sched-bench

$(BUILD)/sim/obj/%.o: sim/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(SIM_CFLAGS) -c $< -o $@

$(BUILD)/sim/drv/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(SIM_CFLAGS) -c $< -o $@

$(SIM_LIB): $(SIM_LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(SIM_VCSIM): $(BUILD)/sim/obj/main.o $(SIM_LINK)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $^ $(SIM_LDLIBS)

$(SIM_SCHED_BENCH): $(BUILD)/sim/obj/sched_bench.o $(SIM_LINK)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $^ $(SIM_LDLIBS)

ALL_TARGETS += $(SIM_VCSIM)
BENCH_TARGETS += $(SIM_SCHED_BENCH)
.PHONY: sim-all
sim-all: $(SIM_VCSIM) $(SIM_SCHED_BENCH)
-include $(SIM_LIB_OBJS:.o=.d) $(SIM_DRV_OBJS:.o=.d) $(BUILD)/sim/obj/main.d \
	$(BUILD)/sim/obj/sched_bench.d
