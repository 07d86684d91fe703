# bench/sgpu: the GPU-sharing benchmark on the simulator (bench/suites/sgpu.sh).
#   $(BUILD)/bench-sgpu/ivi-passthrough  the IVI app alone on the SGPU model,
#                                        passed through (no hypervisor)
# It compiles tests/sgpu-guest/host_env.c in (the host environment of the
# SGPU guest library). This fragment is read before guest-frontends/, hw/
# and tests/ (the top Makefile sorts them), so the libraries it links are
# named by path, not by their variables.
BSGPU_OUT    := $(BUILD)/bench-sgpu
BSGPU_PT     := $(BSGPU_OUT)/ivi-passthrough
BSGPU_LIBS   := $(BUILD)/sgpu-guest/libsgpu-apps-host.a $(BUILD)/sgpu-guest/libsgpu-guest-host.a \
    $(BUILD)/hw/libsgpu.a $(BUILD)/hw/libhwcommon.a
BSGPU_CFLAGS := $(HOST_CFLAGS) -MMD -MP -Itests/sgpu-guest -Iguest-frontends/sgpu/include \
    -Iguest-frontends/apps/include -Ihw/sgpu/include -Ihw/common/include

$(BSGPU_OUT)/obj/%.o: bench/sgpu/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(BSGPU_CFLAGS) -c $< -o $@

$(BSGPU_OUT)/obj/host_env.o: tests/sgpu-guest/host_env.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(BSGPU_CFLAGS) -c $< -o $@

$(BSGPU_PT): $(BSGPU_OUT)/obj/ivi_passthrough.o $(BSGPU_OUT)/obj/host_env.o $(BSGPU_LIBS)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $^ -lOpenCL -lm

BENCH_TARGETS += $(BSGPU_PT)
.PHONY: bench-sgpu
bench-sgpu: $(BSGPU_PT) $(BUILD)/sim/vcsim
-include $(BSGPU_OUT)/obj/ivi_passthrough.d $(BSGPU_OUT)/obj/host_env.d
