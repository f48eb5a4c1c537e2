#!/usr/bin/env python3
"""Write the seed corpus of tests/fuzz/fuzz_virtqueue.c (its header comment gives the format)
into tests/fuzz/corpus/virtio/: well-formed requests for each device, so the fuzzer starts from
inputs that get deep into the request parsers, plus a few classic abuses."""
import os
import struct
import sys

RAM = 0x40000000
RAM_SIZE = 0x20000
BUF = 0x4000  # data buffers live here (offsets into RAM), after the two queues' rings
QSTRIDE = 0x2000


class Image:
    def __init__(self, qsize, legacy=False):
        self.ram = bytearray(RAM_SIZE)
        self.qsize = qsize
        self.avail_off = 16 * qsize if legacy else 0x400  # legacy: right after the descriptors
        self.avail = [0, 0]
        self.next_buf = BUF

    def buf(self, data=b"", size=None):
        size = size if size is not None else len(data)
        off = self.next_buf
        self.ram[off:off + len(data)] = data
        self.next_buf += (size + 15) & ~15
        return RAM + off

    def desc(self, q, i, addr, length, flags, nxt):
        o = QSTRIDE * q + 16 * i
        self.ram[o:o + 16] = struct.pack("<QIHH", addr, length, flags, nxt)

    def publish(self, q, head):
        a = QSTRIDE * q + self.avail_off
        i = self.avail[q]
        struct.pack_into("<H", self.ram, a + 4 + 2 * (i % self.qsize), head)
        self.avail[q] = i + 1
        struct.pack_into("<H", self.ram, a + 2, self.avail[q])

    def chain(self, q, first, segs):
        for k, (addr, length, write) in enumerate(segs):
            nxt = k + 1 < len(segs)
            self.desc(q, first + k, addr, length, (2 if write else 0) | (1 if nxt else 0), first + k + 1 if nxt else 0)
        self.publish(q, first)


def seed(kind, flags, log2q, img, ops):
    used = len(img.ram.rstrip(b"\0"))
    used = min(RAM_SIZE, (used + 15) & ~15)
    return bytes([kind, flags, log2q, 0]) + struct.pack("<H", used // 2) + bytes(img.ram[:used]) + ops


def blk_req(img, first, rtype, sector, data_len, data_in, q=0):
    hdr = img.buf(struct.pack("<IIQ", rtype, 0, sector))
    st = img.buf(size=1)
    segs = [(hdr, 16, False)]
    if data_len:
        segs.append((img.buf(size=data_len), data_len, data_in))
    segs.append((st, 1, True))
    img.chain(q, first, segs)
    return len(segs)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus", "virtio")
    os.makedirs(out, exist_ok=True)
    seeds = {}
    notify0 = bytes([0, 0])
    # virtio-blk: read, write, flush, get-id, discard, write-zeroes; modern and legacy
    for legacy in (0, 1):
        img = Image(16, legacy)
        d = 0
        d += blk_req(img, d, 0, 2, 1024, True)
        d += blk_req(img, d, 1, 3, 512, False)
        d += blk_req(img, d, 4, 0, 0, False)
        d += blk_req(img, d, 8, 0, 20, True)
        rng = img.buf(struct.pack("<QII", 4, 8, 0))
        hdr = img.buf(struct.pack("<IIQ", 13, 0, 0))
        st = img.buf(size=1)
        img.chain(0, d, [(hdr, 16, False), (rng, 16, False), (st, 1, True)])
        seeds[f"blk_mixed_{'legacy' if legacy else 'modern'}"] = seed(0, legacy | 2, 4, img, notify0)
    # indirect read
    img = Image(16)
    table = 0x3000
    hdr = img.buf(struct.pack("<IIQ", 0, 0, 1))
    data = img.buf(size=512)
    st = img.buf(size=1)
    img.ram[table:table + 48] = struct.pack("<QIHHQIHHQIHH", hdr, 16, 1, 1, data, 512, 3, 2, st, 1, 2, 0)
    img.desc(0, 0, RAM + table, 48, 4, 0)
    img.publish(0, 0)
    seeds["blk_indirect"] = seed(0, 4, 4, img, notify0)
    # read-only write attempt
    img = Image(16)
    blk_req(img, 0, 1, 0, 512, False)
    seeds["blk_readonly_write"] = seed(0, 8, 4, img, notify0)
    # abuse: loop, DMA at MMIO
    img = Image(16)
    img.desc(0, 0, img.buf(size=16), 16, 1, 1)
    img.desc(0, 1, img.buf(size=16), 16, 1, 0)
    img.publish(0, 0)
    seeds["blk_loop_then_reset"] = seed(0, 0, 4, img, notify0 + bytes([5]) + notify0)
    img = Image(16)
    hdr = img.buf(struct.pack("<IIQ", 0, 0, 0))
    img.chain(0, 0, [(hdr, 16, False), (0x09000000, 512, True), (img.buf(size=1), 1, True)])
    seeds["blk_dma_mmio"] = seed(0, 0, 4, img, notify0)
    # virtio-rng
    img = Image(8)
    img.chain(0, 0, [(img.buf(size=64), 64, True)])
    img.chain(0, 1, [(img.buf(size=32), 32, True), (img.buf(size=32), 32, True)])
    seeds["rng_two"] = seed(1, 2, 3, img, notify0)
    # virtio-console: rx buffer + input, tx chain
    img = Image(8)
    img.chain(0, 0, [(img.buf(size=16), 16, True)])
    img.chain(1, 0, [(img.buf(b"hello hvc0\n"), 11, False)])
    seeds["console_rx_tx"] = seed(2, 0, 3, img, notify0 + bytes([4, ord("x"), 4, ord("y"), 0, 1]))
    # virtio-net: a transmit chain (12-byte header, 60-byte frame), two receive buffers and two
    # frames from the host; a receive buffer too small for its frame; a header-less transmit
    img = Image(8)
    img.chain(1, 0, [(img.buf(bytes(12)), 12, False), (img.buf(bytes(range(60))), 60, False)])
    img.chain(0, 0, [(img.buf(size=1526), 1526, True)])
    img.chain(0, 1, [(img.buf(size=12), 12, True), (img.buf(size=1514), 1514, True)])
    seeds["net_tx_rx"] = seed(3, 2, 3, img, bytes([0, 1, 0, 0, 4, 8, 4, 189]))
    img = Image(8)
    img.chain(0, 0, [(img.buf(size=64), 64, True)])
    seeds["net_rx_too_small"] = seed(3, 0, 3, img, bytes([0, 0, 4, 100, 5, 0, 0]))
    img = Image(8)
    img.chain(1, 0, [(img.buf(bytes(6)), 6, False)])
    seeds["net_tx_short_header_legacy"] = seed(3, 1, 3, img, bytes([0, 1]))
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    print(f"{len(seeds)} seeds in {out}")


if __name__ == "__main__":
    main()
