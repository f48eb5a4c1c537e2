#!/usr/bin/env python3
"""Structural comparison of two flattened device trees (devicetree specification v0.4, 5.):
every node path and every property value, ignoring order, except the differences listed.

Usage: dtb_compare.py QEMU.dtb A64EMU.dtb
Prints one line per difference; exit status 1 if there is any not listed below.
"""
import struct
import sys

# Deliberate differences from QEMU 7.2's virt (GICv3), each with its reason. a64emu leaves out a
# node for hardware it does not model: Linux would probe it and fault.
ABSENT_IN_A64EMU = {
    "/pcie@10000000": "no PCIe host bridge yet",
    "/intc@8000000/its@8080000": "no GIC ITS (MSIs come with PCIe)",
    "/fw-cfg@9020000": "no fw-cfg device yet (for EDK2, later)",
    "/platform-bus@c000000": "no dynamic sysbus devices",
}
# Properties whose values differ on every run (random in QEMU; fixed or random in a64emu).
VOLATILE = {("/chosen", "rng-seed"), ("/chosen", "kaslr-seed")}


def parse(path):
    data = open(path, "rb").read()
    magic, total, off_struct, off_strings = struct.unpack_from(">IIII", data, 0)
    if magic != 0xD00DFEED:
        sys.exit(f"{path}: not a flattened device tree")
    nodes, stack, pos = {}, [], off_struct
    while True:
        (tag,) = struct.unpack_from(">I", data, pos)
        pos += 4
        if tag == 1:  # FDT_BEGIN_NODE
            end = data.index(b"\0", pos)
            name = data[pos:end].decode()
            pos = (end + 4) & ~3
            stack.append(name)
            p = "/" + "/".join(stack[1:])
            nodes[p] = {}
        elif tag == 2:  # FDT_END_NODE
            stack.pop()
        elif tag == 3:  # FDT_PROP
            length, nameoff = struct.unpack_from(">II", data, pos)
            pos += 8
            end = data.index(b"\0", off_strings + nameoff)
            pname = data[off_strings + nameoff:end].decode()
            nodes["/" + "/".join(stack[1:])][pname] = data[pos:pos + length]
            pos = (pos + length + 3) & ~3
        elif tag == 4:  # FDT_NOP
            pass
        elif tag == 9:  # FDT_END
            return nodes
        else:
            sys.exit(f"{path}: bad tag {tag} at {pos - 4}")


def show(v):
    if len(v) % 4 == 0 and v and not v.endswith(b"\0"):
        return "<" + " ".join(f"0x{x:x}" for x in struct.unpack(f">{len(v) // 4}I", v)) + ">"
    return repr(v)


def main():
    qemu, ours = parse(sys.argv[1]), parse(sys.argv[2])
    bad = 0
    for p in sorted(set(qemu) | set(ours)):
        if any(p == a or p.startswith(a + "/") for a in ABSENT_IN_A64EMU):
            if p in ours:
                print(f"UNEXPECTED: {p} exists in a64emu's tree though listed as absent")
                bad += 1
            continue
        if p not in ours or p not in qemu:
            print(f"DIFF: node {p} only in {'QEMU' if p in qemu else 'a64emu'}")
            bad += 1
            continue
        for name in sorted(set(qemu[p]) | set(ours[p])):
            if (p, name) in VOLATILE:
                if name in qemu[p] and name not in ours[p]:
                    print(f"DIFF: {p}/{name} missing in a64emu")
                    bad += 1
                continue
            q, a = qemu[p].get(name), ours[p].get(name)
            if (p, name) == ("/timer", "interrupts") and q is not None and a == q + struct.pack(">III", 1, 12, 4):
                # Deliberate: with FEAT_VHE and EL2, a64emu lists the EL2 virtual timer (PPI 12,
                # INTID 28) as the binding allows and QEMU 9 does; QEMU 7.2 never lists it.
                print("deliberate: /timer has the fifth (EL2 virtual timer) interrupt: the CPU has FEAT_VHE")
                continue
            if q != a:
                print(f"DIFF: {p}/{name}: QEMU {show(q) if q is not None else '(none)'}, "
                      f"a64emu {show(a) if a is not None else '(none)'}")
                bad += 1
    for a, why in ABSENT_IN_A64EMU.items():
        if a in qemu:
            print(f"deliberate: {a} not generated ({why})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
