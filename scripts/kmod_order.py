#!/usr/bin/env python3
"""Pick kernel modules and their dependencies out of an unpacked kernel package, in load order.

    kmod_order.py MODDIR NAME...
MODDIR is lib/modules/<version> of an unpacked Debian linux-image .deb (which ships no
modules.dep: depmod runs at install time, and this host has no depmod for arm64 anyway). Each
module's dependencies come from the `depends=` string of its .modinfo ELF section, as modinfo
reads them; modules in modules.builtin are part of the kernel image and are left out. Prints the
relative paths (kernel/...) of NAME and everything it needs, dependencies first; a NAME that is
built in prints nothing; a NAME that is neither is an error (status 1).
"""
import os
import struct
import sys


def modinfo(path):
    """The .modinfo section of an ELF64 little-endian object as {key: [values]}."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("%s: not an ELF64 little-endian object" % path)
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)

    def section(i):
        name, _typ, _flags, _addr, off, size = struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize)
        return name, off, size

    _, stroff, _ = section(shstrndx)
    info = {}
    for i in range(shnum):
        name, off, size = section(i)
        end = data.index(b"\0", stroff + name)
        if data[stroff + name:end] == b".modinfo":
            for entry in data[off:off + size].split(b"\0"):
                if b"=" in entry:
                    k, v = entry.decode(errors="replace").split("=", 1)
                    info.setdefault(k, []).append(v)
    return info


def norm(name):
    return name.replace("-", "_")


def main():
    moddir, wanted = sys.argv[1], sys.argv[2:]
    builtin = set()
    with open(os.path.join(moddir, "modules.builtin")) as f:
        for line in f:
            builtin.add(norm(os.path.basename(line.strip())[:-3]))
    where = {}
    for dirpath, _dirs, files in os.walk(os.path.join(moddir, "kernel")):
        for fn in files:
            if fn.endswith(".ko"):
                where[norm(fn[:-3])] = os.path.relpath(os.path.join(dirpath, fn), moddir)
    order, state = [], {}

    def visit(name, chain):
        n = norm(name)
        if n in builtin or state.get(n) == "done":
            return
        if n not in where:
            sys.exit("kmod_order: module %s (needed by %s) is neither built in nor in %s" %
                     (name, " <- ".join(chain) or "the command line", moddir))
        if state.get(n) == "visiting":
            sys.exit("kmod_order: dependency cycle through %s" % name)
        state[n] = "visiting"
        for deps in modinfo(os.path.join(moddir, where[n])).get("depends", []):
            for d in filter(None, deps.split(",")):
                visit(d, chain + [name])
        state[n] = "done"
        order.append(where[n])

    for w in wanted:
        visit(w, [])
    print("\n".join(order))


if __name__ == "__main__":
    main()
