#!/usr/bin/env bash
# What the README promises about the command line: help, version, --list-insns, --selftest,
# running a semihosting ELF (exit status is the guest's), --max-insns, -d cpu, exit statuses.
#
#   bash tests/scripts/test_cli_usage.sh build/a64emu build
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib_cli.sh"

# expect NAME STATUS STDOUT_REGEX STDERR_REGEX -- ARGS... (empty regex: not checked)
expect() {
    local name=$1 want=$2 out_re=$3 err_re=$4
    shift 5
    run_emu "$@"
    if ((RC != want)); then
        bad "$name" "exit $RC, expected $want" "$(head -n 5 "$ERR")"
    elif [[ -n $out_re ]] && ! grep -qE -- "$out_re" "$OUT"; then
        bad "$name" "stdout does not match /$out_re/:" "$(head -n 5 "$OUT")"
    elif [[ -n $err_re ]] && ! grep -qE -- "$err_re" "$ERR"; then
        bad "$name" "stderr does not match /$err_re/:" "$(head -n 5 "$ERR")"
    elif grep -qE 'Sanitizer|runtime error:' "$ERR"; then
        bad "$name" "sanitizer report" "$(head -n 20 "$ERR")"
    else
        ok "$name (exit $RC, ${MS} ms)"
    fi
}

expect "--help" 0 "^usage: a64emu" "" -- --help
expect "-h" 0 "^usage: a64emu" "" -- -h
expect "--version" 0 "^a64emu [0-9]+\.[0-9]+" "" -- --version
expect "--list-insns" 0 "^ADD_imm .*implemented" "" -- --list-insns
expect "--selftest" 0 "decode table: ok" "" -- --selftest

if ! have_cross; then
    skip "running ELF payloads" "aarch64-linux-gnu binutils not installed (scripts/setup-deps.sh installs them)"
    finish
    exit
fi
write_hello hello 0 && build_elf hello || { bad "build the test ELF" "as/ld failed"; finish; exit; }
write_hello status7 7 && build_elf status7 || { bad "build the test ELF" "as/ld failed"; finish; exit; }
cat >"$WORK/spin.S" <<'ASM'
    .global _start
_start: add x0, x0, #1
    b _start
ASM
build_elf spin || { bad "build the test ELF" "as/ld failed"; finish; exit; }

expect "semihosting hello" 0 "^hello from a64emu$" "" -- -semihosting -kernel "$WORK/hello.elf"
expect "QEMU-style command line" 0 "^hello from a64emu$" "" -- \
    -M virt -cpu max -m 256M -smp 1 -nographic -semihosting-config enable=on,target=native -kernel "$WORK/hello.elf"
expect "--long=value forms" 0 "^hello from a64emu$" "" -- --semihosting --memory=64M --kernel="$WORK/hello.elf"
expect "start at EL2" 0 "^hello from a64emu$" "" -- -M virt,virtualization=on -semihosting -kernel "$WORK/hello.elf"
gzip -c "$WORK/hello.elf" >"$WORK/hello.elf.gz"
expect "gzipped ELF" 0 "^hello from a64emu$" "" -- -semihosting -kernel "$WORK/hello.elf.gz"
expect "exit status is the guest's" 7 "^hello from a64emu$" "" -- -semihosting -kernel "$WORK/status7.elf"
expect "--max-insns stops a spinning guest with 0" 0 "" "max-insns.*100000 instructions" -- \
    -kernel "$WORK/spin.elf" --max-insns 100000
expect "-d cpu traces every instruction" 0 "" "" -- -kernel "$WORK/spin.elf" --max-insns 10 -d cpu -D "$WORK/trace.txt"
n=$(grep -c '^ *PC=' "$WORK/trace.txt" 2>/dev/null || true)
if [[ $n == 10 ]]; then
    ok "-d cpu wrote 10 register dumps (PC=... lines, QEMU format)"
else
    bad "-d cpu wrote 10 register dumps" "found ${n:-0} PC= lines in the -D file:" "$(head -n 3 "$WORK/trace.txt")"
fi
finish
