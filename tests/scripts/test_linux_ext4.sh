#!/usr/bin/env bash
# The Debian 6.1 cloud kernel on an ext4 virtio disk (issue 7 acceptance): the test builds the
# image from a directory (scripts/make-disk.sh, no root), the guest mounts it, checks a file the
# host put there, writes new files, `sync`s and powers off; then debugfs reads every file back out
# of the host image - nothing lost. A second boot with readonly=on: the guest's file write fails
# with EROFS, a raw write to /dev/vda fails too, a64emu keeps running (the shell answers
# afterwards, poweroff exits 0) and the image is unchanged.
#   bash tests/scripts/test_linux_ext4.sh build/a64emu build
# Skipped (77) under the sanitizers (minutes per boot), without the payloads or e2fsprogs.
set -u
EMU=${1:?a64emu binary}
source "$(dirname "${BASH_SOURCE[0]}")/lib_linux.sh"
DEBUGFS=$(command -v debugfs || command -v /sbin/debugfs || true)
[[ -n $DEBUGFS ]] || { echo "SKIP: debugfs not installed (e2fsprogs)"; exit 77; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/a64emu-ext4.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
INITRD=$(bash "$ROOT/scripts/make-initramfs.sh" "$WORK/initramfs.cpio.gz" </dev/null | tail -n 1)
mkdir -p "$WORK/tree/etc"
echo "seed-from-host-$$" > "$WORK/tree/seed.txt"
echo "a64emu" > "$WORK/tree/etc/hostname"
bash "$ROOT/scripts/make-disk.sh" "$WORK/tree" "$WORK/disk.img" 32M >/dev/null || { echo "FAIL: make-disk.sh"; exit 1; }

fail=0
boot() { # NAME EXPECT CMDS -- a64emu args
    local name=$1 expect=$2 cmds=$3
    shift 4
    local t0=$SECONDS
    if SESSION_CMDS=$cmds SESSION_EXPECT=$expect python3 "$ROOT/tests/scripts/linux_session.py" 400 -- \
        "$EMU" -m 512M -nographic -M virt,gic-version=3 -kernel "$CACHE/vmlinuz-6.1" \
        -initrd "$INITRD" -append "console=ttyAMA0" "$@"; then
        echo "ok: $name ($((SECONDS - t0)) s)"
    else
        echo "FAIL: $name"
        fail=1
    fi
}
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }

# Boot 1: read the host's file, write a text file, a 2 MiB file and a directory, sync, power off.
# The expectations match computed output only (the console echoes each command line as typed).
boot "ext4 on virtio-blk: mount, read, write, sync, poweroff" \
    'seed=seed-from-host-[0-9]+.*wrote=0.*reboot: Power down' \
    $'mount -t ext4 /dev/vda /mnt && echo "seed=$(cat /mnt/seed.txt)"\nseq 1 20000 > /mnt/seq.txt && mkdir -p /mnt/dir/sub && echo deep > /mnt/dir/sub/leaf && dd if=/dev/zero bs=64k count=32 2>/dev/null | tr "\\000" "Z" > /mnt/zz.bin; echo "wrote=$?"\nsync\npoweroff -f' \
    -- -drive file="$WORK/disk.img",format=raw,if=virtio
cat_img() { "$DEBUGFS" -R "cat $1" "$WORK/disk.img" 2>/dev/null; }
check "host image: seq.txt is seq 1 20000" "cmp -s <(cat_img /seq.txt) <(seq 1 20000)"
check "host image: dir/sub/leaf" "[[ \$(cat_img /dir/sub/leaf) == deep ]]"
check "host image: zz.bin is 2 MiB of Z" "cmp -s <(cat_img /zz.bin) <(head -c 2097152 /dev/zero | tr '\\000' Z)"
check "host image: the host's seed.txt kept" "[[ \$(cat_img /seed.txt) == seed-from-host-$$ ]]"
check "host image: e2fsck -n finds no errors" "/sbin/e2fsck -fn '$WORK/disk.img' >/dev/null 2>&1 || e2fsck -fn '$WORK/disk.img' >/dev/null 2>&1"

# Boot 2: the same image read-only (VIRTIO_BLK_F_RO). Boot 1 ended with poweroff after sync, not
# umount, so the journal wants replaying: noload mounts without (replay would write). A write
# through the filesystem gets EROFS. A raw write: Linux 6.1 marks the whole disk read-only from
# VIRTIO_BLK_F_RO and `blockdev --setrw` clears only the block device's flag, so the block layer
# refuses it (EPERM) before the device would (VIRTIO_BLK_S_IOERR -> EIO, the ROM tests cover that
# path); either way the write must fail.
before=$(sha256sum < "$WORK/disk.img")
boot "readonly=on: EROFS from the filesystem, raw write refused, a64emu runs on" \
    'ro=1.*Read-only file system.*fswrite=1.*(Operation not permitted|I/O error).*rawwrite=1.*alive=yes.*reboot: Power down' \
    $'mount -t ext4 -o ro,noload /dev/vda /mnt; echo "ro=$(grep -c " /mnt ext4 ro" /proc/mounts)"\necho x > /mnt/new.txt; echo "fswrite=$?"\numount /mnt && blockdev --setrw /dev/vda; dd if=/dev/zero of=/dev/vda bs=4096 count=1 conv=fsync; echo "rawwrite=$?"\necho "alive=$(echo yes)"\npoweroff -f' \
    -- -drive if=none,id=d0,file="$WORK/disk.img",format=raw,readonly=on -device virtio-blk-device,drive=d0
check "read-only boot left the image unchanged" "[[ \$(sha256sum < '$WORK/disk.img') == '$before' ]]"
exit $fail
