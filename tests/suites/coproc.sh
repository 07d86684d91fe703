#!/bin/sh
# coproc/ framework suite: unit tests of the framework, schedulers and
# statistics (on the simulator platform), and the freestanding proof: the
# arm64 objects of coproc/ and of the synthetic driver may need nothing but
# each other, the platform interface (platform_*), the driver-table bounds
# and the compiler's memcpy/memset.
B=${BUILD:-build}
for t in test_framework test_sched test_stats; do
    if [ -x "$B/tests/coproc/$t" ]; then
        timeout 120 "$B/tests/coproc/$t" || true
    else
        echo "FAIL coproc_$t: $B/tests/coproc/$t not built"
    fi
done

objs=$(find "$B/coproc/arm64" "$B/vcoproc-drivers/synthetic/arm64" -name '*.o' 2>/dev/null)
if [ -z "$objs" ]; then
    echo "FAIL coproc_freestanding_arm64: no arm64 objects under $B/coproc/arm64"
else
    n=$(echo "$objs" | wc -l)
    bad_arch=$(for o in $objs; do file "$o" 2>/dev/null | grep -q aarch64 || echo "$o"; done)
    defined=$(aarch64-linux-gnu-nm --defined-only $objs | awk 'NF==3 {print $3}' | sort -u)
    undef=$(aarch64-linux-gnu-nm -u $objs | awk 'NF==2 {print $2}' | sort -u)
    missing=""
    for s in $undef; do
        case "$s" in
        platform_*|__start_coproc_drivers|__stop_coproc_drivers|memcpy|memset|memmove|memcmp) ;;
        *) echo "$defined" | grep -qx "$s" || missing="$missing $s" ;;
        esac
    done
    if [ -n "$bad_arch" ] && command -v file >/dev/null; then
        echo "FAIL coproc_freestanding_arm64: not aarch64 objects:$bad_arch"
    elif [ -n "$missing" ]; then
        echo "FAIL coproc_freestanding_arm64: symbols from outside the platform interface:$missing"
    else
        echo "  $n arm64 objects, $(echo "$undef" | grep -c '^platform_') platform_* imports, nothing else"
        echo "PASS coproc_freestanding_arm64"
    fi
fi
exit 0
