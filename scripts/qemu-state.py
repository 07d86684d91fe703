#!/usr/bin/env python3
"""Dumps a running QEMU's CPU state through its QMP socket:
    python3 scripts/qemu-state.py QMP.sock [XEN.elf] > state.txt

run-system.sh calls it just before a run's time bound expires, so a run
that hangs leaves behind where every emulated CPU was: a one-line summary
per CPU first (exception level, PC and, for the hypervisor's own code, the
function and line of the PC and of the link register from XEN.elf), then
QEMU's full `info cpus` and `info registers -a`. Exit status 1 when QEMU
cannot be reached."""
import json
import re
import socket
import subprocess
import sys


def qmp_session(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(path)
    f = s.makefile("rw")

    def call(cmd, **args):
        f.write(json.dumps({"execute": cmd, "arguments": args}) + "\n")
        f.flush()
        for line in f:
            msg = json.loads(line)
            if "return" in msg:
                return msg["return"]
            if "error" in msg:
                raise RuntimeError(f"{cmd}: {msg['error'].get('desc', msg['error'])}")
        raise RuntimeError(f"{cmd}: QEMU closed the monitor")

    json.loads(f.readline())   # the greeting
    call("qmp_capabilities")
    return lambda line: call("human-monitor-command", **{"command-line": line})


def symbolise(elf, pcs):
    """Function and file:line of each hypervisor PC, by addr2line."""
    if not elf or not pcs:
        return {}
    try:
        out = subprocess.run(["aarch64-linux-gnu-addr2line", "-f", "-s", "-e", elf] +
                             ["0x%x" % pc for pc in pcs], capture_output=True, text=True,
                             timeout=10).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        return {}
    return {pc: f"{out[2 * i]} {out[2 * i + 1]}" for i, pc in enumerate(pcs)
            if 2 * i + 1 < len(out) and out[2 * i] != "??"}


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: qemu-state.py QMP.sock [XEN.elf]")
    try:
        hmp = qmp_session(sys.argv[1])
        cpus = hmp("info cpus")
        regs = hmp("info registers -a")
    except (OSError, ValueError, RuntimeError) as e:
        print(f"qemu-state: cannot read QEMU's state through {sys.argv[1]}: {e}")
        sys.exit(1)
    per_cpu = re.split(r"^CPU#(\d+)\s*$", regs, flags=re.M)
    rows = []
    for i in range(1, len(per_cpu) - 1, 2):
        cpu, text = int(per_cpu[i]), per_cpu[i + 1]
        pc = re.search(r"PC=([0-9a-f]+)", text)
        el = re.search(r"PSTATE=[0-9a-f]+ \S+ \S*?(EL\d)", text)
        lr = re.search(r"X30=([0-9a-f]+)", text)
        rows.append((cpu, int(pc.group(1), 16) if pc else None, el.group(1) if el else "?",
                     int(lr.group(1), 16) if lr else None))
    hyp = [a for _, pc, el, lr in rows if el == "EL2" for a in (pc, lr) if a is not None]
    where = symbolise(sys.argv[2] if len(sys.argv) == 3 else None, hyp)
    for cpu, pc, el, lr in rows:
        pcs = "?" if pc is None else "0x%x" % pc
        line = f"cpu{cpu}: {el}, PC {pcs}{' in ' + where[pc] if pc in where else ''}"
        if el == "EL2" and lr in where:
            line += f", called from {where[lr]}"
        print(line)
    print()
    print(cpus)
    print(regs)


if __name__ == "__main__":
    main()
