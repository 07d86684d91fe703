#!/bin/sh
# Linux boot overhead: the same Debian kernel and initramfs booted as a domain
# of the hypervisor and by QEMU directly, in one run. The guest's own
# /proc/uptime when init starts is compared (the ratio is the overhead of
# virtualisation on boot); the hypervisor's CNTPCT at the domain's first
# instruction is reported beside it.
cd "$(dirname "$0")/../.."
out=${BUILD:-build}/bench
mkdir -p "$out"
json=$out/linux.json
hyp_log=$out/linux-hyp.log
nat_log=$out/linux-native.log

# Emulated time is noisy on a shared host: each side boots RUNS times,
# alternating, and the best (smallest) uptime of each is compared.
RUNS=${LINUX_BENCH_RUNS:-3}
hyp=""
nat=""
best() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b + 0 < a + 0) print b; else print a }'; }
i=0
while [ $i -lt "$RUNS" ]; do
    sh scripts/run-system.sh bench/hyp/linux-solo.dts --timeout 300 --out "$out/linux-hyp" \
        >"$hyp_log" 2>&1 || { echo "hypervisor Linux run failed: $hyp_log"; exit 1; }
    timeout 300 qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a57 -smp 2 -m 256M \
        -nographic -nodefaults -serial stdio -monitor none -no-reboot \
        -kernel build/linux/Image -initrd build/linux/initramfs.cpio.gz \
        -append "console=ttyAMA0 rdinit=/init quiet" >"$nat_log" 2>&1 ||
        { echo "native Linux run failed: $nat_log"; exit 1; }
    h=$(sed -n 's/^(d1) LINUX-INIT boot=1 uptime=\([0-9.]*\).*/\1/p' "$hyp_log" | head -1)
    n=$(sed -n 's/^LINUX-INIT boot=[0-9]* uptime=\([0-9.]*\).*/\1/p' "$nat_log" | tr -d '\r' | head -1)
    [ -n "$h" ] && [ -n "$n" ] || { echo "missing uptime in $hyp_log / $nat_log"; exit 1; }
    hyp=$(best "$hyp" "$h")
    nat=$(best "$nat" "$n")
    i=$((i + 1))
done
entry=$(sed -n 's/.*entry at tick \([0-9]*\).*/\1/p' "$hyp_log" | head -1)
first=$(sed -n 's/.*d1 (linux): exit code.*first entry at tick \([0-9]*\).*/\1/p' "$hyp_log" | head -1)
freq=$(sed -n 's/.*counter \([0-9]*\) Hz.*/\1/p' "$hyp_log" | head -1)
[ -n "$hyp" ] && [ -n "$nat" ] && [ -n "$first" ] || { echo "missing measurements in $hyp_log / $nat_log"; exit 1; }

cat >"$json" <<JSON
{
  "kernel": "$(cat build/linux/VERSION)",
  "uptime_at_init_s": { "hypervisor": $hyp, "native_qemu": $nat, "best_of": $RUNS },
  "ratio_hypervisor_over_native": $(awk -v a="$hyp" -v b="$nat" 'BEGIN { printf "%.3f", a / b }'),
  "hypervisor_entry_to_domain_first_insn_ticks": $((first - entry)),
  "counter_hz": $freq
}
JSON
awk -v h="$hyp" -v n="$nat" -v t="$((first - entry))" -v f="$freq" 'BEGIN {
    printf "%-52s %12s\n", "Linux boot (QEMU, emulated time)", "seconds"
    printf "%-52s %12.2f\n", "uptime at init, as a domain of the hypervisor (best)", h
    printf "%-52s %12.2f\n", "uptime at init, booted by QEMU directly (best)", n
    printf "%-52s %12.2f\n", "ratio hypervisor / native", h / n
    printf "%-52s %12.3f\n", "hypervisor entry -> Linux first instruction", t / f
}'
echo "json: $json"
