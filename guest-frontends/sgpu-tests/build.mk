# guest-frontends/sgpu-tests: the SGPU attack and stress guest for the QEMU
# isolation tests (tests/suites/qemu-sgpu-isolation.sh):
# build/sgpu-tests/sgpu-attack.bin, one rt image whose mode comes from the
# DT bootargs. It links the native SGPU library and the apps' rt
# environment (objects built by guest-frontends/apps/build.mk), named by
# path: their fragments' variables may not be defined yet when this one is
# read, so nothing here uses them at parse time.
SGPUTESTS_DIR  := guest-frontends/sgpu-tests
SGPUTESTS_OUT  := $(BUILD)/sgpu-tests
SGPUTESTS_SRCS := $(addprefix $(SGPUTESTS_DIR)/src/,main.c sgt.c sgt_s2.c sgt_regs.c \
    sgt_priv.c sgt_storm.c sgt_forever.c sgt_fence64.c)
SGPUTESTS_OBJS := $(patsubst $(SGPUTESTS_DIR)/src/%.c,$(SGPUTESTS_OUT)/obj/%.o,$(SGPUTESTS_SRCS))
SGPUTESTS_HDRS  = $(wildcard $(SGPUTESTS_DIR)/src/*.h guest-frontends/apps/rt/*.h \
    guest-frontends/sgpu/include/sgpu/*.h) hw/sgpu/include/hw/sgpu_regs.h
SGPUTESTS_CFLAGS = $(GUESTS_CFLAGS) -Iguest-frontends/apps/rt -Iguest-frontends/sgpu/include \
    -Ihw/sgpu/include
SGPUTESTS_ENV_OBJS := $(addprefix $(BUILD)/guests/obj/sgpu-apps/rt/,guest_env.o guest_dt.o guest_main.o)
SGPUTESTS_BIN  := $(SGPUTESTS_OUT)/sgpu-attack.bin

$(SGPUTESTS_OUT)/obj/%.o: $(SGPUTESTS_DIR)/src/%.c $(SGPUTESTS_HDRS)
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(SGPUTESTS_CFLAGS) -c $< -o $@

$(SGPUTESTS_BIN): $(SGPUTESTS_OBJS) $(SGPUTESTS_ENV_OBJS) $(BUILD)/guests/libsgpu-guest.a \
		$(BUILD)/guests/librt.a guest-frontends/rt/guest.ld
	$(call guests_link,$(SGPUTESTS_OUT)/sgpu-attack,$(SGPUTESTS_OBJS) $(SGPUTESTS_ENV_OBJS) \
	    $(BUILD)/guests/libsgpu-guest.a)

TEST_TARGETS += $(SGPUTESTS_BIN)
.PHONY: sgpu-tests
sgpu-tests: $(SGPUTESTS_BIN)
