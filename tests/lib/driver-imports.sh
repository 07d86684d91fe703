# driver_imports TEST DIR: PASS when the arm64 objects in DIR (a vcoproc
# driver as the hypervisor links it) import nothing but platform_* and the
# framework's own coproc_*/vcoproc_* helpers, besides their own symbols.
driver_imports() {
    objs=$(ls "$2"/*.o 2>/dev/null)
    if [ -z "$objs" ]; then
        echo "FAIL $1: driver objects not built in $2"
        return
    fi
    defined=$(aarch64-linux-gnu-nm --defined-only $objs | awk 'NF == 3 {print $3}' | sort -u)
    bad=$(aarch64-linux-gnu-nm -u $objs | awk 'NF == 2 {print $2}' | sort -u |
          grep -v -E '^(platform_|coproc_|vcoproc_)' | while read -r s; do
              echo "$defined" | grep -qx "$s" || printf '%s ' "$s"; done)
    if [ -n "$bad" ]; then
        echo "FAIL $1: imports $bad"
    else
        echo "PASS $1 ($(echo "$objs" | wc -w) objects)"
    fi
}
