# The gdb stub's packet fuzzer (gdb_fuzz.py) for a bounded time against the gdb_target ROM:
# random and mutated packets never crash or hang a64emu; 'k' at the end exits 0. Once with one
# vCPU, once with EL2 and -smp 2 (more registers and threads), once in deterministic mode.
FUZZ=$(cd "$(dirname "$0")" && pwd)/gdb_fuzz.py
source "$(dirname "$0")/lib_gdb.sh" "$@"
[[ -f $ROM ]] || { echo "SKIP: $ROM not built (needs the cross compiler)"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 is not installed"; exit 77; }
SEED=${A64EMU_FUZZ_SEED:-$RANDOM}

fuzz() {
    local name=$1
    shift
    emu_start -semihosting -kernel "$ROM" -S "$@"
    timeout 60 python3 "$FUZZ" "$PORT" 6 "$SEED" >"$WORK/fuzz.out" 2>&1
    local frc=$?
    emu_wait
    if [[ $frc == 0 && $EMU_RC == 0 ]] && grep -q "killed by gdb" "$WORK/emu.err"; then
        ok "$name: $(grep -E 'packets sent' "$WORK/fuzz.out")"
    else
        bad "$name (fuzzer status $frc, a64emu status $EMU_RC, seed $SEED)" "$(tail -5 "$WORK/fuzz.out")" "$(grep -v "reverse execution needs" "$WORK/emu.err" | tail -5)"
    fi
}

fuzz "fuzz, one vCPU at EL1"
fuzz "fuzz, EL2 and two vCPUs" -M virt,virtualization=on -smp 2
fuzz "fuzz, deterministic mode (transparent runs, bs and bc)" --deterministic -smp 2
finish
