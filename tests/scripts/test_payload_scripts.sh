#!/usr/bin/env bash
# scripts/gen_cpio.py (the initramfs generator, no root needed): an archive with a directory, a
# file, a symlink and the /dev/console character device, listed back by GNU cpio, which must see
# root ownership, the modes and device 5,1 without any of them existing on the host; and
# scripts/make-initramfs.sh with a stand-in busybox. Skipped without cpio.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$HERE/../..
command -v cpio >/dev/null || { echo "SKIP: cpio not installed"; exit 77; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/a64emu-cpio.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
n_pass=0 n_fail=0
check() { if eval "$2"; then echo "PASS: $1"; n_pass=$((n_pass + 1)); else echo "FAIL: $1"; n_fail=$((n_fail + 1)); fi; }

printf 'hello\n' > "$WORK/payload"
cat > "$WORK/spec" <<SPEC
# a comment
dir /dev 755 0 0
nod /dev/console 600 0 0 c 5 1
dir /tmp 1777 0 0
file /init $WORK/payload 755 0 0
slink /bin/sh busybox 777 0 0
SPEC
python3 "$ROOT/scripts/gen_cpio.py" "$WORK/spec" "$WORK/a.cpio"
cpio -itv < "$WORK/a.cpio" > "$WORK/list" 2>/dev/null
check "console is a root-owned character device 5,1" "grep -Eq '^crw------- +1 root +root +5, +1 .* dev/console$' '$WORK/list'"
check "sticky /tmp" "grep -Eq '^drwxrwxrwt .* tmp$' '$WORK/list'"
check "file with its mode" "grep -Eq '^-rwxr-xr-x +1 root +root +6 .* init$' '$WORK/list'"
check "symlink" "grep -Eq '^lrwxrwxrwx .* bin/sh -> busybox$' '$WORK/list'"
(mkdir "$WORK/x" && cd "$WORK/x" && cpio -id --no-absolute-filenames init < "$WORK/a.cpio" 2>/dev/null)
check "file contents" "cmp -s '$WORK/x/init' '$WORK/payload'"
check "archive padded to 512 bytes" "[[ \$(( \$(stat -c %s '$WORK/a.cpio') % 512 )) -eq 0 ]]"
printf 'bad 1 2\n' > "$WORK/badspec"
check "bad spec line refused with its line number" \
    "! python3 '$ROOT/scripts/gen_cpio.py' '$WORK/badspec' '$WORK/b.cpio' 2>'$WORK/err' && grep -q 'badspec:1' '$WORK/err'"

printf '#!/bin/sh\n' > "$WORK/busybox"
BUSYBOX=$WORK/busybox KERNEL_DEB=none "$ROOT/scripts/make-initramfs.sh" "$WORK/initramfs.cpio.gz" >/dev/null
gzip -dc "$WORK/initramfs.cpio.gz" | cpio -itv > "$WORK/list2" 2>/dev/null
check "make-initramfs: /init, busybox, /dev/console" \
    "grep -q ' init$' '$WORK/list2' && grep -q ' bin/busybox$' '$WORK/list2' && grep -Eq '^crw.* 5, +1 .* dev/console$' '$WORK/list2'"
check "make-initramfs: udhcpc default.script, no modules with KERNEL_DEB=none" \
    "grep -Eq '^-rwxr-xr-x .* etc/udhcpc/default.script$' '$WORK/list2' && ! grep -q 'lib/modules' '$WORK/list2'"
mkdir -p "$WORK/tree/sub" && echo inside > "$WORK/tree/sub/f"
if command -v debugfs >/dev/null && "$ROOT/scripts/make-disk.sh" "$WORK/tree" "$WORK/disk.img" 8M >/dev/null 2>&1; then
    check "make-disk: the directory's file is in the ext4 image" "[[ \$(debugfs -R 'cat /sub/f' '$WORK/disk.img' 2>/dev/null) == inside ]]"
else
    check "make-disk: builds an image (e2fsprogs installed)" false
fi
echo "test_payload_scripts: $n_pass passed, $n_fail failed"
[[ $n_fail -eq 0 ]]
