#!/usr/bin/env python3
"""Check every line of an `a64emu trace tarmac` export against the Tarmac line grammar.

The grammar is the one Arm's Tarmac Trace Utilities accept (github.com/ARM-software/
tarmac-trace-utilities: doc/index.rst "Tarmac trace file format", and lib/parser.cpp, which is
the normative reader). Each line is

    TIMESTAMP [UNIT] [cpuN] EVENT ...

with TIMESTAMP decimal, UNIT one of clk ns cs cyc tic ps, an optional trace-source token starting
with "cpu", then one event:

  IT/IS  "(" INDEX ")" ADDR ENCODING ISET MODE ":" DISASSEMBLY
         instruction executed (IT) / condition failed (IS); INDEX decimal or hex, ADDR and
         ENCODING hex, ISET one of A T O (O = AArch64), MODE a word such as EL1h_n
  R      REGNAME HEXVALUE          register write; value hex digits, optionally '_'-separated
  MRn/MWn ADDR[:PADDR] HEXVALUE    memory read/write of n bytes; value has 2n hex digits
  E      ADDR EXCID CoreEvent_NAME exception ("[<time>] E <pc> [<extra>] <excid> CoreEvent_...")

a64emu's exporter must produce only these forms, and only AArch64 ("O") instructions. Beyond the
grammar this checker holds the export to the trace's own invariants: timestamps never decrease,
MRn/MWn values have exactly 2n digits, R values are 8, 16 or 32+1 ('_') digits wide, encodings 8.

usage: tarmac_check.py FILE   (exit 0: every line valid; 1: the first bad lines are printed)
"""
import re
import sys

TS = r"(?P<t>\d+) (?:clk|ns|cs|cyc|tic|ps) cpu\d+ "
RULES = [
    ("instruction", re.compile(TS + r"(?P<ev>IT|IS) \((?P<idx>\d+)\) (?P<pc>[0-9a-f]{16}) (?P<enc>[0-9a-f]{8}) O "
                               r"EL[0-3][ht]_n : \S.*$")),
    ("register", re.compile(TS + r"R (?P<reg>[A-Za-z][A-Za-z0-9_.]*) "
                            r"(?P<val>[0-9a-f]{8}|[0-9a-f]{16}|[0-9a-f]{16}_[0-9a-f]{16})$")),
    ("memory", re.compile(TS + r"M(?P<rw>[RW])(?P<size>1|2|4|8) (?P<addr>[0-9a-f]{16})(?::[0-9a-f]+)? "
                          r"(?P<val>[0-9a-f]+)$")),
    ("exception", re.compile(TS + r"E (?P<pc>[0-9a-f]{16}) (?P<id>[0-9a-f]{8}) CoreEvent_[A-Za-z0-9_]+$")),
]


def check(path):
    bad = []
    last_t = -1
    counts = {name: 0 for name, _ in RULES}
    with open(path) as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip("\n")
            for name, rx in RULES:
                m = rx.match(line)
                if m:
                    break
            else:
                bad.append((no, "matches no Tarmac line form", line))
                continue
            counts[name] += 1
            t = int(m.group("t"))
            if t < last_t:
                bad.append((no, "timestamp decreases", line))
            last_t = t
            if name == "instruction" and int(m.group("idx")) != t:
                bad.append((no, "bracketed index differs from the timestamp", line))
            if name == "memory" and len(m.group("val")) != 2 * int(m.group("size")):
                bad.append((no, "memory value width is not 2 digits per byte", line))
    return bad, counts


def main():
    bad, counts = check(sys.argv[1])
    for no, why, line in bad[:20]:
        print(f"{sys.argv[1]}:{no}: {why}: {line}")
    summary = ", ".join(f"{v} {k}" for k, v in counts.items())
    if bad:
        print(f"FAIL: {len(bad)} bad lines ({summary})")
        return 1
    print(f"ok: {sum(counts.values())} lines ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
