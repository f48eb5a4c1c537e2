#!/usr/bin/env bash
# Boot Debian's arm64 6.1 cloud kernel to the busybox shell of scripts/make-initramfs.sh and talk
# to it on the console (issue 6): at EL1 with -smp 2, and at EL2 with KVM (VHE) and -smp 1. Each
# checks a command's reply and that `exit` powers off with status 0.
#   bash tests/scripts/test_linux_boot.sh build/a64emu build
# The payloads come from scripts/fetch-payloads.sh (Debian's archive; needs the network once,
# then the cache). Skipped (status 77) under the sanitizers (each boot would take minutes; the
# gcc phase runs it) and when the payloads cannot be fetched.
set -u
EMU=${1:?a64emu binary}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [[ -n ${ASAN_OPTIONS:-} ]]; then
    echo "SKIP: Linux boots are not run under the sanitizers (minutes each); the gcc phase runs them"
    exit 77
fi
CACHE=${A64EMU_PAYLOADS:-${XDG_CACHE_HOME:-$HOME/.cache}/a64emu/payloads}
if [[ ! -f $CACHE/vmlinuz-6.1 || ! -f $CACHE/busybox ]]; then
    if ! bash "$ROOT/scripts/fetch-payloads.sh" </dev/null >/tmp/a64emu-fetch.$$ 2>&1; then
        echo "SKIP: scripts/fetch-payloads.sh failed (no network or no root?):"
        tail -n 5 /tmp/a64emu-fetch.$$
        rm -f /tmp/a64emu-fetch.$$
        exit 77
    fi
    rm -f /tmp/a64emu-fetch.$$
fi
INITRD=$(bash "$ROOT/scripts/make-initramfs.sh" "$(mktemp -d)/initramfs.cpio.gz" </dev/null | tail -n 1)
fail=0
boot() { # NAME EXPECT CMDS -- a64emu args
    local name=$1 expect=$2 cmds=$3
    shift 4
    local t0=$SECONDS
    if SESSION_CMDS=$cmds SESSION_EXPECT=$expect python3 "$ROOT/tests/scripts/linux_session.py" 400 -- \
        "$EMU" -m 512M -nographic --preview fp,advsimd -kernel "$CACHE/vmlinuz-6.1" -initrd "$INITRD" \
        -append "console=ttyAMA0" "$@"; then
        echo "ok: $name ($((SECONDS - t0)) s)"
    else
        echo "FAIL: $name"
        fail=1
    fi
}
boot "EL1, -smp 2: shell, 2 CPUs online, exit powers off" 'cpus=2.*reboot: Power down' \
    $'echo cpus=$(grep -c ^processor /proc/cpuinfo)\nexit' \
    -- -M virt,gic-version=3 -smp 2
boot "EL2, -smp 1: KVM in VHE mode, shell, exit powers off" 'kvm=1.*reboot: Power down' \
    $'echo kvm=$(dmesg | grep -c "VHE mode initialized successfully")\nexit' \
    -- -M virt,virtualization=on,gic-version=3
rm -f "$INITRD"
exit $fail
