# Shared prelude of the Linux guest tests (test_linux_*.sh, test_deterministic_boot.sh,
# test_replay_linux.sh); source it. Sets ROOT (the repository) and CACHE (the payload cache of
# scripts/fetch-payloads.sh), fetching the payloads if the 6.1 kernel, busybox or the kernel's .deb
# (scripts/make-initramfs.sh takes the virtio modules from it) is missing. Exits 77 (skipped)
# under the sanitizers - each boot would take minutes; the gcc phase runs them - and when the
# payloads cannot be fetched.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [[ -n ${ASAN_OPTIONS:-} ]]; then
    echo "SKIP: Linux boots are not run under the sanitizers (minutes each); the gcc phase runs them"
    exit 77
fi
CACHE=${A64EMU_PAYLOADS:-${XDG_CACHE_HOME:-$HOME/.cache}/a64emu/payloads}
if [[ ! -f $CACHE/vmlinuz-6.1 || ! -f $CACHE/busybox ]] ||
    ! ls "$CACHE"/debs/linux-image-6.1.*-cloud-arm64_*.deb >/dev/null 2>&1; then
    fetch_log=$(mktemp)
    if ! bash "$ROOT/scripts/fetch-payloads.sh" </dev/null >"$fetch_log" 2>&1; then
        echo "SKIP: scripts/fetch-payloads.sh failed (no network or no root?):"
        tail -n 5 "$fetch_log"
        rm -f "$fetch_log"
        exit 77
    fi
    rm -f "$fetch_log"
fi
