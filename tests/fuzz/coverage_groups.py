#!/usr/bin/env python3
"""Per-encoding-group coverage of the FP/SIMD space from run_random_lockstep.sh COVERAGE files.

usage: tests/fuzz/coverage_groups.py COV_FILE... > table.md

A COVERAGE file holds 'ROW N' lines (random instructions compared per table row, appended per
program). The groups are the '/* ---- name ...' section comments of the FP/SIMD table files
(src/decode/a64_fp*.def, a64_simd*.def, a64_crypto.def), in file order. Prints a Markdown table:
group, rows, rows executed at least once, instructions executed; then the rows never executed.
"""
import collections
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FILES = ["a64_fp_ldst.def", "a64_simd_ldst.def", "a64_fp.def", "a64_simd.def", "a64_simd_fp.def",
         "a64_crypto.def"]


def groups():
    """[(file, group name, [row names])] in table order; sections of one file with the same
    group name (the load/store forms, the FP data-processing 1/2/3 source) are merged."""
    out = []
    by_key = {}
    for f in FILES:
        cur = None
        for line in open(os.path.join(ROOT, "src", "decode", f)):
            m = re.match(r"/\* ---- (.*)", line)
            if m:
                name = re.split(r"[:(]| ----", m.group(1))[0].strip().rstrip(",")
                cur = by_key.get((f, name))
                if cur is None:
                    cur = by_key[(f, name)] = [f, name, []]
                    out.append(cur)
                continue
            m = re.match(r"A64\((\w+),", line)
            if m:
                if cur is None:
                    cur = [f, f, []]
                    out.append(cur)
                cur[2].append(m.group(1))
    return out


def main():
    counts = collections.Counter()
    for path in sys.argv[1:]:
        for line in open(path):
            parts = line.split()
            if len(parts) == 2 and parts[1].isdigit():
                counts[parts[0]] += int(parts[1])
    total = 0
    never = []
    print("| table file | encoding group | rows | rows executed | instructions executed |")
    print("|---|---|---:|---:|---:|")
    for f, name, rows in groups():
        n = sum(counts[r] for r in rows)
        hit = sum(1 for r in rows if counts[r])
        never += [r for r in rows if not counts[r]]
        total += n
        print("| %s | %s | %d | %d | %d |" % (f, name, len(rows), hit, n))
    print("| | **total** | | | **%d** |" % total)
    print()
    print("Rows never executed: %s" % (", ".join(never) if never else "none"))


if __name__ == "__main__":
    main()
