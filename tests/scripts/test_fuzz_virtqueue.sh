#!/usr/bin/env bash
# The virtio libFuzzer harness (tests/fuzz/fuzz_virtqueue.c) under ASan and UBSan for a bounded
# time (FUZZ_SECONDS, default 30) from the seed corpus tests/fuzz/corpus/virtio: any crash,
# sanitizer report, leak or timeout fails. Skipped (77) without clang. The harness is built
# here with the same sources as the A64EMU_FUZZ CMake option.
#
#   bash tests/scripts/test_fuzz_virtqueue.sh build/a64emu build
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$(dirname "${BASH_SOURCE[0]}")/lib_cli.sh"
SECONDS_BUDGET=${FUZZ_SECONDS:-30}

command -v clang >/dev/null || { echo "SKIP: clang not installed"; exit 77; }
BIN=$WORK/fuzz_virtqueue
if ! clang -g -O1 -std=c11 -D_DEFAULT_SOURCE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    -I"$ROOT/src" -o "$BIN" "$ROOT/tests/fuzz/fuzz_virtqueue.c" "$ROOT"/src/devices/virtio/*.c \
    "$ROOT/src/bus/bus.c" "$ROOT/src/util/log.c" "$ROOT/src/util/err.c" "$ROOT/src/util/snap.c" 2>"$WORK/cc.log"; then
    if grep -q "fuzzer" "$WORK/cc.log" && grep -qi "no such file\|cannot find\|unsupported" "$WORK/cc.log"; then
        echo "SKIP: this clang has no libFuzzer runtime"; exit 77
    fi
    bad "build the fuzz harness" "$(head -n 20 "$WORK/cc.log")"
    finish
    exit
fi
ok "harness builds with -fsanitize=fuzzer,address,undefined"

# Every seed first, alone: each must run clean (they are the regression inputs).
if "$BIN" -runs=0 "$ROOT/tests/fuzz/corpus/virtio" >"$WORK/seeds.log" 2>&1; then
    ok "seed corpus ($(ls "$ROOT/tests/fuzz/corpus/virtio" | wc -l) inputs) runs clean"
else
    bad "seed corpus runs clean" "$(tail -n 30 "$WORK/seeds.log")"
fi

mkdir -p "$WORK/corpus" "$WORK/artifacts"
"$BIN" -max_total_time="$SECONDS_BUDGET" -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
    -artifact_prefix="$WORK/artifacts/" "$WORK/corpus" "$ROOT/tests/fuzz/corpus/virtio" >"$WORK/fuzz.log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$WORK/fuzz.log")
if ((rc == 0)) && [[ -n $runs ]] && ! ls "$WORK/artifacts" | grep -q .; then
    ok "fuzzed for ${SECONDS_BUDGET} s: $runs inputs, no finding"
else
    bad "fuzz run (exit $rc)" "$(grep -E 'ERROR|SUMMARY|runtime error|artifact' "$WORK/fuzz.log" | head -n 20)"
    for a in "$WORK"/artifacts/*; do
        [[ -f $a ]] && echo "reproducer (base64) $(basename "$a"): $(base64 -w0 "$a" | head -c 4000)"
    done
fi
finish
