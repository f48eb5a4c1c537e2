#!/bin/bash
# CI sample of the random-program lockstep fuzzer against QEMU (tests/fuzz/README.md):
# about 20,000 random instructions from a fresh, date-based seed each run, bounded to ~2 minutes,
# then about 10,000 with scalar floating point (FP=1, same seed), bounded to ~1 minute.
# The first line names the seed so a failure can be reproduced exactly.
# usage (ctest): test_random_lockstep.sh A64EMU BUILD_DIR      (SEED=... to force a seed)
set -u
EMU=${1:?usage: $0 A64EMU BUILD_DIR}
BUILD=${2:?usage: $0 A64EMU BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
SEED=${SEED:-$(date +%Y%m%d%H%M%S)}
COUNT=5000 PROGRAMS=4
echo "SEED=$SEED A64EMU=$EMU tests/fuzz/run_random_lockstep.sh $SEED $COUNT $PROGRAMS"
if ! command -v qemu-system-aarch64 >/dev/null; then
    echo "SKIP: qemu-system-aarch64 not installed"
    exit 0
fi
RANDPROG=$BUILD/tests/fuzz/randprog
if [[ ! -x $RANDPROG ]]; then
    echo "FAIL: $RANDPROG not built (target randprog)"
    exit 1
fi
A64EMU=$EMU RANDPROG=$RANDPROG TIMEOUT=100 \
    timeout 150 "$root/tests/fuzz/run_random_lockstep.sh" "$SEED" "$COUNT" "$PROGRAMS"
rc=$?
if ((rc == 124)); then
    echo "FAIL: over the 150 s bound (SEED=$SEED)"
    exit 1
fi
((rc == 0)) || exit $rc
echo "FP: SEED=$SEED FP=1 tests/fuzz/run_random_lockstep.sh $SEED 5000 2"
A64EMU=$EMU RANDPROG=$RANDPROG TIMEOUT=50 FP=1 \
    timeout 75 "$root/tests/fuzz/run_random_lockstep.sh" "$SEED" 5000 2
rc=$?
if ((rc == 124)); then
    echo "FAIL: FP sample over the 75 s bound (SEED=$SEED)"
    exit 1
fi
exit $rc
