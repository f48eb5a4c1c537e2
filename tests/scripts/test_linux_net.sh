#!/usr/bin/env bash
# Networking acceptance (issue 7): the Debian 6.1 cloud kernel with a virtio-net on a slirp user
# network. In one boot the guest
#   - gets a DHCP lease from slirp (busybox udhcpc and the initramfs' default.script),
#   - fetches a page from `python3 -m http.server --bind 127.0.0.1` that this test started on the
#     host, through slirp's host address 10.0.2.2,
#   - serves one HTTP reply with busybox nc on guest port 8080, which a client on the host reaches
#     through `hostfwd=tcp:127.0.0.1:PORT-:8080`.
# The body tokens are random per run and appear nowhere in the typed commands (the console
# echoes those), so a match means the bytes crossed the network.
#   bash tests/scripts/test_linux_net.sh build/a64emu build
# Skipped (77) under the sanitizers (minutes per boot) and without the payloads.
set -u
EMU=${1:?a64emu binary}
source "$(dirname "${BASH_SOURCE[0]}")/lib_linux.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/a64emu-net.XXXXXX")
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$WORK"; }
trap cleanup EXIT
INITRD=$(bash "$ROOT/scripts/make-initramfs.sh" "$WORK/initramfs.cpio.gz" </dev/null | tail -n 1)

# Two free loopback ports: the host web server's and the hostfwd one.
read -r WEB_PORT FWD_PORT < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
HOST_TOKEN=host-page-$RANDOM$RANDOM
GUEST_TOKEN=guest-page-$RANDOM$RANDOM
mkdir "$WORK/www" && echo "$HOST_TOKEN" > "$WORK/www/index.html"
(cd "$WORK/www" && exec python3 -m http.server --bind 127.0.0.1 "$WEB_PORT" >/dev/null 2>&1) &
pids+=($!)
# The host side of hostfwd: retry until the guest's server answers (it starts mid-session).
python3 - "$FWD_PORT" "$WORK/fetched" <<'PY' &
import sys, time, urllib.request
port, out = int(sys.argv[1]), sys.argv[2]
end = time.monotonic() + 400
while time.monotonic() < end:
    try:
        body = urllib.request.urlopen("http://127.0.0.1:%d/probe-from-host" % port, timeout=30).read()
        open(out, "wb").write(body)
        break
    except Exception:
        time.sleep(1)
PY
pids+=($!)

fail=0
t0=$SECONDS
cmds=$'udhcpc -i eth0 -n -q -t 5\n'
cmds+="wget -q -O - http://10.0.2.2:$WEB_PORT/index.html; echo \"wget=\$?\""$'\n'
cmds+="printf 'HTTP/1.0 200 OK\\r\\n\\r\\n%s\\n' \"\$(echo $GUEST_TOKEN | tr a-z A-Z)\" | nc -l -p 8080; echo \"nc=\$?\""$'\n'
# nc has handed its reply to the guest's TCP stack, but slirp may still be sending it (and the
# FIN) to the host client: give it time before the machine stops.
cmds+=$'sleep 3\n'
cmds+=$'poweroff -f'
if SESSION_CMDS=$cmds \
    SESSION_EXPECT="lease of 10\\.0\\.2\\.15 obtained.*bound to 10\\.0\\.2\\.15.*$HOST_TOKEN.*wget=0.*GET /probe-from-host HTTP.*nc=0.*reboot: Power down" \
    python3 "$ROOT/tests/scripts/linux_session.py" 400 -- \
    "$EMU" -m 512M -nographic -M virt,gic-version=3 -kernel "$CACHE/vmlinuz-6.1" \
    -initrd "$INITRD" -append "console=ttyAMA0" \
    -netdev user,id=n0,hostfwd=tcp:127.0.0.1:$FWD_PORT-:8080 -device virtio-net-device,netdev=n0; then
    echo "ok: DHCP lease, guest fetched the host's page through 10.0.2.2, guest served through hostfwd ($((SECONDS - t0)) s)"
else
    echo "FAIL: the networking session"
    fail=1
fi
want=$(echo "$GUEST_TOKEN" | tr a-z A-Z)
for _ in $(seq 50); do [[ -s $WORK/fetched ]] && break; sleep 0.2; done
if [[ -f $WORK/fetched && $(cat "$WORK/fetched") == "$want" ]]; then
    echo "ok: the host read the guest's reply through hostfwd 127.0.0.1:$FWD_PORT"
else
    echo "FAIL: the host did not read '$want' through hostfwd (got: $(cat "$WORK/fetched" 2>/dev/null))"
    fail=1
fi
exit $fail
