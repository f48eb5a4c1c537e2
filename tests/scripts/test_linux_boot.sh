#!/usr/bin/env bash
# Boot Debian's arm64 cloud kernels to the busybox shell of scripts/make-initramfs.sh and talk to
# them on the console (issue 6): 6.1 at EL1 with -smp 2 (and no machine-caused warnings in dmesg),
# at EL2 with KVM in VHE mode and -smp 1, at EL2 with -cpu cortex-a57 (no VHE: KVM's "Hyp mode")
# and -smp 4; and 6.12 at EL2 with -smp 4 when the apt sources carry it. Each checks a command's
# reply and that `exit` powers off with status 0.
#   bash tests/scripts/test_linux_boot.sh build/a64emu build
# The payloads come from scripts/fetch-payloads.sh (Debian's archive; needs the network once,
# then the cache). Skipped (status 77) under the sanitizers (each boot would take minutes; the
# gcc phase runs it) and when the payloads cannot be fetched.
set -u
EMU=${1:?a64emu binary}
source "$(dirname "${BASH_SOURCE[0]}")/lib_linux.sh"
INITRD=$(bash "$ROOT/scripts/make-initramfs.sh" "$(mktemp -d)/initramfs.cpio.gz" </dev/null | tail -n 1)
fail=0
KERNEL=$CACHE/vmlinuz-6.1
boot() { # NAME EXPECT CMDS -- a64emu args   (kernel: $KERNEL)
    local name=$1 expect=$2 cmds=$3
    shift 4
    local t0=$SECONDS
    if SESSION_CMDS=$cmds SESSION_EXPECT=$expect python3 "$ROOT/tests/scripts/linux_session.py" 400 -- \
        "$EMU" -m 512M -nographic -kernel "$KERNEL" -initrd "$INITRD" \
        -append "console=ttyAMA0" "$@"; then
        echo "ok: $name ($((SECONDS - t0)) s)"
    else
        echo "FAIL: $name"
        fail=1
    fi
}
# dmesg lines a machine-model bug would cause: WARN() splats, the clocksource or timer going
# backwards, GIC complaints, unhandled system registers or traps.
WARN_RE='WARNING:|Call trace|went backwards|GIC.*(error|fail|[Ww]arn)|[Uu]nhandled|Unexpected|BUG:'
boot "EL1, -smp 2: shell, 2 CPUs online, no machine warnings in dmesg, exit powers off" \
    'cpus=2 warns=0.*reboot: Power down' \
    "$(printf 'echo cpus=$(grep -c ^processor /proc/cpuinfo) warns=$(dmesg | grep -cE "%s")\nexit' "$WARN_RE")" \
    -- -M virt,gic-version=3 -smp 2
boot "EL2, -smp 1: KVM in VHE mode, shell, exit powers off" 'kvm=1.*reboot: Power down' \
    $'echo kvm=$(dmesg | grep -c "VHE mode initialized successfully")\nexit' \
    -- -M virt,virtualization=on,gic-version=3
boot "EL2, -smp 4, -cpu cortex-a57 (no VHE): KVM in Hyp mode, 4 CPUs" 'cpus=4 kvm=1.*reboot: Power down' \
    $'echo cpus=$(grep -c ^processor /proc/cpuinfo) kvm=$(dmesg | grep -c "Hyp mode initialized successfully")\nexit' \
    -- -M virt,virtualization=on,gic-version=3 -smp 4 -cpu cortex-a57
if [[ -f $CACHE/vmlinuz-6.12 ]]; then
    KERNEL=$CACHE/vmlinuz-6.12
    boot "6.12, EL2, -smp 4: KVM in VHE mode, 4 CPUs, no machine warnings" 'cpus=4 kvm=1 warns=0.*reboot: Power down' \
        "$(printf 'echo cpus=$(grep -c ^processor /proc/cpuinfo) kvm=$(dmesg | grep -c "VHE mode initialized successfully") warns=$(dmesg | grep -cE "%s")\nexit' "$WARN_RE")" \
        -- -M virt,virtualization=on,gic-version=3 -smp 4
else
    echo "note: no vmlinuz-6.12 in $CACHE (the apt sources carry no 6.12 cloud kernel): 6.12 boot not run"
fi
rm -f "$INITRD"
exit $fail
