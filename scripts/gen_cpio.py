#!/usr/bin/env python3
"""Write a newc ("070701") cpio archive from a spec file, without root: owners, modes and device
nodes come from the spec, not from the file system (the format of the kernel's usr/gen_init_cpio,
whose source is not at hand; written from Documentation/driver-api/early-userspace/buffer-format.rst).

Spec lines (# comments and blank lines ignored):
  dir   NAME MODE UID GID
  file  NAME SOURCE MODE UID GID
  nod   NAME MODE UID GID c|b MAJOR MINOR
  slink NAME TARGET MODE UID GID
MODE is octal permission bits. Usage: gen_cpio.py SPEC OUT [--gzip]
"""
import gzip
import sys
import stat

TYPES = {"dir": stat.S_IFDIR, "file": stat.S_IFREG, "nod": 0, "slink": stat.S_IFLNK}


def header(ino, mode, uid, gid, nlink, size, rmaj, rmin, name):
    fields = [ino, mode, uid, gid, nlink, 0, size, 0, 0, rmaj, rmin, len(name) + 1, 0]
    return b"070701" + b"".join(b"%08X" % f for f in fields)


def pad4(b):
    return b + b"\0" * (-len(b) % 4)


def entry(ino, mode, uid, gid, nlink, data, name, rmaj=0, rmin=0):
    n = name.lstrip("/").encode()
    return pad4(header(ino, mode, uid, gid, nlink, len(data), rmaj, rmin, n) + n + b"\0") + pad4(data)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out, ino = [], 721
    for lineno, line in enumerate(open(sys.argv[1]), 1):
        f = line.split()
        if not f or f[0].startswith("#"):
            continue
        kind, name = f[0], f[1]
        try:
            if kind == "dir":
                mode, uid, gid = int(f[2], 8), int(f[3]), int(f[4])
                out.append(entry(ino, stat.S_IFDIR | mode, uid, gid, 2, b"", name))
            elif kind == "file":
                data = open(f[2], "rb").read()
                mode, uid, gid = int(f[3], 8), int(f[4]), int(f[5])
                out.append(entry(ino, stat.S_IFREG | mode, uid, gid, 1, data, name))
            elif kind == "nod":
                mode, uid, gid = int(f[2], 8), int(f[3]), int(f[4])
                t = {"c": stat.S_IFCHR, "b": stat.S_IFBLK}[f[5]]
                out.append(entry(ino, t | mode, uid, gid, 1, b"", name, int(f[6]), int(f[7])))
            elif kind == "slink":
                mode, uid, gid = int(f[3], 8), int(f[4]), int(f[5])
                out.append(entry(ino, stat.S_IFLNK | mode, uid, gid, 1, f[2].encode(), name))
            else:
                raise ValueError(f"unknown entry type '{kind}'")
        except (IndexError, ValueError, KeyError, OSError) as e:
            sys.exit(f"{sys.argv[1]}:{lineno}: {e}")
        ino += 1
    out.append(entry(0, 0, 0, 0, 1, b"", "TRAILER!!!"))
    blob = b"".join(out)
    blob += b"\0" * (-len(blob) % 512)
    if "--gzip" in sys.argv[3:]:
        blob = gzip.compress(blob, 9, mtime=0)
    open(sys.argv[2], "wb").write(blob)


if __name__ == "__main__":
    main()
