#!/usr/bin/env bash
# The main job, for now: install dependencies, build a64emu and the bare-metal ROMs, and run the
# "hello" ROM (roms/hello) with semihosting. Its output and exit status are the guest's.
#
#   bash scripts/demo.sh [extra a64emu options, e.g. --stats or -d in_asm]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
JOBS=${JOBS:-2}

bash scripts/setup-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$JOBS"

ROM=build/roms/hello.elf
if [[ ! -f $ROM ]]; then
    echo "demo: $ROM was not built (roms/CMakeLists.txt needs aarch64-linux-gnu-gcc)" >&2
    exit 1
fi
echo "demo: ./build/a64emu -semihosting -kernel $ROM $*"
exec ./build/a64emu -semihosting -kernel "$ROM" "$@"
