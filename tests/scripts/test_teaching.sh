#!/usr/bin/env bash
# docs/teaching.md's walkthroughs are tests: each tests/golden/teaching/NAME.cmds is a monitor
# session (header lines "# rom: ROM" and "# args: ARGS"; @SYMBOL[+-OFFSET]@ is the ROM symbol's
# address), run with -monitor stdio; its output must equal NAME.out byte for byte, and the doc
# must show that same transcript. A64EMU_UPDATE_GOLDEN=1 rewrites the .out files instead (then
# review the diff, and paste the new transcripts into docs/teaching.md).
#
#   bash tests/scripts/test_teaching.sh build/a64emu build
set -u
BUILD_ABS=$(readlink -f "${2:-.}")
SRC=$(readlink -f "$(dirname "${BASH_SOURCE[0]}")/../..")
source "$(dirname "${BASH_SOURCE[0]}")/lib_cli.sh"
GOLDEN=$SRC/tests/golden/teaching
DOC=$SRC/docs/teaching.md

# resolve ROM LINE: replace each @SYM@, @SYM+N@, @SYM-N@ with the address.
resolve() {
    local rom=$1 line=$2 tok sym off addr
    while [[ $line =~ @([A-Za-z_][A-Za-z0-9_]*)([+-]0?x?[0-9a-fA-F]+)?@ ]]; do
        tok=${BASH_REMATCH[0]} sym=${BASH_REMATCH[1]} off=${BASH_REMATCH[2]:-+0}
        addr=$(aarch64-linux-gnu-nm "$BUILD_ABS/roms/$rom.elf" | awk -v s="$sym" '$3 == s { print $1 }')
        [[ -n $addr ]] || { echo "no symbol $sym in $rom" >&2; return 1; }
        line=${line/"$tok"/$(printf '0x%x' $((0x$addr $off)))}
    done
    printf '%s\n' "$line"
}

for cmds in "$GOLDEN"/*.cmds; do
    name=$(basename "$cmds" .cmds)
    rom=$(sed -n 's/^# rom: //p' "$cmds")
    args=$(sed -n 's/^# args: //p' "$cmds")
    input=$WORK/$name.in
    : >"$input"
    while IFS= read -r l; do
        [[ $l == \#* ]] && continue
        resolve "$rom" "$l" >>"$input" || { bad "$name: bad command file"; continue 2; }
    done <"$cmds"
    # shellcheck disable=SC2086 # args is a word list
    timeout 30 "$EMU" $args -monitor stdio -kernel "$BUILD_ABS/roms/$rom.elf" <"$input" >"$WORK/$name.out" 2>"$WORK/$name.err"
    rc=$?
    if ((rc >= 124)) || grep -qE 'Sanitizer|runtime error:' "$WORK/$name.err"; then
        bad "$name: status $rc" "$(tail -n 20 "$WORK/$name.err")"
        continue
    fi
    if [[ ${A64EMU_UPDATE_GOLDEN:-} == 1 ]]; then
        cp "$WORK/$name.out" "$GOLDEN/$name.out"
        ok "$name: golden file rewritten"
        continue
    fi
    if cmp -s "$WORK/$name.out" "$GOLDEN/$name.out"; then
        ok "$name: the session matches its golden transcript"
    else
        bad "$name: the session differs from $GOLDEN/$name.out" "$(diff "$GOLDEN/$name.out" "$WORK/$name.out" | head -n 30)"
    fi
    # The doc shows the transcript verbatim (from its first prompt on).
    if python3 - "$GOLDEN/$name.out" "$DOC" <<'PY'; then ok "$name: docs/teaching.md shows the same transcript"; else bad "$name: docs/teaching.md does not show $name.out verbatim"; fi
import sys
out = open(sys.argv[1]).read()
doc = open(sys.argv[2]).read()
sys.exit(0 if out.strip("\n") in doc else 1)
PY
done
finish
