#!/usr/bin/env python3
"""Drive one Linux boot on the console: wait for the shell prompt, send commands, check replies.

    linux_session.py TIMEOUT -- a64emu args...
Commands come from the environment: SESSION_CMDS (lines, sent one at a time after each prompt),
SESSION_EXPECT (a regular expression the whole output must match); SESSION_LOG, if set, is a file
that receives the whole console output (bench/virtio_io.sh reads its figures there). The last
command should end the guest (e.g. `exit`: the initramfs powers off, a64emu exits with status 0).
Exit status 0 when the prompt came, every reply matched and a64emu exited 0; 1 otherwise, with the
output's tail.
"""
import os
import re
import select
import subprocess
import sys
import time


def main():
    timeout = float(sys.argv[1])
    cmd = sys.argv[sys.argv.index("--") + 1:]
    cmds = [c for c in os.environ.get("SESSION_CMDS", "exit").split("\n") if c]
    expect = re.compile(os.environ.get("SESSION_EXPECT", "."), re.S)
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = b""
    end = time.monotonic() + timeout
    sent = 0
    prompts_seen = 0
    while time.monotonic() < end:
        r, _, _ = select.select([p.stdout], [], [], 0.5)
        if r:
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                break
            out += chunk
        prompts = out.count(b"/ # ")
        if prompts > prompts_seen and sent < len(cmds):
            prompts_seen = prompts
            p.stdin.write((cmds[sent] + "\n").encode())
            p.stdin.flush()
            sent += 1
        if p.poll() is not None and not r:
            break
    try:
        p.wait(timeout=max(1.0, min(30.0, end - time.monotonic())))
    except subprocess.TimeoutExpired:
        pass
    if p.poll() is None:
        p.kill()
        p.wait()
        print("linux_session: timed out after %.0f s (%d of %d commands sent)" % (timeout, sent, len(cmds)))
        print(out.decode(errors="replace")[-3000:])
        return 1
    text = out.decode(errors="replace")
    if os.environ.get("SESSION_LOG"):
        with open(os.environ["SESSION_LOG"], "w") as f:
            f.write(text)
    if p.returncode != 0 or sent < len(cmds) or not expect.search(text):
        print("linux_session: exit status %d, %d of %d commands sent, expectation %s" %
              (p.returncode, sent, len(cmds), "met" if expect.search(text) else "NOT met"))
        print(text[-3000:])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
