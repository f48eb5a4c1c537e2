#!/usr/bin/env bash
# docs/memory-map.md must be exactly what `a64emu --memory-map` prints from src/machine/virt_map.c
# (style.md 6.5: the documentation comes from the table, so it cannot drift).
set -u
EMU=${1:?usage: $0 A64EMU BUILD_DIR}
DOC="$(dirname "$0")/../../docs/memory-map.md"
if diff -u "$DOC" <("$EMU" --memory-map); then
    echo "test_memory_map_doc: 1 passed, 0 failed"
else
    echo "docs/memory-map.md differs from the table: regenerate it with a64emu --memory-map > docs/memory-map.md"
    echo "test_memory_map_doc: 0 passed, 1 failed"
    exit 1
fi
