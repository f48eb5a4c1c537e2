#!/usr/bin/env bash
# virtio I/O throughput of a Linux guest, a64emu against qemu-system-aarch64 (TCG) with the same
# options in the same run (issue 7). One boot per emulator of the Debian 6.1 cloud kernel with the
# busybox initramfs (scripts/make-initramfs.sh: virtio modules loaded by /init), a virtio-blk
# disk on a raw host file and a virtio-net on a slirp user network; in the guest:
#   disk write  dd if=/dev/zero of=/dev/vda bs=1M count=$DISK_MB conv=fsync   (reaches the file)
#   disk read   drop the page cache, dd if=/dev/vda of=/dev/null bs=1M count=$DISK_MB
#   TCP         dd if=/dev/zero bs=64k | nc 10.0.2.2 PORT: $NET_MB MiB to a sink on host
#               loopback (through slirp), timed by the sink from its first byte to EOF
# The disk figures are bytes / elapsed guest time, read from /proc/uptime around each dd (busybox
# dd prints no rate; 10 ms resolution); the guest clock is the host clock in both emulators
# (a64emu without -icount runs on the host's monotonic clock). One sample each: these
# are I/O paths dominated by interpretation of the guest's copy loops and drivers, a few percent
# of noise does not change the picture; run it twice to see the spread.
#   bench/virtio_io.sh [BUILD_DIR]       (default build); DISK_MB=64 NET_MB=32 override the sizes
# Prints a table and a Markdown row pair for docs/performance.md.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${1:-$ROOT/build}
EMU=$BUILD/a64emu
DISK_MB=${DISK_MB:-64}
NET_MB=${NET_MB:-32}
CACHE=${A64EMU_PAYLOADS:-${XDG_CACHE_HOME:-$HOME/.cache}/a64emu/payloads}
[[ -x $EMU ]] || { echo "virtio_io: no $EMU (build first)" >&2; exit 1; }
[[ -f $CACHE/vmlinuz-6.1 ]] || { echo "virtio_io: no payloads (scripts/fetch-payloads.sh)" >&2; exit 1; }
QEMU=$(command -v qemu-system-aarch64 || true)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/a64emu-bench-io.XXXXXX")
[[ -n ${KEEP:-} ]] && echo "virtio_io: keeping $WORK" || trap 'rm -rf "$WORK"' EXIT
INITRD=$(bash "$ROOT/scripts/make-initramfs.sh" "$WORK/initramfs.cpio.gz" </dev/null | tail -n 1)

# The host end of the TCP test: accept one connection per boot, count to EOF, write "BYTES SECONDS".
sink() { # PORTFILE OUTFILE
    python3 - "$1" "$2" <<'PY' &
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(1)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
s.settimeout(600)
c, _ = s.accept()
n, t0 = 0, None
while True:
    b = c.recv(1 << 16)
    if not b:
        break
    if t0 is None:
        t0 = time.monotonic()
    n += len(b)
open(sys.argv[2], "w").write("%d %.6f\n" % (n, time.monotonic() - (t0 or time.monotonic())))
PY
    SINK_PID=$!
}

# The guest prints "NAME=T0,T1" (its /proc/uptime around a dd of DISK_MB MiB) -> MB/s (10^6).
dd_rate() { # LOGFILE NAME
    grep -a -o "^$2=[0-9.]*,[0-9.]*" "$1" | tail -n 1 | tr '=,' '  ' |
        awk -v mb="$DISK_MB" '{ if ($3 > $2) printf "%.1f", mb * 1048576 / ($3 - $2) / 1e6 }'
}

run() { # NAME CMD...
    local name=$1
    shift
    rm -f "$WORK/port" "$WORK/tcp"
    sink "$WORK/port" "$WORK/tcp"
    while [[ ! -s $WORK/port ]]; do sleep 0.1; done
    local port
    port=$(cat "$WORK/port")
    truncate -s 0 "$WORK/disk.img" && truncate -s $((DISK_MB * 2))M "$WORK/disk.img"
    local cmds=$'udhcpc -i eth0 -n -q -t 5 >/dev/null 2>&1; echo "dhcp=$?"\n'
    local up='$(cut -d" " -f1 /proc/uptime)'
    cmds+="a=$up; dd if=/dev/zero of=/dev/vda bs=1M count=$DISK_MB conv=fsync 2>/dev/null; echo \"diskw=\$a,$up\""$'\n'
    cmds+="echo 3 > /proc/sys/vm/drop_caches; a=$up; dd if=/dev/vda of=/dev/null bs=1M count=$DISK_MB 2>/dev/null; echo \"diskr=\$a,$up\""$'\n'
    cmds+="dd if=/dev/zero bs=65536 count=$((NET_MB * 16)) 2>/dev/null | nc 10.0.2.2 $port; echo \"nc=\$?\""$'\n'
    cmds+=$'poweroff -f'
    local t0=$SECONDS
    SESSION_CMDS=$cmds SESSION_EXPECT='dhcp=0.*nc=0' SESSION_LOG=$WORK/$name.log \
        python3 "$ROOT/tests/scripts/linux_session.py" 900 -- "$@" >"$WORK/$name.session" 2>&1
    local rc=$?
    wait "$SINK_PID" 2>/dev/null
    local w r t="-"
    w=$(dd_rate "$WORK/$name.log" diskw)
    r=$(dd_rate "$WORK/$name.log" diskr)
    [[ -s $WORK/tcp ]] && t=$(awk '{ if ($2 > 0) printf "%.1f", $1 / $2 / 1e6 }' "$WORK/tcp")
    if ((rc != 0)); then
        echo "virtio_io: $name session failed:" >&2
        tail -n 20 "$WORK/$name.session" >&2
    fi
    printf '%-8s disk write %7s MB/s   disk read %7s MB/s   TCP guest->host %7s MB/s   (%d s)\n' \
        "$name" "${w:--}" "${r:--}" "${t:--}" $((SECONDS - t0))
    RESULT[$name]="${w:--} | ${r:--} | ${t:--}"
}

declare -A RESULT
COMMON=(-m 512M -smp 1 -nographic -kernel "$CACHE/vmlinuz-6.1" -initrd "$INITRD" -append "console=ttyAMA0"
        -drive if=none,id=d0,file="$WORK/disk.img",format=raw -device virtio-blk-device,drive=d0
        -netdev user,id=n0 -device virtio-net-device,netdev=n0)
echo "virtio_io: disk ${DISK_MB} MiB, TCP ${NET_MB} MiB; $(date -u +%FT%TZ); $(nproc) host CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
run a64emu "$EMU" -M virt,gic-version=3 "${COMMON[@]}"
if [[ -n $QEMU ]]; then
    # cortex-a57 as the lockstep tests use; -M virt's own default NIC is off once -netdev is given.
    run qemu "$QEMU" -M virt,gic-version=3 -cpu cortex-a57 "${COMMON[@]}"
else
    echo "virtio_io: qemu-system-aarch64 not installed: a64emu only"
fi
echo
echo "| emulator | disk write MB/s | disk read MB/s | TCP guest->host MB/s |"
echo "|---|---|---|---|"
for k in a64emu qemu; do [[ -n ${RESULT[$k]:-} ]] && echo "| $k | ${RESULT[$k]} |"; done
