#!/usr/bin/env bash
# Deterministic mode (issue 9 item 1): consecutive Linux boots with --deterministic give identical
# state digests and per-vCPU instruction counts. Debian's 6.1 kernel with -smp 2 (so the vCPU
# interleaving is covered), init = a shell that prints uname and powers off (no host input).
#   bash tests/scripts/test_deterministic_boot.sh build/a64emu build      3 boots (the default)
#   DET_BOOTS=20 bash tests/scripts/test_deterministic_boot.sh ...        the issue's 20
# Skipped (77) under the sanitizers and when the payloads cannot be fetched.
set -u
EMU=${1:?a64emu binary}
N=${DET_BOOTS:-3}
source "$(dirname "${BASH_SOURCE[0]}")/lib_linux.sh"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
INITRD=$(bash "$ROOT/scripts/make-initramfs.sh" "$WORK/initramfs.cpio.gz" </dev/null | tail -n 1)
first="" fail=0
for i in $(seq 1 "$N"); do
    t0=$SECONDS
    timeout 600 "$EMU" -M virt,gic-version=3 -smp 2 -m 512M -nographic \
        -kernel "$CACHE/vmlinuz-6.1" -initrd "$INITRD" --deterministic --digest \
        -append 'console=ttyAMA0 rdinit=/bin/sh -- -c "/bin/busybox uname -a; /bin/busybox poweroff -f"' \
        </dev/null >"$WORK/out" 2>"$WORK/err"
    rc=$?
    got=$(grep -E '^(digest|icount):' "$WORK/err" | tr '\n' ' ')
    if ((rc != 0)) || ! grep -q 'reboot: Power down' "$WORK/out" || [[ -z $got ]]; then
        echo "FAIL: boot $i: status $rc"
        tail -n 5 "$WORK/out" "$WORK/err"
        fail=1
        break
    fi
    if [[ -z $first ]]; then
        first=$got
        echo "boot 1: $got($((SECONDS - t0)) s)"
    elif [[ $got != "$first" ]]; then
        echo "FAIL: boot $i differs: $got"
        fail=1
        break
    else
        echo "boot $i: identical ($((SECONDS - t0)) s)"
    fi
done
((fail == 0)) && echo "ok: $N deterministic boots, identical digests and instruction counts"
exit $fail
