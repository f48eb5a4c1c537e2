#!/usr/bin/env python3
"""Boot time of Debian's arm64 kernel to the busybox shell prompt, a64emu against QEMU TCG.

Both emulators boot the same kernel and initramfs (scripts/fetch-payloads.sh,
scripts/make-initramfs.sh) with the same options, alternately (A/B, the order flipping every
round). Time is measured from process start to the first shell prompt ("/ # ") on the console;
then `exit` is sent (the initramfs powers off) and the process is reaped, which gives its CPU time
and peak RSS (getrusage via os.wait4). Reported: the median boot time per emulator and
configuration, the ratio a64emu / QEMU (below 1: a64emu boots faster), and peak RSS.

Configurations: EL1 -smp 1, and EL2 -smp 1 (virtualization=on: KVM initialises as a host). QEMU
runs -cpu max by default (--qemu-cpu cortex-a57 for a model without pointer authentication, which
QEMU's max emulates slowly); a64emu its default profile (max).

Usage: bench/linux_boot.py [--rounds N] [--build DIR] [--kernel vmlinuz-6.1] [--timeout S]
"""
import argparse
import os
import select
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CONFIGS = {
    "EL1 smp1": ["-M", "virt,gic-version=3", "-smp", "1"],
    "EL2 smp1": ["-M", "virt,virtualization=on,gic-version=3", "-smp", "1"],
}
PROMPT = b"/ # "


def boot_once(cmd, timeout):
    """Run cmd until the shell prompt; returns (seconds to prompt, cpu seconds, peak RSS MiB)."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = b""
    t_prompt = None
    while time.monotonic() - t0 < timeout:
        r, _, _ = select.select([p.stdout], [], [], 0.2)
        if r:
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                break
            out += chunk
            if PROMPT in out:
                t_prompt = time.monotonic() - t0
                p.stdin.write(b"exit\n")
                p.stdin.flush()
                break
    # The guest powers off after `exit`; give it a moment, then make sure the process is gone.
    # The child is reaped only here, with os.wait4 (Popen.poll would reap it and lose the rusage).
    end = time.monotonic() + 30
    ru = None
    while ru is None and time.monotonic() < end:
        pid, _, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            ru = usage
            break
        r, _, _ = select.select([p.stdout], [], [], 0.2)
        if r:
            os.read(p.stdout.fileno(), 65536)
    if ru is None:
        p.kill()
        _, _, ru = os.wait4(p.pid, 0)
    p.returncode = 0  # reaped above; keep Popen from waiting for it again
    if t_prompt is None:
        sys.stderr.write("linux_boot: no shell prompt within %d s from: %s\n%s\n" %
                         (timeout, " ".join(cmd), out.decode(errors="replace")[-2000:]))
        sys.exit(1)
    return t_prompt, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0


def payloads():
    cache = subprocess.run(["bash", os.path.join(ROOT, "scripts/fetch-payloads.sh")], stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    initrd = subprocess.run(["bash", os.path.join(ROOT, "scripts/make-initramfs.sh")], stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    return cache, initrd


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--kernel", default="vmlinuz-6.1")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--qemu", default="qemu-system-aarch64")
    ap.add_argument("--qemu-cpu", default="max",
                    help="QEMU's -cpu (max emulates pointer authentication with the architected, slow "
                         "algorithm; cortex-a57 has none)")
    args = ap.parse_args()
    cache, initrd = payloads()
    kernel = os.path.join(cache, args.kernel)
    common = ["-m", "512M", "-nographic", "-nic", "none", "-kernel", kernel, "-initrd", initrd, "-append", "console=ttyAMA0"]
    emus = {
        "a64emu": [os.path.join(args.build, "a64emu")],
        "qemu": [args.qemu, "-cpu", args.qemu_cpu],
    }
    print("kernel %s, %d rounds, A/B interleaved, QEMU -cpu %s" % (args.kernel, args.rounds, args.qemu_cpu))
    print("%-9s %-7s %10s %10s %10s" % ("config", "emu", "boot s", "cpu s", "peak MiB"))
    summary = []
    for name, cfg in CONFIGS.items():
        res = {e: [] for e in emus}
        for rnd in range(args.rounds):
            order = list(emus) if rnd % 2 == 0 else list(reversed(emus))
            for e in order:
                res[e].append(boot_once(emus[e] + cfg + common, args.timeout))
        med = {}
        for e in emus:
            boot = statistics.median(r[0] for r in res[e])
            cpu = statistics.median(r[1] for r in res[e])
            rss = max(r[2] for r in res[e])
            med[e] = (boot, cpu, rss)
            print("%-9s %-7s %10.2f %10.2f %10.0f" % (name, e, boot, cpu, rss))
        summary.append((name, med["a64emu"][0] / med["qemu"][0], med["a64emu"][1] / med["qemu"][1],
                        med["a64emu"][2], med["qemu"][2]))
    print()
    print("%-9s %12s %12s %14s %12s" % ("config", "ratio(wall)", "ratio(cpu)", "a64emu MiB", "qemu MiB"))
    for name, rw, rc, ra, rq in summary:
        print("%-9s %12.2f %12.2f %14.0f %12.0f" % (name, rw, rc, ra, rq))
    print("ratio = a64emu / QEMU boot time to the shell prompt (below 1: a64emu is faster)")


if __name__ == "__main__":
    main()
