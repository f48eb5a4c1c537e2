#!/usr/bin/env bash
# Record/replay and snapshot costs (docs/performance.md, "Deterministic mode, record/replay and
# snapshots"). CPU time (user + sys of the a64emu process) is reported, not wall time: the
# development machine is shared and its wall times mostly measure waiting for a core.
#   bash bench/replay_bench.sh [build]            the workloads: plain, --deterministic, --record, --replay
#   LINUX=1 bash bench/replay_bench.sh [build]    also snapshot save/load of a booted 1 GiB Linux guest
set -u
B=$(cd "${1:-build}" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cpu() { /usr/bin/time -f "%U %S" -o "$T/t" "$@" </dev/null >/dev/null 2>&1; awk '{printf "%.2f", $1 + $2}' "$T/t"; }
printf '%-8s %8s %8s %8s %8s   (CPU seconds)\n' workload plain determ record replay
for w in alu sort checksum; do
    elf=$B/bench/$w.elf
    [[ -f $elf ]] || continue
    p=$(cpu "$B/a64emu" -semihosting -kernel "$elf")
    d=$(cpu "$B/a64emu" -semihosting -kernel "$elf" --deterministic)
    r=$(cpu "$B/a64emu" -semihosting -kernel "$elf" --record "$T/$w.log")
    y=$(cpu "$B/a64emu" -semihosting -kernel "$elf" --replay "$T/$w.log")
    printf '%-8s %8s %8s %8s %8s\n' "$w" "$p" "$d" "$r" "$y"
done
if [[ ${LINUX:-0} == 1 ]]; then
    P=${A64EMU_PAYLOADS:-$HOME/.cache/a64emu/payloads}
    args=(-M virt,gic-version=3 -m 1G -nographic -kernel "$P/vmlinuz-6.1" -initrd "$P/initramfs.cpio.gz"
          -append 'console=ttyAMA0 rdinit=/bin/sh -- -c "/bin/busybox uname -a; /bin/busybox poweroff -f"' --stats)
    # Boot to just before the power-off, save there; then load and save again (the same state).
    "$B/a64emu" "${args[@]}" --deterministic --snapshot-save "$T/a.snap" --snapshot-at 890000000 2>&1 | grep 'snapshot saved'
    "$B/a64emu" "${args[@]}" --snapshot-load "$T/a.snap" --snapshot-save "$T/b.snap" --max-insns 890000000 2>&1 |
        grep 'stats: snapshot'
    ls -l "$T/a.snap" | awk '{print "snapshot file: " $5 " bytes"}'
    cmp -s "$T/a.snap" "$T/b.snap" && echo "save -> load -> save: byte-identical"
fi
