#!/usr/bin/env bash
# Build an ext4 disk image from a directory, without root: mke2fs -d copies the tree into the new
# filesystem itself (no loop mount). Files end up owned by root (-E root_owner=0:0), whatever the
# host owner, as a guest expects of its root filesystem.
#   scripts/make-disk.sh DIR IMAGE [SIZE]     SIZE as mke2fs takes it (64M, 1G; default 64M)
# The image is a raw file for `-drive file=IMAGE,format=raw,if=virtio`. Needs mke2fs (e2fsprogs).
# Prints the image path.
set -euo pipefail
DIR=${1:?usage: make-disk.sh DIR IMAGE [SIZE]}
IMG=${2:?usage: make-disk.sh DIR IMAGE [SIZE]}
SIZE=${3:-64M}
[[ -d $DIR ]] || { echo "make-disk: $DIR is not a directory" >&2; exit 1; }
MKE2FS=$(command -v mke2fs || command -v /sbin/mke2fs || true)
[[ -n $MKE2FS ]] || { echo "make-disk: mke2fs not found (apt-get install e2fsprogs)" >&2; exit 1; }
rm -f "$IMG"
# -F: IMAGE is a regular file, not a block device; -q: quiet; -L: a label the guest can find.
"$MKE2FS" -F -q -t ext4 -L a64emu -E root_owner=0:0 -d "$DIR" "$IMG" "$SIZE"
echo "$IMG"
