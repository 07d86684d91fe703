"""sysdt on mutated inputs: flips bytes of a valid config DTB and of the
board DTB (a fixed seed, so a failure is reproducible) and runs the
sanitizer build of sysdt on each. Every run must end in exit 0, or exit 1
with exactly one "sysdt: " line; a crash, a sanitizer report or a hang is a
failure. Usage: python3 sysdt_mutate.py SYSDT BOARD.dtb CONFIG.dtb XEN WORKDIR"""
import os
import random
import subprocess
import sys

# SYSDT_MUTATE_SEED / SYSDT_MUTATE_SCALE widen a search by hand; the suite
# runs the defaults.
SEED = int(os.environ.get("SYSDT_MUTATE_SEED", "20261124"))
SCALE = int(os.environ.get("SYSDT_MUTATE_SCALE", "1"))
RUNS = {"config": 300 * SCALE, "board": 100 * SCALE}


def mutate(data, rng):
    b = bytearray(data)
    kind = rng.randrange(4)
    if kind == 0:               # a few random bytes anywhere
        for _ in range(rng.randint(1, 4)):
            b[rng.randrange(len(b))] = rng.randrange(256)
    elif kind == 1:             # a header field (sizes, offsets) nudged
        off = rng.randrange(4, 40, 4)
        v = int.from_bytes(b[off:off + 4], "big")
        v = (v + rng.choice([-8, -4, -1, 1, 4, 8, 4096, 1 << 31])) & 0xFFFFFFFF
        b[off:off + 4] = v.to_bytes(4, "big")
    elif kind == 2:             # truncated
        b = b[:rng.randrange(len(b))]
    else:                       # a 32-bit word in the structure set to a tag or length
        off = rng.randrange(40, len(b) - 4) & ~3
        b[off:off + 4] = rng.choice([1, 2, 3, 4, 9, 0, 0xFFFFFFFF, 0x7FFFFFF0]).to_bytes(4, "big")
    return bytes(b)


def main():
    sysdt, board, config, xen, work = sys.argv[1:6]
    env = dict(os.environ,
               ASAN_OPTIONS="exitcode=86:detect_leaks=0",
               UBSAN_OPTIONS="halt_on_error=1:exitcode=87:print_stacktrace=1")
    rng = random.Random(SEED)
    originals = {"config": open(config, "rb").read(), "board": open(board, "rb").read()}
    for which, runs in RUNS.items():
        bad = []
        outcomes = {0: 0, 1: 0}
        for i in range(runs):
            data = mutate(originals[which], rng)
            path = os.path.join(work, "mutant-%s-%d.dtb" % (which, i))
            with open(path, "wb") as f:
                f.write(data)
            b, c = (board, path) if which == "config" else (path, config)
            out = os.path.join(work, "out-%s-%d" % (which, i))
            try:
                r = subprocess.run([sysdt, "--board", b, "--config", c, "--out", out + ".dtb",
                                    "--args", out + ".args", "--xen", xen, "--ram-dir", work],
                                   capture_output=True, timeout=20, env=env)
            except subprocess.TimeoutExpired:
                bad.append("%s hangs" % path)
                continue
            stderr = r.stderr.decode("utf-8", "replace")
            lines = stderr.split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            if r.returncode == 1 and len(lines) == 1 and lines[0].startswith("sysdt: "):
                outcomes[1] += 1
            elif r.returncode == 0 and not lines:
                outcomes[0] += 1
            else:
                bad.append("%s: exit %d, stderr %r" % (path, r.returncode, stderr[:300]))
            if not bad:
                os.unlink(path)
        name = "sysdt-mutated-%s" % which
        if bad:
            print("FAIL %s: %d of %d runs bad, first: %s" % (name, len(bad), runs, bad[0]))
        else:
            print("PASS %s (%d runs: %d accepted, %d rejected with one line)"
                  % (name, runs, outcomes[0], outcomes[1]))


main()
