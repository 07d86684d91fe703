# guest-frontends/apps: the SGPU workloads (cluster, ivi, checker) as
# library functions, built for guests (build/guests/libsgpu-apps.a) and the
# host (build/sgpu-guest/libsgpu-apps-host.a); and the bare-metal guests
# build/guests/sgpu-{cluster,ivi,checker}.bin (rt main + the rt environment).
SGPUAPPS_DIR  := guest-frontends/apps
SGPUAPPS_SRCS := $(addprefix $(SGPUAPPS_DIR)/src/,cluster.c ivi.c checker.c ref.c apps_util.c)
# This fragment is read before guest-frontends/build.mk and sgpu/build.mk
# (the top Makefile sorts them), so nothing here may use their variables at
# parse time: flags are recursive, header lists are spelled out.
SGPUAPPS_HDRS := $(wildcard $(SGPUAPPS_DIR)/include/apps/*.h $(SGPUAPPS_DIR)/src/*.h $(SGPUAPPS_DIR)/rt/*.h \
    guest-frontends/sgpu/include/sgpu/*.h) hw/sgpu/include/hw/sgpu_regs.h
SGPUAPPS_INC  := -I$(SGPUAPPS_DIR)/include -Iguest-frontends/sgpu/include -Ihw/sgpu/include
# Floats must round as the device's do; the float planes are also read as
# words when compared, hence no strict aliasing.
SGPUAPPS_GUEST_CFLAGS = $(GUESTS_CFLAGS) -ffp-contract=off -fno-strict-aliasing $(SGPUAPPS_INC)
SGPUAPPS_HOST_CFLAGS  := $(HOST_CFLAGS) -ffreestanding -ffp-contract=off -fno-strict-aliasing $(SGPUAPPS_INC)

SGPUAPPS_GUEST_OBJS := $(patsubst $(SGPUAPPS_DIR)/src/%.c,$(BUILD)/guests/obj/sgpu-apps/%.o,$(SGPUAPPS_SRCS))
SGPUAPPS_HOST_OBJS  := $(patsubst $(SGPUAPPS_DIR)/src/%.c,$(BUILD)/sgpu-guest/obj/apps/%.o,$(SGPUAPPS_SRCS))
SGPUAPPS_GUEST_LIB  := $(BUILD)/guests/libsgpu-apps.a
SGPUAPPS_HOST_LIB   := $(BUILD)/sgpu-guest/libsgpu-apps-host.a

$(BUILD)/guests/obj/sgpu-apps/%.o: $(SGPUAPPS_DIR)/src/%.c $(SGPUAPPS_HDRS)
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(SGPUAPPS_GUEST_CFLAGS) -c $< -o $@

$(BUILD)/sgpu-guest/obj/apps/%.o: $(SGPUAPPS_DIR)/src/%.c $(SGPUAPPS_HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(SGPUAPPS_HOST_CFLAGS) -c $< -o $@

$(SGPUAPPS_GUEST_LIB): $(SGPUAPPS_GUEST_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && $(CROSS)ar rcs $@ $^

$(SGPUAPPS_HOST_LIB): $(SGPUAPPS_HOST_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

ALL_TARGETS += $(SGPUAPPS_GUEST_LIB) $(SGPUAPPS_HOST_LIB)
.PHONY: sgpu-apps
sgpu-apps: $(SGPUAPPS_GUEST_LIB) $(SGPUAPPS_HOST_LIB)

# The bare-metal guests. librt and libsgpu-guest.a are named by path: their
# variables are not defined yet when this fragment is read.
SGPUAPPS_RT_SRCS := $(addprefix $(SGPUAPPS_DIR)/rt/,guest_env.c guest_dt.c guest_main.c)
SGPUAPPS_RT_OBJS := $(patsubst $(SGPUAPPS_DIR)/rt/%.c,$(BUILD)/guests/obj/sgpu-apps/rt/%.o,$(SGPUAPPS_RT_SRCS))
SGPUAPPS_GUESTS  := cluster ivi checker regbench
SGPUAPPS_BINS    := $(foreach g,$(SGPUAPPS_GUESTS),$(BUILD)/guests/sgpu-$(g).bin)
SGPUAPPS_LINK_LIBS := $(SGPUAPPS_GUEST_LIB) $(BUILD)/guests/libsgpu-guest.a

$(BUILD)/guests/obj/sgpu-apps/rt/%.o: $(SGPUAPPS_DIR)/rt/%.c $(SGPUAPPS_HDRS)
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(SGPUAPPS_GUEST_CFLAGS) -c $< -o $@

$(BUILD)/guests/sgpu-%.bin: $(BUILD)/guests/obj/sgpu-apps/rt/main_%.o $(SGPUAPPS_RT_OBJS) $(SGPUAPPS_LINK_LIBS) \
		$(BUILD)/guests/librt.a guest-frontends/rt/guest.ld
	$(call guests_link,$(BUILD)/guests/sgpu-$*,$< $(SGPUAPPS_RT_OBJS) $(SGPUAPPS_LINK_LIBS))

ALL_TARGETS += $(SGPUAPPS_BINS)
sgpu-apps: $(SGPUAPPS_BINS)
# Keep the main objects (make would delete them as intermediates).
.SECONDARY: $(foreach g,$(SGPUAPPS_GUESTS),$(BUILD)/guests/obj/sgpu-apps/rt/main_$(g).o)
