# guest-frontends/sgpu: the native SGPU driver library, built twice from the
# same sources: for bare-metal guests (build/guests/libsgpu-guest.a, linked
# with librt) and for the host (build/sgpu-guest/libsgpu-guest-host.a, for
# the simulator and the host tests).
SGPUDRV_DIR   := guest-frontends/sgpu
SGPUDRV_SRCS  := $(addprefix $(SGPUDRV_DIR)/src/,sgpu_dev.c sgpu_mmu.c sgpu_buf.c sgpu_cmd.c \
    sgpu_fence.c sgpu_kernel.c sgpu_err.c sgpu_fmt.c)
SGPUDRV_HDRS  := $(wildcard $(SGPUDRV_DIR)/include/sgpu/*.h $(SGPUDRV_DIR)/src/*.h) hw/sgpu/include/hw/sgpu_regs.h
SGPUDRV_INC   := -I$(SGPUDRV_DIR)/include -Ihw/sgpu/include
# Floats must round as the device's do (no fused multiply-add).
SGPUDRV_GUEST_CFLAGS := $(GUESTS_CFLAGS) -ffp-contract=off $(SGPUDRV_INC)
SGPUDRV_HOST_CFLAGS  := $(HOST_CFLAGS) -ffreestanding -ffp-contract=off $(SGPUDRV_INC)

SGPUDRV_GUEST_OBJS := $(patsubst $(SGPUDRV_DIR)/src/%.c,$(BUILD)/guests/obj/sgpu/%.o,$(SGPUDRV_SRCS))
SGPUDRV_HOST_OBJS  := $(patsubst $(SGPUDRV_DIR)/src/%.c,$(BUILD)/sgpu-guest/obj/sgpu/%.o,$(SGPUDRV_SRCS))
SGPUDRV_GUEST_LIB  := $(BUILD)/guests/libsgpu-guest.a
SGPUDRV_HOST_LIB   := $(BUILD)/sgpu-guest/libsgpu-guest-host.a

$(BUILD)/guests/obj/sgpu/%.o: $(SGPUDRV_DIR)/src/%.c $(SGPUDRV_HDRS)
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(SGPUDRV_GUEST_CFLAGS) -c $< -o $@

$(BUILD)/sgpu-guest/obj/sgpu/%.o: $(SGPUDRV_DIR)/src/%.c $(SGPUDRV_HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(SGPUDRV_HOST_CFLAGS) -c $< -o $@

$(SGPUDRV_GUEST_LIB): $(SGPUDRV_GUEST_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && $(CROSS)ar rcs $@ $^

$(SGPUDRV_HOST_LIB): $(SGPUDRV_HOST_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

ALL_TARGETS += $(SGPUDRV_GUEST_LIB) $(SGPUDRV_HOST_LIB)
.PHONY: sgpu-guest-lib
sgpu-guest-lib: $(SGPUDRV_GUEST_LIB) $(SGPUDRV_HOST_LIB)
