#!/usr/bin/env python3
"""Packet fuzzer for a64emu's gdb stub (tests/scripts/test_gdb_fuzz.sh).

Connects to the stub on 127.0.0.1:PORT, switches to no-ack mode, then for SECONDS sends random
and mutated packets: valid packets with random arguments, bit-flipped and truncated ones, bad
checksums, lone escapes, binary noise and oversized packets. After each, a probe (qC) must be
answered within a few seconds: the stub neither crashed nor hung. Packets that resume the guest
(c, C, D, k, vCont with continue) are not sent, so the machine stays stopped; steps are. At the
end it sends 'k' (a64emu must then exit 0, checked by the caller). Deterministic for a seed.
Only loopback is ever contacted. Prints 'N passed, N failed' (one check per probe).
"""
import random
import socket
import sys
import time

SEEDS = [
    "?", "g", "G", "p20", "p21", "P20=0000004000000000", "p44", "p54", "m40000000,40", "m0,4",
    "mffffffffffff0000,100", "M40100000,4:01020304", "X40100000,4:abcd", "Z0,40001404,4",
    "z0,40001404,4", "Z1,40001000,4", "Z2,40001770,8", "z2,40001770,8", "Z3,40001778,8",
    "Z4,40001778,1", "z4,40001778,1", "Hg1", "Hc1", "Hg2", "Hg0", "Hc-1", "T1", "T9",
    "qSupported:multiprocess+;swbreak+", "qXfer:features:read:target.xml:0,ffb",
    "qXfer:features:read:target.xml:1000,100", "qXfer:features:read:other.xml:0,10",
    "qfThreadInfo", "qsThreadInfo", "qC", "qAttached", "qThreadExtraInfo,1", "qRcmd,68656c70",
    "qRcmd,72656773", "qRcmd,7472616e736c6174652030783430303030303030", "qRcmd,706879732f6f6e",
    "vCont?", "vCont;s:1", "vCont;s", "s", "S05", "vMustReplyEmpty", "qTStatus", "qOffsets",
    "bs", "bc", "bx", "bsx", "qRcmd,726576646267", "qRcmd,72657664626720696e74657276616c2033",
]
FORBIDDEN = ("c", "C", "D", "k", "vCont;c", "vCont;C", "R", "r", "vKill", "vRun")


def frame(body: bytes) -> bytes:
    return b"$" + body + b"#" + b"%02x" % (sum(body) & 0xFF)


def resumes(body: bytes) -> bool:
    text = body.decode("latin-1")
    if text.startswith("vCont"):
        return any(a[:1] in ("c", "C") for a in text.split(";")[1:])
    return text.startswith(FORBIDDEN)


def mutate(rng: random.Random, body: bytes) -> bytes:
    b = bytearray(body)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(6)
        if op == 0 and b:
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        elif op == 1 and b:
            del b[rng.randrange(len(b)):]
        elif op == 2:
            b[rng.randrange(len(b) + 1):0] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif op == 3:
            b += b"," + (b"%x" % rng.getrandbits(rng.choice((8, 32, 64, 72))))
        elif op == 4:
            b += rng.choice((b":", b";", b"}", b"=", b"-1", b",,"))
        else:
            b = bytearray(b"%c%x,%x" % (rng.choice(b"mMXZzpPqHT"), rng.getrandbits(64), rng.getrandbits(16)))
    return bytes(b)


class Conn:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.buf = b""

    def send(self, data):
        self.s.sendall(data)

    def packet(self, timeout):
        """The next reply packet's body, or None after timeout."""
        end = time.monotonic() + timeout
        while True:
            i = self.buf.find(b"$")
            j = self.buf.find(b"#", i + 1) if i >= 0 else -1
            if i >= 0 and j >= 0 and len(self.buf) >= j + 3:
                body, self.buf = self.buf[i + 1:j], self.buf[j + 3:]
                return body
            left = end - time.monotonic()
            if left <= 0:
                return None
            self.s.settimeout(left)
            try:
                chunk = self.s.recv(65536)
            except socket.timeout:
                return None
            if not chunk:
                raise ConnectionError("the stub closed the connection")
            self.buf += chunk

    def probe(self):
        """qC must be answered: resend a few times (a fuzz packet may have left the receiver
        inside a checksum)."""
        for _ in range(3):
            self.send(frame(b"qC"))
            end = time.monotonic() + 3
            while time.monotonic() < end:
                p = self.packet(end - time.monotonic())
                if p is None:
                    break
                if p.startswith(b"QC"):
                    return True
        return False


def main():
    port, seconds, seed = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    c = Conn(port)
    c.send(b"+" + frame(b"QStartNoAckMode"))
    passed = failed = 0
    deadline = time.monotonic() + seconds
    sent = 0
    while time.monotonic() < deadline:
        kind = rng.randrange(10)
        if kind < 5:
            body = mutate(rng, rng.choice(SEEDS).encode())
            if resumes(body):
                continue
            data = frame(body)
        elif kind == 5:  # bad checksum
            data = b"$" + rng.choice(SEEDS).encode() + b"#" + bytes(rng.choice(b"0123456789abcdefxyz") for _ in range(2))
        elif kind == 6:  # binary noise (no 0x03: that is Ctrl-C, harmless while stopped anyway)
            data = bytes(rng.randrange(256) for _ in range(rng.randint(1, 200)))
        elif kind == 7:  # oversized
            data = frame(b"m" + b"0" * rng.randint(0x4000, 0x5000))
        elif kind == 8:  # X with random escapes
            payload = bytes(rng.randrange(256) for _ in range(rng.randint(0, 40))).replace(b"$", b"}").replace(b"#", b"}")
            data = frame(b"X40100000,%x:" % rng.randint(0, 50) + payload)
        else:  # a valid seed packet
            body = rng.choice(SEEDS).encode()
            data = frame(body)
        c.send(data)
        sent += 1
        if c.probe():
            passed += 1
        else:
            failed += 1
            print(f"FAIL: no answer to qC after {data[:80]!r}")
            break
    print(f"fuzz: {sent} packets sent (seed {seed})")
    c.send(frame(b"k"))
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
