#!/usr/bin/env bash
# Build a busybox initramfs (gzip'd newc cpio) for Linux guests, without root: the archive is
# generated from a spec by scripts/gen_cpio.py, so /dev/console (character device 5,1) and root
# ownership exist in the archive without mknod or chown on the host.
#   /init   mounts proc, sysfs and devtmpfs, installs the busybox applets, and runs a shell on the
#           console (job control through cttyhack); when the shell exits, it powers off.
# Input:  busybox from scripts/fetch-payloads.sh (the cache directory), or $BUSYBOX.
# Output: $1, default $CACHE/initramfs.cpio.gz. Prints the output path.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${A64EMU_PAYLOADS:-${XDG_CACHE_HOME:-$HOME/.cache}/a64emu/payloads}
BUSYBOX=${BUSYBOX:-$CACHE/busybox}
OUT=${1:-$CACHE/initramfs.cpio.gz}
[[ -f $BUSYBOX ]] || { echo "make-initramfs: no busybox at $BUSYBOX (run scripts/fetch-payloads.sh)" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cat > "$WORK/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "a64emu initramfs: busybox $(busybox | head -n1 | cut -d' ' -f2) on Linux $(uname -r); 'poweroff' stops"
setsid cttyhack sh
poweroff -f
INIT

cat > "$WORK/spec" <<SPEC
dir /dev 755 0 0
nod /dev/console 600 0 0 c 5 1
dir /proc 755 0 0
dir /sys 755 0 0
dir /tmp 1777 0 0
dir /root 700 0 0
dir /etc 755 0 0
dir /bin 755 0 0
dir /sbin 755 0 0
dir /usr 755 0 0
dir /usr/bin 755 0 0
dir /usr/sbin 755 0 0
file /bin/busybox $BUSYBOX 755 0 0
slink /bin/sh busybox 777 0 0
file /init $WORK/init 755 0 0
SPEC
python3 "$HERE/gen_cpio.py" "$WORK/spec" "$OUT" --gzip
echo "$OUT"
