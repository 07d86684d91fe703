# guest-frontends/sfpga: the native SFPGA slot driver library, built twice
# from the same sources: for bare-metal guests (build/guests/libsfpga-guest.a,
# linked with librt) and for the host (build/sfpga-guest/libsfpga-guest-host.a,
# for the simulator and the host tests). The environment interface is the
# SGPU library's (guest-frontends/sgpu/include/sgpu/env.h).
SFPGADRV_DIR  := guest-frontends/sfpga
SFPGADRV_SRCS := $(addprefix $(SFPGADRV_DIR)/src/,fpga_slot.c fpga_load.c fpga_bitstream.c \
    fpga_job.c fpga_buf.c fpga_mem.c fpga_sha256.c fpga_crc32c.c \
    fpga_aes128ctr.c fpga_fir.c fpga_matmul8.c fpga_names.c fpga_line.c)
SFPGADRV_HDRS := $(wildcard $(SFPGADRV_DIR)/include/sfpga/*.h $(SFPGADRV_DIR)/src/*.h) \
    guest-frontends/sgpu/include/sgpu/env.h hw/sfpga/include/hw/sfpga_regs.h
SFPGADRV_INC  := -I$(SFPGADRV_DIR)/include -Iguest-frontends/sgpu/include -Ihw/sfpga/include
SFPGADRV_HOST_CFLAGS := $(HOST_CFLAGS) -ffreestanding $(SFPGADRV_INC)

SFPGADRV_GUEST_OBJS := $(patsubst $(SFPGADRV_DIR)/src/%.c,$(BUILD)/guests/obj/sfpga/%.o,$(SFPGADRV_SRCS))
SFPGADRV_HOST_OBJS  := $(patsubst $(SFPGADRV_DIR)/src/%.c,$(BUILD)/sfpga-guest/obj/sfpga/%.o,$(SFPGADRV_SRCS))
SFPGADRV_GUEST_LIB  := $(BUILD)/guests/libsfpga-guest.a
SFPGADRV_HOST_LIB   := $(BUILD)/sfpga-guest/libsfpga-guest-host.a

$(BUILD)/guests/obj/sfpga/%.o: $(SFPGADRV_DIR)/src/%.c $(SFPGADRV_HDRS)
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(GUESTS_CFLAGS) $(SFPGADRV_INC) -c $< -o $@

$(BUILD)/sfpga-guest/obj/sfpga/%.o: $(SFPGADRV_DIR)/src/%.c $(SFPGADRV_HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(SFPGADRV_HOST_CFLAGS) -c $< -o $@

$(SFPGADRV_GUEST_LIB): $(SFPGADRV_GUEST_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && $(CROSS)ar rcs $@ $^

$(SFPGADRV_HOST_LIB): $(SFPGADRV_HOST_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

ALL_TARGETS += $(SFPGADRV_GUEST_LIB) $(SFPGADRV_HOST_LIB)
.PHONY: sfpga-guest-lib
sfpga-guest-lib: $(SFPGADRV_GUEST_LIB) $(SFPGADRV_HOST_LIB)
