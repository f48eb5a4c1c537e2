# Shared helpers for tests/scripts/test_cli*.sh (sourced, not a test itself).
# Usage in a test: source lib_cli.sh "$@"  (arguments: a64emu binary, build directory)

EMU=${1:?usage: $0 A64EMU BUILD_DIR}
BUILD=${2:?usage: $0 A64EMU BUILD_DIR}
[[ -x $EMU ]] || { echo "FAIL: $EMU is not an executable" >&2; exit 1; }
EMU=$(readlink -f "$EMU")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/a64emu-cli.XXXXXX")
trap 'chmod -R u+rwx "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

n_pass=0 n_fail=0 n_skip=0

ok()   { n_pass=$((n_pass + 1)); echo "PASS: $1"; }
bad()  { n_fail=$((n_fail + 1)); echo "FAIL: $1"; shift; indent "$@"; }
indent() { local l; for l in "$@"; do printf '%s\n' "$l" | sed 's/^/      /'; done; }
skip() { n_skip=$((n_skip + 1)); echo "SKIP: $1 ($2)"; }

# run_emu ARGS...: runs a64emu under a 5 s timeout with no stdin; sets RC, MS (elapsed
# milliseconds), OUT and ERR (file names holding stdout and stderr).
OUT=$WORK/stdout ERR=$WORK/stderr
run_emu() {
    local t0 t1
    t0=$(date +%s%N)
    timeout 5 "$EMU" "$@" </dev/null >"$OUT" 2>"$ERR"
    RC=$?
    t1=$(date +%s%N)
    MS=$(((t1 - t0) / 1000000))
}

# finish: the closing line, and the exit status.
finish() {
    echo "$(basename "$0" .sh): $n_pass passed, $n_fail failed, $n_skip skipped"
    ((n_fail == 0))
}

# Cross tools for building small AArch64 test payloads (setup-deps installs them).
have_cross() { command -v aarch64-linux-gnu-as >/dev/null && command -v aarch64-linux-gnu-ld >/dev/null; }

# build_elf NAME: assemble $NAME.S (already written) into $NAME.elf linked at 0x40080000.
build_elf() {
    cat >"$WORK/link.ld" <<'LD'
ENTRY(_start)
SECTIONS {
  . = 0x40080000;
  .text : { *(.text*) *(.rodata*) }
  .data : { *(.data*) }
  .bss : { *(.bss*) *(COMMON) }
}
LD
    aarch64-linux-gnu-as -o "$WORK/$1.o" "$WORK/$1.S" &&
        aarch64-linux-gnu-ld -T "$WORK/link.ld" -z max-page-size=4096 --build-id=none \
            --no-warn-rwx-segments -o "$WORK/$1.elf" "$WORK/$1.o"
}

# A semihosting "hello" whose data segment is 8 KiB, so it can be cut in the middle of a segment.
# Exit status = the EXIT_STATUS symbol (SYS_EXIT_EXTENDED semantics via SYS_EXIT's subcode).
write_hello() { # NAME STATUS
    cat >"$WORK/$1.S" <<ASM
    .global _start
    .text
_start:
    adr x1, msg
    mov x0, #0x04          // SYS_WRITE0
    hlt #0xf000
    adr x1, exitblk
    mov x0, #0x18          // SYS_EXIT, x1 -> {reason, status}
    hlt #0xf000
1:  b 1b
    .align 3
exitblk: .quad 0x20026, $2  // ADP_Stopped_ApplicationExit
msg: .asciz "hello from a64emu\n"
    .align 3
    .space 8192
    .bss
counter: .space 64
ASM
}
