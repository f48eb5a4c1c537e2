#!/usr/bin/env python3
"""Drive a firmware's console (U-Boot, the UEFI shell): interrupt its autoboot, send commands at
its prompt, check the replies, then quit the emulator with Ctrl-A x.

    firmware_session.py TIMEOUT [--interrupt REGEX] --prompt REGEX [--cmd LINE]... \
                        [--expect REGEX]... -- EMULATOR ARGS...

--interrupt: when this appears, send a carriage return (stops U-Boot's autoboot countdown).
--prompt: the firmware's prompt; each --cmd is sent after the next prompt, then the session
ends at the prompt after the last command. Every --expect must match the whole output.
Exit status 0 when every command was sent and every expectation met; 1 otherwise, with the tail
of the output. No pexpect: select() on the emulator's stdout, as linux_session.py.
"""
import argparse
import os
import re
import select
import subprocess
import sys
import time


def main():
    argv = sys.argv[1:]
    split = argv.index("--")
    ap = argparse.ArgumentParser()
    ap.add_argument("timeout", type=float)
    ap.add_argument("--interrupt")
    ap.add_argument("--prompt", required=True)
    ap.add_argument("--cmd", action="append", default=[])
    ap.add_argument("--expect", action="append", default=[])
    args = ap.parse_args(argv[:split])
    cmd = argv[split + 1:]
    prompt = re.compile(args.prompt.encode())
    interrupt = re.compile(args.interrupt.encode()) if args.interrupt else None
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = b""
    end = time.monotonic() + args.timeout
    sent, interrupted, done = 0, False, False
    scan = 0  # prompts before this offset are used up
    while time.monotonic() < end and not done:
        r, _, _ = select.select([p.stdout], [], [], 0.2)
        if r:
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                break
            out += chunk
        if interrupt and not interrupted and interrupt.search(out):
            p.stdin.write(b"\r")
            p.stdin.flush()
            interrupted = True
            scan = len(out)
        m = prompt.search(out, scan)
        if m and (interrupted or not interrupt):
            scan = m.end()
            if sent < len(args.cmd):
                p.stdin.write(args.cmd[sent].encode() + b"\r")
                p.stdin.flush()
                sent += 1
            else:
                done = True
        if p.poll() is not None and not r:
            break
    if p.poll() is None:
        try:
            p.stdin.write(b"\x01x")  # Ctrl-A x: a64emu's (and QEMU's) quit key
            p.stdin.flush()
            p.wait(timeout=5)
        except (BrokenPipeError, subprocess.TimeoutExpired):
            p.kill()
            p.wait()
    text = out.decode(errors="replace")
    missing = [e for e in args.expect if not re.search(e, text, re.S)]
    if not done or missing:
        print("firmware_session: %s; %d of %d commands sent; expectations not met: %s" %
              ("finished" if done else "timed out after %.0f s" % args.timeout, sent, len(args.cmd), missing))
        print(text[-3000:])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
