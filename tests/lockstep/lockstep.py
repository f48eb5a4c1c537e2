#!/usr/bin/env python3
"""Differential lockstep of a64emu against QEMU TCG (brief.md 6.3; style.md 6.11).

Runs one bare-metal ELF under both emulators with `-d cpu,fpu`, QEMU in single-step mode so it
prints the register state before every instruction, and compares the two streams state by state:
PC, X0-X30, SP and PSTATE (NZCV, and the rest of the PSTATE value QEMU prints: DAIF, EL, SP
select), and the floating-point state: "FPU disabled" (SIMD&FP access traps at the current EL)
or FPCR, FPSR and Q0-Q31. Both traces are parsed incrementally from pipes; nothing but the previous state of each
side is kept, so runs of millions of instructions need no memory.

At the first divergence it prints the instruction number, both states side by side with the
differing registers marked, and the disassembly of the instruction just executed, then exits 1.
One side ending before the other is a divergence too. Exit status: 0 when both traces agree to
the end (and, with --expect-status, both guests exited with that status), 1 on a divergence,
2 on a usage or tool error, 3 when --max-insns or --timeout stopped the run first.

Known, accepted divergences (keep this list short; each has a reason):
  exception-nzcv From an exception entry until the flags agree again (the next flag-setting
                 instruction or the ERET): QEMU 7.2 zeroes PSTATE.NZCV when it takes an exception
                 to AArch64 (arm_cpu_do_interrupt_aarch64: pstate_write(env, PSTATE_DAIF | mode)).
                 The Arm ARM's AArch64.TakeException() leaves N, Z, C, V unchanged (as does
                 KVM's enter_exception64, which follows it), and so does a64emu: QEMU is wrong.
                 Only NZCV may differ meanwhile; a handler that reads the flags diverges in
                 its registers and is reported.
  pstate-btype   PSTATE.BTYPE (bits 11:10) is cleared on both sides: QEMU -cpu max implements
                 FEAT_BTI, so BR/BLR set BTYPE for the next instruction even with no guarded
                 pages; a64emu's profile has no BTI (BTYPE is RES0). As in tests/fuzz.
  semihost-time  The state right after HLT #0xF000 with W0 = SYS_CLOCK (0x10), SYS_TIME (0x11)
                 or SYS_ELAPSED (0x30): X0 is host time on both sides. Ignored for that state;
                 a ROM using these calls must not let the value flow into other registers.
  fetch-abort    An instruction abort on fetch (MMU translation or permission fault): QEMU logs
                 a state before each block it executes, and the abort happens while it looks up
                 the block, so the state at the faulting PC is never logged; a64emu logs it,
                 then its step takes the abort. That one a64emu state is skipped when the next
                 one is the exception entry QEMU shows. Trace granularity, not a divergence.
  id-register    (only with --id-registers-differ) After an MRS from the ID register space
                 (op0=3, op1=0, CRn=0: MIDR, MPIDR, ID_AA64*), its destination register may
                 differ until both sides hold the same value again (it is overwritten): the two
                 CPU models advertise different features by design (a64emu has no AArch32 and
                 implementer 0x00). Any other register that differs meanwhile, e.g. a flag set
                 from the value or a branch taken on it, is reported. Used to follow a Linux boot
                 as far as the code paths stay the same; never for the ROM tests.
  qemu-repeat    A QEMU state repeated verbatim where a64emu has moved on: QEMU logged a
                 translation block that was then abandoned before its instruction ran (an exit
                 request at block start). Skipped on the QEMU side, and counted.
  fpcr-len-stride, fpsr-nzcv (masked, not counted)  FPCR bits 21:20 and 18:16 (Stride, Len)
                 and FPSR bits 31:28 (N, Z, C, V) are AArch32-only fields: RES0 in AArch64 on
                 an implementation without AArch32 (DDI 0487 C5.2 FPCR, FPSR), and a64emu has
                 none, so they read as zero. QEMU 7.2 keeps whatever the guest writes there
                 (FPCR reads 0x07f70000 after writing all ones). Both sides' values are compared
                 with these bits cleared; the emulated arithmetic never reads them.
Usage: lockstep.py [--qemu-cpu cortex-a57|max] [--a64emu PATH] ELF
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

REGS = ["PC"] + ["X%02d" % i for i in range(31)] + ["SP", "PSTATE"]
FP_REGS = ["FPU", "FPCR", "FPSR"] + ["Q%02d" % i for i in range(32)]
STATE_LINES = 12  # " PC=... X00=... X01=...", 10 lines of X registers and SP, "PSTATE=..."
Q_LINES = 16      # with -d fpu and the FPU enabled: "Q00=hi:lo Q01=hi:lo", ...
FIELD_RE = re.compile(r"(PC|X\d\d|SP)=([0-9a-f]{16})")
Q_RE = re.compile(r"(Q\d\d)=([0-9a-f]{16}:[0-9a-f]{16})")
FPCTL_RE = re.compile(r"FPCR=([0-9a-f]{8}) FPSR=([0-9a-f]{8})")
FPCR_MASK = ~0x00370000 & 0xffffffff  # without Stride (21:20) and Len (18:16): see above
FPSR_MASK = 0x0fffffff                # without the AArch32 N, Z, C, V (31:28)
SEMIHOST_TIME_OPS = (0x10, 0x11, 0x30)
HLT_SEMIHOST = 0xD45E0000  # HLT #0xF000


class Trace:
    """Reads `-d cpu` states from a pipe, one at a time; other lines are kept as noise."""

    def __init__(self, name, stream):
        self.name = name
        self.stream = stream
        self.noise = []  # last few lines that were not part of a state
        self.count = 0

    def next_state(self):
        """The next state as a tuple of 12 lines, or None at the end of the trace."""
        readline = self.stream.readline
        while True:
            line = readline()
            if not line:
                return None
            if line.startswith(" PC="):
                break
            self._noise(line)
        lines = [line]
        for _ in range(STATE_LINES - 1):
            line = readline()
            if not line:
                return None  # truncated state at the end (the process was killed)
            lines.append(line)
        if not lines[-1].startswith("PSTATE="):
            raise ValueError("%s: malformed state after %d states:\n%s"
                             % (self.name, self.count, "".join(lines)))
        if "FPCR=" in lines[-1]:
            for _ in range(Q_LINES):
                line = readline()
                if not line:
                    return None
                lines.append(line)
            if not lines[-1].startswith("Q30="):
                raise ValueError("%s: malformed FP state after %d states:\n%s"
                                 % (self.name, self.count, "".join(lines)))
        self.count += 1
        return tuple(lines)

    def _noise(self, line):
        self.noise.append(line.rstrip("\n"))
        del self.noise[:-8]


def fp_key(state):
    """The FP part of a state: None without -d fpu, "disabled", or (FPCR, FPSR, Q lines) with
    the AArch32-only FPCR/FPSR bits masked (see the module comment)."""
    line = state[11]
    if "FPU disabled" in line:
        return "disabled"
    m = FPCTL_RE.search(line)
    if not m:
        return None
    return (int(m.group(1), 16) & FPCR_MASK, int(m.group(2), 16) & FPSR_MASK, state[12:])


BTYPE_MASK = ~(3 << 10) & 0xffffffff


def pstate_line(state):
    """The PSTATE line up to the fields QEMU -cpu max appends after two spaces, with BTYPE
    (bits 11:10) cleared in the value: see pstate-btype above."""
    text = state[11].rstrip("\n").split("  ")[0]
    head, _, rest = text.partition(" ")
    value = int(head[len("PSTATE="):], 16) & BTYPE_MASK
    return "PSTATE=%08x %s" % (value, rest)


def key(state):
    """What is compared: the 11 register lines and the PSTATE line verbatim, except for the
    fields QEMU -cpu max appends to the PSTATE line after two spaces ("  SVCR=...",
    "  BTYPE=...", and the FP part, compared by fp_key), which a64emu does not print, and
    PSTATE.BTYPE (pstate-btype)."""
    return state[:11], pstate_line(state), fp_key(state)


def parse(state):
    regs = dict(FIELD_RE.findall("".join(state[:11])))
    regs["PSTATE"] = pstate_line(state).split()[0].split("=")[1]
    regs["_pstate_text"] = state[11].rstrip("\n")
    fk = fp_key(state)
    if fk == "disabled":
        regs["FPU"] = "disabled"
    elif fk is not None:
        regs["FPU"] = "enabled"
        regs["FPCR"] = "%08x" % fk[0]
        regs["FPSR"] = "%08x" % fk[1]
        regs.update(Q_RE.findall("".join(state[12:])))
    return regs


class Disassembly:
    """Address -> objdump line for the ELF, loaded on first use."""

    def __init__(self, elf, objdump):
        self.elf, self.objdump, self.lines = elf, objdump, None

    def at(self, addr):
        if self.lines is None:
            self.lines = {}
            try:
                out = subprocess.run([self.objdump, "-d", self.elf], capture_output=True,
                                     text=True, check=True).stdout
            except (OSError, subprocess.CalledProcessError) as e:
                self.lines = {"error": str(e)}
                out = ""
            for line in out.splitlines():
                m = re.match(r"\s*([0-9a-f]+):\s+(.*)", line)
                if m:
                    self.lines[int(m.group(1), 16)] = m.group(2).replace("\t", " ")
        text = self.lines.get(addr)
        return "%016x: %s" % (addr, text if text else "(not in the ELF image: generated code?)")


def side_by_side(q, a, ignore=()):
    qr, ar = parse(q), parse(a)
    out = ["        %-33s %-33s" % ("QEMU", "a64emu")]
    for r in REGS + FP_REGS:
        qv, av = qr.get(r, "?"), ar.get(r, "?")
        if r in FP_REGS and qv == av:
            continue  # the FP registers only when they differ: 32 Q lines would drown the rest
        mark = "" if qv == av else ("   (ignored)" if r in ignore else "   <== differs")
        out.append("  %-6s %-33s %-33s%s" % (r, qv, av, mark))
    out.append("  QEMU:   " + qr["_pstate_text"])
    out.append("  a64emu: " + ar["_pstate_text"])
    return "\n".join(out)


def differing(q, a):
    qr, ar = parse(q), parse(a)
    return [r for r in REGS + FP_REGS if qr.get(r) != ar.get(r)]


NZCV_MASK = 0xF0000000


def pstate_value(state):
    return int(state[11].split()[0][len("PSTATE="):], 16)


def exception_entry(prev, cur):
    """`cur` is the first state of an exception handler: PC on a vector slot (0x80-aligned),
    not reached sequentially, D, A, I and F all masked."""
    if prev is None:
        return False
    pc, prev_pc = int(parse(cur)["PC"], 16), int(parse(prev)["PC"], 16)
    return pc & 0x7F == 0 and pc != prev_pc + 4 and (pstate_value(cur) >> 6) & 0xF == 0xF


def semihost_time_call(prev, elf_words):
    """True when `prev` is the state before HLT #0xF000 with a host-time operation in W0."""
    if prev is None:
        return False
    regs = parse(prev)
    pc = int(regs["PC"], 16)
    return elf_words(pc) == HLT_SEMIHOST and int(regs["X00"], 16) & 0xffffffff in SEMIHOST_TIME_OPS


def id_register_read(prev, elf_words):
    """The register name (X00-X30) an MRS from the ID register space at `prev` wrote, or None."""
    if prev is None:
        return None
    w = elf_words(int(parse(prev)["PC"], 16))
    if w is None or w & 0xFFFFF000 != 0xD5380000 or w & 31 == 31:
        return None
    return "X%02d" % (w & 31)


class ElfWords:
    """Instruction words of the ELF's loadable segments (for the semihost-time and id-register
    rules), or of a raw image at the addresses given with --raw-base/--raw-alias."""

    def __init__(self, path, raw_bases=()):
        self.segs = []
        with open(path, "rb") as f:
            data = f.read()
        if data[:4] != b"\x7fELF" or data[4] != 2:
            self.segs = [(base, data) for base in raw_bases]
            return
        phoff = int.from_bytes(data[0x20:0x28], "little")
        phentsize = int.from_bytes(data[0x36:0x38], "little")
        phnum = int.from_bytes(data[0x38:0x3a], "little")
        for i in range(phnum):
            ph = data[phoff + i * phentsize: phoff + (i + 1) * phentsize]
            if int.from_bytes(ph[0:4], "little") != 1:  # PT_LOAD
                continue
            off = int.from_bytes(ph[8:16], "little")
            vaddr = int.from_bytes(ph[16:24], "little")
            filesz = int.from_bytes(ph[32:40], "little")
            self.segs.append((vaddr, data[off:off + filesz]))

    def __call__(self, addr):
        for base, blob in self.segs:
            if base <= addr and addr + 4 <= base + len(blob):
                return int.from_bytes(blob[addr - base:addr - base + 4], "little")
        return None


def start(cmd, out_path, env=None):
    """Guest output to out_path, the trace (stderr) to a pipe. Stdin is /dev/null opened
    read-only: QEMU hands semihosting console handles to host fds 0-2 directly."""
    with open(out_path, "wb") as out, open(os.devnull, "rb") as devnull:
        return subprocess.Popen(cmd, stdin=devnull, stdout=out, stderr=subprocess.PIPE,
                                text=True, bufsize=1 << 20, start_new_session=True, env=env)


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


def tail(path, n=6):
    try:
        with open(path, "rb") as f:
            lines = f.read().decode("utf-8", "replace").splitlines()
    except OSError:
        return ""
    return "\n".join("    | " + l for l in lines[-n:])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("elf")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--a64emu", default=os.path.join(here, "..", "..", "build", "a64emu"))
    ap.add_argument("--qemu", default="qemu-system-aarch64")
    ap.add_argument("--qemu-cpu", default="cortex-a57",
                    help="QEMU CPU model: cortex-a57 (ARMv8.0), or max for LSE and later")
    ap.add_argument("--objdump", default="aarch64-linux-gnu-objdump")
    ap.add_argument("--max-insns", type=int, default=5_000_000,
                    help="stop (status 3) after comparing this many states")
    ap.add_argument("--timeout", type=float, default=240, help="seconds before giving up (status 3)")
    ap.add_argument("--expect-status", type=int, default=None,
                    help="also require both guests to exit with this semihosting status")
    ap.add_argument("--a64emu-env", action="append", default=[], metavar="NAME=VALUE",
                    help="extra environment variable for the a64emu side only (fault injection)")
    ap.add_argument("--keep", action="store_true", help="keep both guests' output files")
    ap.add_argument("--emu-args", default="",
                    help="extra arguments for both emulators, e.g. '-M virt,virtualization=on'")
    ap.add_argument("--id-registers-differ", action="store_true",
                    help="accept differences in a register loaded from the ID register space "
                         "until it is overwritten (id-register rule; Linux boots, not ROMs)")
    ap.add_argument("--raw-base", action="append", default=[], type=lambda v: int(v, 0),
                    help="address where a raw (non-ELF) image's first byte is seen; repeatable "
                         "(e.g. its load address and the kernel's virtual alias)")
    ap.add_argument("--a64emu-args", default="",
                    help="extra arguments for a64emu only, e.g. '--preview fp' (QEMU's CPU "
                         "model has the features built in)")
    args = ap.parse_args()

    for tool in (args.qemu, args.a64emu):
        if not shutil.which(tool) and not os.access(tool, os.X_OK):
            print("lockstep: %s not found" % tool, file=sys.stderr)
            return 2
    name = os.path.basename(args.elf)
    tmp = tempfile.mkdtemp(prefix="lockstep-")
    # The UART and the semihosting console both on one stdio chardev (QEMU writes semihosting
    # output to stderr otherwise, into the trace), and no monitor mux.
    qcmd = [args.qemu, "-M", "virt", "-cpu", args.qemu_cpu, "-display", "none", "-nic", "none",
            "-chardev", "stdio,id=con0,mux=on", "-serial", "chardev:con0", "-monitor", "none",
            "-semihosting-config", "enable=on,target=native,chardev=con0",
            "-d", "cpu,fpu,nochain", "-singlestep"] + args.emu_args.split() + ["-kernel", args.elf]
    acmd = [args.a64emu, "-M", "virt", "-semihosting", "-nographic", "-d", "cpu,fpu"] + \
        args.emu_args.split() + args.a64emu_args.split() + ["-kernel", args.elf]
    aenv = dict(os.environ)
    for kv in args.a64emu_env:
        k, _, v = kv.partition("=")
        aenv[k] = v
    qout, aout = os.path.join(tmp, "qemu.out"), os.path.join(tmp, "a64emu.out")
    qp = start(qcmd, qout)
    ap_ = start(acmd, aout, aenv)
    qt, at = Trace("QEMU", qp.stderr), Trace("a64emu", ap_.stderr)
    dis = Disassembly(args.elf, args.objdump)
    words = ElfWords(args.elf, args.raw_base)
    tainted = set()  # id-register rule: registers that may differ
    deadline = time.monotonic() + args.timeout
    n = 0  # states compared
    repeats = 0
    ignored = {"exception-nzcv": 0, "semihost-time": 0, "fetch-abort": 0, "id-register": 0}
    nzcv_relaxed = False
    qprev = aprev = None
    verdict, report = 0, []

    def divergence(title, q, a, ignore=()):
        report.append("%s: %s at instruction #%d (states compared: %d)" % (name, title, n, n))
        if aprev is not None:
            pc = int(parse(aprev)["PC"], 16)
            report.append("  just executed: " + dis.at(pc))
        if q is not None and a is not None:
            report.append("  next:          " + dis.at(int(parse(a)["PC"], 16)))
            report.append(side_by_side(q, a, ignore))
        for t, s in ((qt, q), (at, a)):
            if s is None:
                report.append("  %s trace ended after %d states" % (t.name, t.count))
        return 1

    try:
        while True:
            if n >= args.max_insns:
                report.append("%s: stopped after %d states (--max-insns)" % (name, n))
                verdict = 3
                break
            if (n & 0xfff) == 0 and time.monotonic() > deadline:
                report.append("%s: stopped after %d states (--timeout %gs)" % (name, n, args.timeout))
                verdict = 3
                break
            q, a = qt.next_state(), at.next_state()
            if q is None or a is None:
                if q is None and a is None:
                    break
                verdict = divergence("one side ended early", q, a)
                if n == 0:
                    verdict = 2  # a side did not start: a tool problem, not a divergence
                if q is not None:
                    report.append("  QEMU continues at:   " + dis.at(int(parse(q)["PC"], 16)))
                if a is not None:
                    report.append("  a64emu continues at: " + dis.at(int(parse(a)["PC"], 16)))
                break
            if key(q) != key(a):
                # qemu-repeat: QEMU logged the same state twice, a64emu moved on.
                while q is not None and q == qprev and key(a) != key(q):
                    repeats += 1
                    q = qt.next_state()
                if q is None:
                    verdict = divergence("one side ended early", q, a)
                    break
            if key(q) != key(a) and exception_entry(aprev, q) and parse(q)["PC"] != parse(a)["PC"]:
                # fetch-abort: a64emu logged the state at a PC whose fetch then aborts.
                a2 = at.next_state()
                if a2 is not None and parse(a2)["PC"] == parse(q)["PC"]:
                    ignored["fetch-abort"] += 1
                    a = a2
                else:
                    verdict = divergence("DIVERGENCE", q, a)
                    break
            if key(q) != key(a):
                diff = differing(q, a)
                qps, aps = pstate_value(q), pstate_value(a)
                nzcv_only = diff == ["PSTATE"] and (qps ^ aps) & ~NZCV_MASK == 0
                if nzcv_only and nzcv_relaxed:
                    ignored["exception-nzcv"] += 1
                elif nzcv_only and qps & NZCV_MASK == 0 and exception_entry(aprev, a):
                    nzcv_relaxed = True
                    ignored["exception-nzcv"] += 1
                elif diff == ["X00"] and semihost_time_call(aprev, words):
                    ignored["semihost-time"] += 1
                elif args.id_registers_differ and set(diff) <= tainted | {id_register_read(aprev, words)}:
                    tainted = set(diff)  # the ones that still differ; equal ones are clean again
                    ignored["id-register"] += 1
                else:
                    # Equal values but different text: a64emu's -d cpu format drifted from QEMU's.
                    verdict = divergence("DIVERGENCE" if diff else "TRACE FORMAT DIFFERS", q, a)
                    break
            else:
                nzcv_relaxed = False
                tainted = set()
            qprev, aprev = q, a
            n += 1
    except ValueError as e:
        report.append("%s: %s" % (name, e))
        verdict = 2
    finally:
        # Both traces ended: let the processes finish. Otherwise (divergence, limit) kill them.
        if verdict == 0:
            try:
                qp.wait(timeout=10)
                ap_.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        qs, as_ = stop(qp), stop(ap_)

    if verdict == 0:
        if qs != as_:
            report.append("%s: exit status differs: QEMU %d, a64emu %d" % (name, qs, as_))
            verdict = 1
        elif args.expect_status is not None and qs != args.expect_status:
            report.append("%s: both exited with %d, expected %d" % (name, qs, args.expect_status))
            verdict = 1
        else:
            with open(qout, "rb") as f1, open(aout, "rb") as f2:
                if f1.read() != f2.read():
                    report.append("%s: guest output differs (--keep keeps both)" % name)
                    verdict = 1
    if verdict != 0:
        report.append("  guest output, QEMU:\n" + tail(qout))
        report.append("  guest output, a64emu:\n" + tail(aout))
        for t in (qt, at):
            if t.noise:
                report.append("  other %s log lines (last %d):\n%s" % (
                    t.name, len(t.noise), "\n".join("    | " + l for l in t.noise)))
        report.append("  QEMU:   " + " ".join(qcmd))
        report.append("  a64emu: " + "".join(kv + " " for kv in args.a64emu_env) + " ".join(acmd))
    extra = [("%s=%d" % (k, v)) for k, v in ignored.items() if v]
    if repeats:
        extra.append("qemu-repeat=%d" % repeats)
    summary = "%s: %s, %d instructions compared (QEMU -cpu %s%s)" % (
        name, {0: "OK", 1: "DIVERGED", 2: "ERROR", 3: "INCOMPLETE"}[verdict], n, args.qemu_cpu,
        "; accepted: " + ", ".join(extra) if extra else "")
    for line in report:
        print(line)
    print(summary)
    if args.keep:
        print("  (guest output kept in %s)" % tmp)
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return verdict


if __name__ == "__main__":
    sys.exit(main())
