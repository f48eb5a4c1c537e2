#!/usr/bin/env python3
"""Rewrite an a64emu replay log (docs/record-replay.md) for the replay tests.

    replay_log_edit.py drop-input IN OUT     remove every console input event, keeping the log
                                             well-formed (new chunks, CRCs): a log whose guest
                                             will wait for input it does not have
    replay_log_edit.py dump IN               print the header and one line per event
"""
import struct
import sys
import zlib


def read(path):
    data = open(path, "rb").read()
    assert data[:8] == b"A64EMURL", "not a replay log"
    version, hlen, _ = struct.unpack_from("<III", data, 8)
    header = data[20:20 + hlen]
    off = 20 + hlen
    events = []
    while off < len(data):
        tag, clen, ulen, _ = struct.unpack_from("<4sIII", data, off)
        assert tag == b"CHNK"
        raw = zlib.decompress(data[off + 16:off + 16 + clen])
        p = 0
        while p < len(raw):
            etype, icount, vtime, elen = struct.unpack_from("<BQQI", raw, p)
            events.append((etype, icount, vtime, raw[p + 21:p + 21 + elen]))
            p += 21 + elen
        off += 16 + clen
    return version, header, events


def write(path, version, header, events):
    body = b"".join(struct.pack("<BQQI", t, n, v, len(d)) + d for t, n, v, d in events)
    comp = zlib.compress(body)
    out = b"A64EMURL" + struct.pack("<III", version, len(header), zlib.crc32(header)) + header
    out += b"CHNK" + struct.pack("<III", len(comp), len(body), zlib.crc32(body)) + comp
    open(path, "wb").write(out)


def main():
    cmd = sys.argv[1]
    version, header, events = read(sys.argv[2])
    if cmd == "drop-input":
        write(sys.argv[3], version, header, [e for e in events if e[0] != 1])
    elif cmd == "dump":
        print(header.decode())
        for t, n, v, d in events:
            print("type %d at %d (%d ns): %r" % (t, n, v, d[:40]))
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()
