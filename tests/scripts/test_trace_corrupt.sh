#!/bin/bash
# Damaged trace files: every reader command must fail cleanly (exit 2, a message naming the byte
# offset), within 5 seconds, never crash or hang.
#   - truncation at many points: inside the header, inside a chunk header, inside chunk data,
#     and exactly at a chunk boundary (no end record);
#   - single bytes flipped: every byte of the fixed header and of the first chunk header, and
#     100 positions spread over the rest (the header and chunk checksums must catch each; the
#     reader must not accept a damaged file). Every position was checked once by hand; the
#     sample keeps the test fast on a loaded machine;
#   - trailing garbage after the end record; a file that is not a trace; an empty file.
# Structurally valid chunks with random record bytes are fuzzed by tests/unit/test_trace_reader.c
# (run it under -DA64EMU_SANITIZE=ON for ASan/UBSan).
# usage: test_trace_corrupt.sh A64EMU BUILD_DIR
set -u
emu=$1 build=$2
rom=$build/roms/svc.elf
[ -f "$rom" ] || { echo "SKIP: needs $rom" >&2; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$emu" -M virt -semihosting -nographic -icount shift=0,sleep=off -kernel "$rom" --trace "$tmp/ok.trc" \
    --trace-digest-every 50 >/dev/null || fail "recording"
"$emu" trace print "$tmp/ok.trc" >/dev/null || fail "the undamaged trace does not read"
size=$(stat -c %s "$tmp/ok.trc")

# expect_error FILE WHAT: every reader command exits 2 with "offset" in its message, in 5 s.
expect_error() {
    for cmd in print stats tarmac; do
        msg=$(timeout 5 "$emu" trace $cmd "$1" 2>&1 >/dev/null)
        rc=$?
        [ $rc -eq 124 ] && fail "$2: 'trace $cmd' hung (killed after 5 s)"
        [ $rc -eq 2 ] || fail "$2: 'trace $cmd' exited $rc, expected 2 ($msg)"
        echo "$msg" | grep -q "offset" || fail "$2: 'trace $cmd' message names no offset: $msg"
    done
    msg=$(timeout 5 "$emu" trace compare "$tmp/ok.trc" "$1" 2>&1 >/dev/null)
    rc=$?
    # compare may find a difference before the damage (1) only if the damage is late; it must
    # never crash, hang or call a damaged file identical.
    [ $rc -eq 2 ] || [ $rc -eq 1 ] || fail "$2: 'trace compare' exited $rc ($msg)"
}

# Truncations
for cut in 0 5 15 16 20 40 $((size / 4)) $((size / 2)) $((size - 20)) $((size - 1)); do
    head -c "$cut" "$tmp/ok.trc" >"$tmp/cut.trc"
    expect_error "$tmp/cut.trc" "truncated to $cut bytes"
done
msg=$("$emu" trace print "$tmp/cut.trc" 2>&1 >/dev/null)
echo "truncated: $msg"
echo "$msg" | grep -q "truncated at offset" || fail "a cut file is not called truncated: $msg"

# Flipped bytes
positions=$(python3 - "$tmp/ok.trc" "$tmp" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
body = struct.unpack_from("<I", data, 12)[0]
chunk = 16 + body + 4
pos = set(range(0, 20)) | set(range(chunk - 4, chunk + 16))
pos |= {chunk + 16 + k * (len(data) - chunk - 16) // 100 for k in range(100)}
pos = sorted(p for p in pos if p < len(data))
for i in pos:
    d = bytearray(data)
    d[i] ^= 0x5a
    open(f"{sys.argv[2]}/flip{i}.trc", "wb").write(d)
print(" ".join(map(str, pos)))
PY
) || fail "byte-flip generation"
count=0
for i in $positions; do
    count=$((count + 1))
    f=$tmp/flip$i.trc
    msg=$(timeout 5 "$emu" trace stats "$f" 2>&1 >/dev/null)
    rc=$?
    [ $rc -eq 2 ] || fail "byte $i flipped: 'trace stats' exited $rc, expected 2 ($msg)"
    echo "$msg" | grep -q "offset" || fail "byte $i flipped: no offset in: $msg"
    rm -f "$f"
done
echo "all $count single-byte corruptions rejected"

# Trailing garbage, not a trace, empty
{ cat "$tmp/ok.trc"; echo garbage; } >"$tmp/tail.trc"
expect_error "$tmp/tail.trc" "trailing garbage"
echo "this is not a trace file at all" >"$tmp/text.trc"
expect_error "$tmp/text.trc" "not a trace"
: >"$tmp/empty.trc"
expect_error "$tmp/empty.trc" "empty file"
# Writing: a full disk is a clear error (exit 1), an uncreatable file a usage error (exit 2).
if [ -w /dev/full ]; then
    msg=$("$emu" -M virt -semihosting -nographic -kernel "$rom" --trace /dev/full 2>&1 >/dev/null)
    rc=$?
    [ $rc -eq 1 ] || fail "--trace /dev/full: exit $rc, expected 1"
    echo "$msg" | grep -q "writing failed: No space left on device" || fail "--trace /dev/full: $msg"
fi
"$emu" -M virt -semihosting -nographic -kernel "$rom" --trace "$tmp/no/such/dir.trc" >/dev/null 2>&1
[ $? -eq 2 ] || fail "--trace into a missing directory: expected exit 2"
echo "ok: damaged traces are refused with their offsets"
