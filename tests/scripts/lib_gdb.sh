# Shared helpers for tests/scripts/test_gdb*.sh (sourced, not a test itself): start a64emu with
# the gdb stub on a free port (-gdb tcp::0: the system picks it; the stub names it on stderr).
# Usage: source lib_gdb.sh "$@"  (arguments: a64emu binary, build directory)
source "$(dirname "${BASH_SOURCE[0]}")/lib_cli.sh" "$@"

GDB=$(command -v gdb-multiarch || true)
ROM=$BUILD/roms/gdb_target.elf

# need_tools: exit 77 (ctest SKIP) with a SKIP line when gdb-multiarch or the ROM is missing.
need_tools() {
    if [[ -z $GDB ]]; then
        echo "SKIP: gdb-multiarch is not installed"
        exit 77
    fi
    if [[ ! -f $ROM ]]; then
        echo "SKIP: $ROM not built (needs the cross compiler)"
        exit 77
    fi
}

# emu_start ARGS...: a64emu in the background (EMU_PID), stderr in $WORK/emu.err; sets PORT.
emu_start() {
    : >"$WORK/emu.err"
    "$EMU" "$@" -gdb tcp::0 </dev/null >"$WORK/emu.out" 2>"$WORK/emu.err" &
    EMU_PID=$!
    PORT=
    for _ in $(seq 100); do
        PORT=$(sed -n 's/.*gdb: listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$WORK/emu.err")
        [[ -n $PORT ]] && return 0
        sleep 0.05
    done
    echo "a64emu did not start listening:" >&2
    cat "$WORK/emu.err" >&2
    return 1
}

# emu_wait: wait (5 s at most) for a64emu to exit; sets EMU_RC (124 if it had to be stopped).
emu_wait() {
    for _ in $(seq 100); do
        if ! kill -0 "$EMU_PID" 2>/dev/null; then
            wait "$EMU_PID"
            EMU_RC=$?
            return
        fi
        sleep 0.05
    done
    kill "$EMU_PID" 2>/dev/null
    wait "$EMU_PID"
    EMU_RC=124
}

# gdb_batch CMD...: gdb-multiarch --batch connected to $PORT, each argument one command; output
# in $WORK/gdb.out (30 s limit).
gdb_args() {
    GDB_ARGS=(-nx --batch -ex "set architecture aarch64" -ex "set confirm off" -ex "file $ROM"
              -ex "target remote 127.0.0.1:$PORT")
    local c
    for c in "$@"; do GDB_ARGS+=(-ex "$c"); done
}
gdb_batch() {
    gdb_args "$@"
    timeout 30 "$GDB" "${GDB_ARGS[@]}" >"$WORK/gdb.out" 2>&1
}

# gdb_batch_interrupt SECONDS CMD...: as gdb_batch, with a SIGINT to gdb after SECONDS (what
# Ctrl-C at a terminal does: gdb sends the stub 0x03 during a foreground continue).
gdb_batch_interrupt() {
    local secs=$1
    shift
    gdb_args "$@"
    "$GDB" "${GDB_ARGS[@]}" >"$WORK/gdb.out" 2>&1 &
    local gpid=$!
    sleep "$secs"
    kill -INT "$gpid" 2>/dev/null
    for _ in $(seq 300); do
        kill -0 "$gpid" 2>/dev/null || break
        sleep 0.1
    done
    kill "$gpid" 2>/dev/null
    wait "$gpid"
}

# expect NAME PATTERN: PASS if gdb's output matches the extended regex.
expect() {
    if grep -Eq -- "$2" "$WORK/gdb.out"; then ok "$1"; else bad "$1" "expected /$2/ in gdb's output:" "$(cat "$WORK/gdb.out")" "a64emu: $(cat "$WORK/emu.err")"; fi
}

sym() { aarch64-linux-gnu-nm "$ROM" | awk -v s="$1" '$3 == s { print $1 }'; }
