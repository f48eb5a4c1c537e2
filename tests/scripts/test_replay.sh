#!/usr/bin/env bash
# Record and replay (issue 9 item 2; docs/record-replay.md) on the uart_echo ROM, whose output
# depends on when its UART input arrives: record a run fed by a slow pipe, replay it with no
# stdin (identical console output, digest and instruction counts), then the log's failure modes:
# truncated, corrupted (header and chunk), not a log, mismatched option, mismatched payload,
# each refused with its message within 5 s; a log missing the guest's input stops with "replay
# stalled at instruction N" (exit 3) instead of hanging.
#   bash tests/scripts/test_replay.sh build/a64emu build
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROMS=$(cd "${2:?build directory}" && pwd)/roms
source "$HERE/lib_cli.sh" "$@"
ROM=$ROMS/uart_echo.elf
HELLO=$ROMS/hello.elf
if [[ ! -f $ROM || ! -f $HELLO ]]; then
    echo "SKIP: $ROM not built (needs aarch64-linux-gnu-gcc)"
    exit 77
fi

# 1. Record, fed by a pipe whose timing the host decides.
(sleep 0.3; printf ab; sleep 0.3; printf q) | timeout 60 "$EMU" -semihosting -kernel "$ROM" --record rec.log --digest \
    >rec.out 2>rec.err
rc=$?
if ((rc == 0)) && grep -q '^got 0x0000000000000061' rec.out && grep -q '^digest: ' rec.err; then
    ok "record: uart_echo read its input ($(grep -c '^got' rec.out) bytes), log of $(stat -c %s rec.log) bytes"
else
    bad "record (status $rc)" "$(cat rec.out rec.err)"
fi

# 2. Replay twice: identical console output, digest and counts, and the replay says so.
for i in 1 2; do
    timeout 60 "$EMU" -semihosting -kernel "$ROM" --replay rec.log --digest </dev/null >rep.out 2>rep.err
    rc=$?
    if ((rc == 0)) && cmp -s rec.out rep.out && diff <(grep -E '^(digest|icount):' rec.err) \
        <(grep -E '^(digest|icount):' rep.err) >/dev/null && grep -q 'replay: identical to the recording' rep.err; then
        ok "replay $i: same console output, digest and instruction counts"
    else
        bad "replay $i (status $rc)" "$(diff rec.out rep.out)" "$(cat rep.err)"
    fi
done

# expect_refused NAME STATUS PATTERN ARGS...: a64emu exits with STATUS within 5 s, stderr matching.
expect_refused() {
    local name=$1 status=$2 pattern=$3
    shift 3
    run_emu "$@"
    if ((RC == status)) && grep -qE "$pattern" "$ERR" && ((MS < 5000)); then
        ok "$name: $(head -n 1 "$ERR") (${MS} ms)"
    else
        bad "$name: status $RC (want $status) after $MS ms, want /$pattern/" "$(cat "$ERR")"
    fi
}
size=$(stat -c %s rec.log)
head -c $((size - 7)) rec.log >trunc.log
expect_refused "truncated log" 2 "truncated at byte $((size - 7))" -semihosting -kernel "$ROM" --replay trunc.log
head -c 30 rec.log >trunc_hdr.log
expect_refused "log cut in its header" 2 "truncated at byte 30" -semihosting -kernel "$ROM" --replay trunc_hdr.log
# A flipped byte in the header's text, and one in the last chunk's compressed data.
cp rec.log hdr.log
printf '\x58' | dd of=hdr.log bs=1 seek=40 conv=notrunc status=none
expect_refused "corrupt header" 2 "corrupt header at byte 20" -semihosting -kernel "$ROM" --replay hdr.log
cp rec.log chunk.log
printf '\xff' | dd of=chunk.log bs=1 seek=$((size - 3)) conv=notrunc status=none
expect_refused "corrupt chunk" 2 "corrupt chunk at byte [0-9]+" -semihosting -kernel "$ROM" --replay chunk.log
head -c 4096 "$ROM" >notalog.log
expect_refused "not a log" 2 "not an a64emu replay log" -semihosting -kernel "$ROM" --replay notalog.log
expect_refused "missing log" 2 "cannot open" -semihosting -kernel "$ROM" --replay nosuch.log
expect_refused "mismatched option" 2 "does not match this run: option smp differs: the log has 1, this run has 2" \
    -semihosting -smp 2 -kernel "$ROM" --replay rec.log
expect_refused "mismatched seed" 2 "option seed differs" -semihosting --seed 7 -kernel "$ROM" --replay rec.log
expect_refused "mismatched payload" 2 "payload file kernel differs: the log has [0-9a-f]{64} [0-9]+ uart_echo.elf, this run has [0-9a-f]{64} [0-9]+ hello.elf" \
    -semihosting -kernel "$HELLO" --replay rec.log
expect_refused "record and replay together" 2 "cannot be combined" -semihosting -kernel "$ROM" --replay rec.log --record x.log

# 3. The watchdog: the same log without its input events. The ROM busy-waits for a first byte
# that never comes; virtual time passes the recording's end and the replay stops.
python3 "$HERE/replay_log_edit.py" drop-input rec.log noinput.log
t0=$(date +%s%N)
timeout 60 "$EMU" -semihosting -kernel "$ROM" --replay noinput.log </dev/null >stall.out 2>stall.err
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
if ((rc == 3)) && grep -q 'replay stalled at instruction [0-9]*' stall.err; then
    ok "stall: $(grep -o 'replay stalled at instruction [0-9]*' stall.err) (exit 3, ${ms} ms)"
else
    bad "stall: status $rc" "$(cat stall.err)"
fi

# 4. Deterministic mode without a log: two runs with the same (file) input agree.
printf 'xyq' >in.txt
for i in 1 2; do
    timeout 60 "$EMU" -semihosting -kernel "$ROM" --deterministic --digest <in.txt >det$i.out 2>det$i.err
done
if cmp -s det1.out det2.out && diff <(grep -E '^(digest|icount):' det1.err) <(grep -E '^(digest|icount):' det2.err) >/dev/null &&
    grep -q '^digest:' det1.err; then
    ok "--deterministic: two runs, same output, digest and counts"
else
    bad "--deterministic runs differ" "$(diff det1.err det2.err)"
fi
finish
