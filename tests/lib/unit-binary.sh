# unit_binary TEST BIN SECONDS LOGDIR: runs the C test binary BIN (which
# prints its own PASS/FAIL lines) within SECONDS, its output kept in LOGDIR
# (out.log, stderr.log); fails TEST when BIN is missing, or exits non-zero
# without having printed a FAIL line (a crash or a timeout).
unit_binary() {
    if [ ! -x "$2" ]; then
        echo "FAIL $1: $2 not built"
        return
    fi
    mkdir -p "$4"
    timeout "$3" "$2" >"$4/out.log" 2>"$4/stderr.log"
    rc=$?
    cat "$4/out.log"
    if [ $rc -ne 0 ] && ! grep -q '^FAIL' "$4/out.log"; then
        echo "FAIL $1: exited with status $rc (124: timed out); see $4/stderr.log"
    fi
}
