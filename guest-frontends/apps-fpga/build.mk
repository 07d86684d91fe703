# guest-frontends/apps-fpga: the SFPGA tenant workloads and their guest-side
# references, built for the guest (build/guests/libfpga-tenants.a, and the
# rt guest build/guests/fpga-tenant.bin) and for the host
# (build/sfpga-guest/libfpga-tenants-host.a, for the simulator and tests).
# This file is read before guest-frontends/build.mk (names sort so): guest
# flags and librt are therefore used only in recipes, expanded late.
FPGAAPPS_DIR  := guest-frontends/apps-fpga
FPGAAPPS_SRCS := $(addprefix $(FPGAAPPS_DIR)/src/,ref_sha256.c ref_aes128.c ref_crc32c.c ref_fir.c ref_matmul8.c \
    tenant.c tenant_sha256.c tenant_aes.c tenant_crc32c.c tenant_fir.c tenant_matmul.c)
FPGAAPPS_RT_SRCS := $(addprefix $(FPGAAPPS_DIR)/rt/,fpga_tenant.c tenant_rt_env.c tenant_dt.c)
FPGAAPPS_HDRS := $(wildcard $(FPGAAPPS_DIR)/include/apps-fpga/*.h $(FPGAAPPS_DIR)/rt/*.h \
    guest-frontends/sfpga/include/sfpga/*.h) guest-frontends/sgpu/include/sgpu/env.h
FPGAAPPS_INC  := -I$(FPGAAPPS_DIR)/include -Iguest-frontends/sfpga/include \
    -Iguest-frontends/sgpu/include -Ihw/sfpga/include

FPGAAPPS_GUEST_OBJS := $(patsubst $(FPGAAPPS_DIR)/%.c,$(BUILD)/guests/obj/apps-fpga/%.o,$(FPGAAPPS_SRCS))
FPGAAPPS_RT_OBJS    := $(patsubst $(FPGAAPPS_DIR)/%.c,$(BUILD)/guests/obj/apps-fpga/%.o,$(FPGAAPPS_RT_SRCS))
FPGAAPPS_HOST_OBJS  := $(patsubst $(FPGAAPPS_DIR)/%.c,$(BUILD)/sfpga-guest/obj/apps-fpga/%.o,$(FPGAAPPS_SRCS))
FPGAAPPS_GUEST_LIB  := $(BUILD)/guests/libfpga-tenants.a
FPGAAPPS_HOST_LIB   := $(BUILD)/sfpga-guest/libfpga-tenants-host.a
FPGAAPPS_BIN        := $(BUILD)/guests/fpga-tenant.bin

$(BUILD)/guests/obj/apps-fpga/%.o: $(FPGAAPPS_DIR)/%.c $(FPGAAPPS_HDRS)
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(GUESTS_CFLAGS) $(FPGAAPPS_INC) -I$(FPGAAPPS_DIR)/rt -c $< -o $@

$(BUILD)/sfpga-guest/obj/apps-fpga/%.o: $(FPGAAPPS_DIR)/%.c $(FPGAAPPS_HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -ffreestanding $(FPGAAPPS_INC) -c $< -o $@

$(FPGAAPPS_GUEST_LIB): $(FPGAAPPS_GUEST_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && $(CROSS)ar rcs $@ $^

$(FPGAAPPS_HOST_LIB): $(FPGAAPPS_HOST_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(FPGAAPPS_BIN): $(FPGAAPPS_RT_OBJS) $(FPGAAPPS_GUEST_LIB) $(BUILD)/guests/libsfpga-guest.a \
		$(BUILD)/guests/librt.a guest-frontends/rt/guest.ld
	$(call guests_link,$(BUILD)/guests/fpga-tenant,$(FPGAAPPS_RT_OBJS) $(FPGAAPPS_GUEST_LIB) \
	    $(BUILD)/guests/libsfpga-guest.a)

ALL_TARGETS += $(FPGAAPPS_GUEST_LIB) $(FPGAAPPS_HOST_LIB) $(FPGAAPPS_BIN)
.PHONY: fpga-tenants
fpga-tenants: $(FPGAAPPS_GUEST_LIB) $(FPGAAPPS_HOST_LIB) $(FPGAAPPS_BIN)
