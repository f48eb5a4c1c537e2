#!/usr/bin/env bash
# Build a busybox initramfs (gzip'd newc cpio) for Linux guests, without root: the archive is
# generated from a spec by scripts/gen_cpio.py, so /dev/console (character device 5,1) and root
# ownership exist in the archive without mknod or chown on the host.
#   /init   mounts proc, sysfs and devtmpfs, installs the busybox applets, and runs a shell on the
#           console (job control through cttyhack); when the shell exits, it powers off.
#           Before that it loads the virtio modules (below) when they match the running kernel.
#   /lib/modules/VERSION/  the virtio drivers Debian's cloud kernel builds as modules (virtio,
#           virtio_ring, virtio_mmio, virtio_blk, virtio_net with failover/net_failover,
#           virtio_console, virtio-rng), taken from the kernel package with their dependencies in
#           load order (scripts/kmod_order.py reads each module's depends= and skips what
#           modules.builtin lists: ext4, jbd2, mbcache, crc16, crc32c and rng-core are built in).
#           /init insmods them in that order (the list is the file load-order there).
#   /etc/udhcpc/default.script (where Debian's busybox looks) configures the interface from a busybox udhcpc lease
#           (address, default route, /etc/resolv.conf), so `udhcpc -i eth0` is all a guest runs.
# Input:  busybox from scripts/fetch-payloads.sh (the cache directory), or $BUSYBOX; the kernel
#         package $KERNEL_DEB, default the newest linux-image-6.1.*-cloud-arm64 .deb in
#         $CACHE/debs (the one vmlinuz-6.1 came from). KERNEL_DEB=none: no modules.
# Output: $1, default $CACHE/initramfs.cpio.gz. Prints the output path.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${A64EMU_PAYLOADS:-${XDG_CACHE_HOME:-$HOME/.cache}/a64emu/payloads}
BUSYBOX=${BUSYBOX:-$CACHE/busybox}
OUT=${1:-$CACHE/initramfs.cpio.gz}
[[ -f $BUSYBOX ]] || { echo "make-initramfs: no busybox at $BUSYBOX (run scripts/fetch-payloads.sh)" >&2; exit 1; }
MODULES=(virtio_mmio virtio_blk virtio_net virtio_console virtio_rng ext4)
if [[ -z ${KERNEL_DEB:-} ]]; then
    KERNEL_DEB=$(ls "$CACHE"/debs/linux-image-6.1.*-cloud-arm64_*.deb 2>/dev/null | sort -V | tail -n 1 || true)
    [[ -n $KERNEL_DEB ]] || { echo "make-initramfs: no kernel package in $CACHE/debs: no modules" >&2; KERNEL_DEB=none; }
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
MODSPEC=
if [[ $KERNEL_DEB != none ]]; then
    [[ -f $KERNEL_DEB ]] || { echo "make-initramfs: no kernel package $KERNEL_DEB" >&2; exit 1; }
    mkdir "$WORK/kernel"
    dpkg-deb -x "$KERNEL_DEB" "$WORK/kernel"
    moddir=$(ls -d "$WORK"/kernel/lib/modules/*/ | head -n 1)
    kver=$(basename "$moddir")
    python3 "$HERE/kmod_order.py" "$moddir" "${MODULES[@]}" > "$WORK/load-order"
    MODSPEC="dir /lib 755 0 0
dir /lib/modules 755 0 0
dir /lib/modules/$kver 755 0 0
file /lib/modules/$kver/load-order $WORK/load-order 644 0 0"
    declare -A made=()
    while read -r rel; do
        d=/lib/modules/$kver
        IFS=/ read -ra parts <<< "$(dirname "$rel")"
        for part in "${parts[@]}"; do
            d=$d/$part
            [[ -n ${made[$d]:-} ]] || { MODSPEC+=$'\n'"dir $d 755 0 0"; made[$d]=1; }
        done
        MODSPEC+=$'\n'"file /lib/modules/$kver/$rel $moddir$rel 644 0 0"
    done < "$WORK/load-order"
fi
cat > "$WORK/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
# The virtio drivers are modules in Debian's cloud kernel; load them (dependencies first) when
# the initramfs carries this kernel's. insmod needs no modules.dep.
mods=/lib/modules/$(uname -r)
if [ -f $mods/load-order ]; then
    for m in $(cat $mods/load-order); do insmod $mods/$m || echo "init: insmod $m failed"; done
fi
ip link set lo up 2>/dev/null
echo "a64emu initramfs: busybox $(busybox | head -n1 | cut -d' ' -f2) on Linux $(uname -r); 'poweroff' stops"
setsid cttyhack sh
poweroff -f
INIT

# busybox udhcpc runs this with $1 = deconfig|bound|renew|leasefail|nak and the lease in the
# environment ($interface $ip $mask/$subnet $router $dns).
cat > "$WORK/default.script" <<'SCRIPT'
#!/bin/sh
case "$1" in
deconfig)
    ip addr flush dev "$interface"
    ip link set "$interface" up
    ;;
bound|renew)
    ip addr flush dev "$interface"
    ip addr add "$ip/${mask:-24}" dev "$interface"
    if [ -n "$router" ]; then
        ip route del default 2>/dev/null
        for r in $router; do ip route add default via "$r" dev "$interface"; break; done
    fi
    : > /etc/resolv.conf
    for d in $dns; do echo "nameserver $d" >> /etc/resolv.conf; done
    echo "udhcpc: $interface bound to $ip/${mask:-24} via ${router:-none}"
    ;;
esac
exit 0
SCRIPT

cat > "$WORK/spec" <<SPEC
dir /dev 755 0 0
nod /dev/console 600 0 0 c 5 1
dir /proc 755 0 0
dir /sys 755 0 0
dir /tmp 1777 0 0
dir /root 700 0 0
dir /mnt 755 0 0
dir /etc 755 0 0
dir /bin 755 0 0
dir /sbin 755 0 0
dir /usr 755 0 0
dir /usr/bin 755 0 0
dir /usr/sbin 755 0 0
file /bin/busybox $BUSYBOX 755 0 0
slink /bin/sh busybox 777 0 0
file /init $WORK/init 755 0 0
dir /etc/udhcpc 755 0 0
file /etc/udhcpc/default.script $WORK/default.script 755 0 0
$MODSPEC
SPEC
python3 "$HERE/gen_cpio.py" "$WORK/spec" "$OUT" --gzip
echo "$OUT"
