#!/usr/bin/env python3
"""Lockstep comparator for randprog programs (tests/fuzz/README.md).

Runs one randprog ELF under QEMU (-cpu max, single-step, -d cpu,fpu,nochain) and a64emu
(-d cpu,fpu), reads both register traces incrementally from pipes and compares PC, X0-X30, SP,
PSTATE and the FP state ("FPU disabled", or FPCR, FPSR and Q0-Q31) before every instruction,
like tests/lockstep/lockstep.py (whose command lines and trace format it follows; FPCR Len/Stride
and FPSR N/Z/C/V are masked for the reason given there), plus the normalisations the random
programs need, each with its reason:

  pstate-btype  PSTATE.BTYPE (bits 11:10) is masked: QEMU -cpu max implements FEAT_BTI, so BR/BLR
                set BTYPE for the next instruction even with no guarded pages; a64emu's
                ARMv8.0+LSE+CRC32 profile has no BTI, BTYPE is RES0 there. Nothing else reads it
                here (the MMU is off: no guarded pages).
  reset-nzcv    NZCV is UNKNOWN at reset (QEMU starts with Z = 1); ignored in the preamble
                states before randprog's MSR NZCV (address from the map header).
  exc-entry-nzcv  NZCV is masked in the first four instructions of randprog's synchronous
                exception handler (VBAR+0x000/0x200 .. +0x00c, until its CMP rewrites NZCV):
                QEMU 7.2 clears NZCV on exception entry to AArch64 (arm_cpu_do_interrupt_aarch64
                writes PSTATE = DAIF | mode), while AArch64.TakeException leaves PSTATE.NZCV
                unchanged (as a64emu and KVM's enter_exception64 do). QEMU-side deviation,
                invisible to software that does not read NZCV before writing it.
  qemu-repeat   a QEMU state repeated verbatim (translation block logged, then abandoned): as
                in lockstep.py, skipped on the QEMU side.

With the map written by randprog --map, it counts the random (table-drawn) instructions whose
result state was compared, and names the row and disassembly at a divergence.

Exit status: 0 agree, 1 divergence, 2 tool error, 3 timeout / limit.
Prints one summary line: "<elf>: OK|DIVERGED ... states=N random=M".
"""

import argparse
import os
import signal
import subprocess
import sys
import time

STATE_LINES = 12
Q_LINES = 16
BTYPE_MASK = ~(3 << 10) & 0xffffffff
NZCV_MASK = 0x0fffffff
FPCR_MASK = ~0x00370000 & 0xffffffff  # AArch32-only Stride/Len: see tests/lockstep/lockstep.py
FPSR_MASK = 0x0fffffff                # AArch32-only N/Z/C/V


def start(cmd):
    return subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, bufsize=1 << 20,
                            start_new_session=True)


def stop(p):
    if p.poll() is None:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        p.stderr.close()
    except OSError:
        pass
    return p.wait()


def states(stream, noise):
    """Yield (lines tuple) for each ' PC=' state in the stream."""
    readline = stream.readline
    while True:
        line = readline()
        if not line:
            return
        if not line.startswith(" PC="):
            noise.append(line.rstrip("\n"))
            del noise[:-8]
            continue
        lines = [line]
        for _ in range(STATE_LINES - 1):
            line = readline()
            if not line:
                return
            lines.append(line)
        if not lines[-1].startswith("PSTATE="):
            raise ValueError("malformed state:\n" + "".join(lines))
        if "FPCR=" in lines[-1]:
            for _ in range(Q_LINES):
                line = readline()
                if not line:
                    return
                lines.append(line)
        yield lines


def fp_part(st):
    """None (no -d fpu), "disabled", or (FPCR, FPSR, Q lines) with the AArch32-only bits masked."""
    line = st[11]
    if "FPU disabled" in line:
        return "disabled"
    i = line.find("FPCR=")
    if i < 0:
        return None
    fpcr, fpsr = int(line[i + 5:i + 13], 16), int(line[i + 19:i + 27], 16)
    return fpcr & FPCR_MASK, fpsr & FPSR_MASK, tuple(st[12:])


def pc_of(st):
    return int(st[0][4:20], 16)


def pstate_of(st):
    return int(st[11][7:15], 16)


def regs(st):
    out = {}
    for line in st[:11]:
        for tok in line.split():
            if "=" in tok:
                k, v = tok.split("=")
                out[k] = v
    out["PSTATE"] = "%08x" % pstate_of(st)
    fp = fp_part(st)
    if fp == "disabled":
        out["FPU"] = "disabled"
    elif fp is not None:
        out["FPCR"], out["FPSR"] = "%08x" % fp[0], "%08x" % fp[1]
        for line in fp[2]:
            for tok in line.split():
                k, v = tok.split("=")
                out[k] = v
    return out


def load_map(path):
    rand, nzcv_from, vbar, exit_hlt = {}, 0, None, None
    with open(path) as f:
        for line in f:
            if line.startswith("#"):
                parts = line.split()
                if "nzcv_from" in parts:
                    nzcv_from = int(parts[parts.index("nzcv_from") + 1], 16)
                if "exit" in parts:
                    exit_hlt = int(parts[parts.index("exit") + 1], 16)
                if "vbar" in parts:
                    vbar = int(parts[parts.index("vbar") + 1], 16)
                continue
            a, w, row, text = line.rstrip("\n").split(" ", 3)
            rand[int(a, 16)] = (w, row, text)
    return rand, nzcv_from, vbar, exit_hlt


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("elf")
    ap.add_argument("--map", help="randprog --map file (counts random instructions)")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--a64emu", default=os.path.join(here, "..", "..", "build", "a64emu"))
    ap.add_argument("--qemu", default="qemu-system-aarch64")
    ap.add_argument("--qemu-cpu", default="max")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--coverage", metavar="FILE",
                    help="append 'ROW COUNT' lines: random instructions compared, per table row")
    ap.add_argument("--a64emu-args", default="",
                    help="arguments for a64emu only, e.g. '--preview fp' (randprog --fp)")
    args = ap.parse_args()

    rand, nzcv_from, vbar, exit_hlt = load_map(args.map) if args.map else ({}, 0, None, None)
    handler_entry = set()
    if vbar is not None:
        for v in (0x000, 0x200):
            handler_entry.update(vbar + v + 4 * i for i in range(4))
    accepted = {}
    name = os.path.basename(args.elf)
    qcmd = [args.qemu, "-M", "virt", "-cpu", args.qemu_cpu, "-display", "none", "-nic", "none",
            "-chardev", "stdio,id=con0,mux=on", "-serial", "chardev:con0", "-monitor", "none",
            "-semihosting-config", "enable=on,target=native,chardev=con0",
            "-d", "cpu,fpu,nochain", "-singlestep", "-kernel", args.elf]
    acmd = [args.a64emu, "-M", "virt", "-semihosting", "-nographic", "-d", "cpu,fpu"] + \
        args.a64emu_args.split() + ["-kernel", args.elf]
    qp, apr = start(qcmd), start(acmd)
    qnoise, anoise = [], []
    qs, as_ = states(qp.stderr, qnoise), states(apr.stderr, anoise)
    deadline = time.monotonic() + args.timeout
    n = nrand = repeats = 0
    per_row = {}
    in_preamble = nzcv_from != 0
    qprev = aprev = None
    verdict, report = 0, []

    def key(st):
        ps = pstate_of(st) & BTYPE_MASK
        if in_preamble or pc_of(st) in handler_entry:
            ps &= NZCV_MASK
        return st[:11], ps, fp_part(st)

    def describe(title, q, a):
        report.append("%s: %s at state #%d" % (name, title, n))
        if aprev is not None:
            pc = pc_of(aprev)
            w, row, text = rand.get(pc, ("?", "(setup/preamble/handler)", ""))
            report.append("  just executed: %016x: %s %s  [%s]" % (pc, w, text, row))
            report.append("  state before it (both agreed):")
            r = regs(aprev)
            report.append("    " + " ".join("%s=%s" % (k, r[k]) for k in r))
        if q is not None and a is not None:
            qr, ar = regs(q), regs(a)
            for k in qr:
                if qr[k] != ar.get(k):
                    report.append("  %-6s QEMU %s  a64emu %s   <== differs" % (k, qr[k], ar.get(k)))
            report.append("  QEMU:   " + q[11].rstrip())
            report.append("  a64emu: " + a[11].rstrip())
            if fp_part(q) != fp_part(a) and aprev is not None:
                ar0 = regs(aprev)
                fpin = " ".join("%s=%s" % (k, ar0[k]) for k in ("FPCR", "FPSR") if k in ar0)
                report.append("  FP state before it: " + fpin)
        for nm, s, noise in (("QEMU", q, qnoise), ("a64emu", a, anoise)):
            if s is None:
                report.append("  %s trace ended; last log lines: %s" % (nm, " | ".join(noise)))

    try:
        while True:
            if (n & 0xfff) == 0 and time.monotonic() > deadline:
                report.append("%s: timeout after %d states" % (name, n))
                verdict = 3
                break
            q, a = next(qs, None), next(as_, None)
            if q is None or a is None:
                if q is None and a is None:
                    break
                describe("one side ended early", q, a)
                verdict = 1
                break
            if in_preamble and pc_of(a) == nzcv_from:
                in_preamble = False
            if key(q) != key(a):
                while q is not None and q == qprev and key(a) != key(q):
                    repeats += 1
                    q = next(qs, None)
                if q is None or key(q) != key(a):
                    describe("DIVERGENCE", q, a)
                    verdict = 1
                    break
            if aprev is not None and pc_of(aprev) in rand:
                nrand += 1
                row = rand[pc_of(aprev)][1]
                per_row[row] = per_row.get(row, 0) + 1
            qprev, aprev = q, a
            n += 1
    except ValueError as e:
        report.append("%s: %s" % (name, e))
        verdict = 2
    finally:
        if verdict == 0:
            try:
                qp.wait(timeout=10)
                apr.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        qst, ast = stop(qp), stop(apr)
    if verdict == 0 and qst != ast:
        report.append("%s: exit status differs: QEMU %d, a64emu %d" % (name, qst, ast))
        verdict = 1
    if verdict == 0 and qst != 0:
        report.append("%s: both exited with %d (an unexpected exception vector?)" % (name, qst))
        verdict = 1
    if verdict != 0:
        report.append("  QEMU:   " + " ".join(qcmd))
        report.append("  a64emu: " + " ".join(acmd))
    for line in report:
        print(line)
    if args.coverage:
        with open(args.coverage, "a") as f:
            for row, c in sorted(per_row.items()):
                f.write("%s %d\n" % (row, c))
    extra = "".join(" %s=%d" % (k, v) for k, v in accepted.items() if v)
    print("%s: %s states=%d random=%d%s%s" % (
        name, {0: "OK", 1: "DIVERGED", 2: "ERROR", 3: "INCOMPLETE"}[verdict], n, nrand,
        " qemu-repeat=%d" % repeats if repeats else "", extra))
    return verdict


if __name__ == "__main__":
    sys.exit(main())
