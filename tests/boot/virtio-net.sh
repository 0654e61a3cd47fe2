#!/bin/sh
# SPDX-License-Identifier: MIT
# virtio-net boot test over user networking, loopback only: the guest gets 10.0.2.15 from
# DHCP (udhcpc), serves one TCP connection on port 8080 that the host reaches through
# hostfwd, then fetches a file from a one-shot HTTP server the host runs on 127.0.0.1
# (10.0.2.2 in the guest). The host acts on the guest's console markers, not on timers.
# Exit status per stage:
#   1 guest build failed, 2 host tool missing, 10 no DHCP lease or wrong address,
#   11 the host could not reach the guest's server, 12 the guest could not fetch the host's
#   file, 13 poweroff did not end the run with status 0, 19 timeout.
# Usage: tests/boot/virtio-net.sh RIVET ENGINE [TIMEOUT_SECONDS] [nic]
#   nic: configure with -nic user,... instead of -netdev + -device virtio-net-device.
set -u
rivet=$1 engine=$2 limit=${3:-300} style=${4:-netdev}
name="virtio-net [$engine $style]"
. tests/boot/guest-lib.sh
need python3 python3
log=build/tests/virtio-net-$engine-$style.log
tmp=$(mktemp -d /tmp/rivet-virtio-net.XXXXXX)
pid='' server=''
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; [ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
start=$(date +%s)

# A TCP port on 127.0.0.1 that was free a moment ago.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for CODE TEXT WHAT: poll the console log until a line starts with TEXT; fail with CODE
# if the emulator ends first, 19 when the time is up.
wait_for() {
    while ! grep -q "^$2" "$log"; do
        kill -0 $pid 2>/dev/null || fail "$1" "the emulator ended before $3" "$log"
        [ $(($(date +%s) - start)) -lt "$limit" ] || fail 19 "timeout after ${limit}s before $3" "$log"
        sleep 0.2
    done
}

# connect PORT: the reply of a TCP server on 127.0.0.1:PORT, until it closes (10 s at most).
connect() {
    python3 - "$1" <<'EOF'
import socket, sys
try:
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
    data = b""
    while True:
        b = s.recv(4096)
        if not b:
            break
        data += b
    sys.stdout.write(data.decode(errors="replace"))
except OSError as e:
    sys.stderr.write("connect: %s\n" % e)
EOF
}

hport=$(free_port) wport=$(free_port)
if [ -z "$hport" ] || [ -z "$wport" ] || [ "$hport" = "$wport" ]; then
    fail 2 "no free TCP ports"
fi
token=rivet-net-$$-$(date +%s)
mkdir "$tmp/www"
echo "$token" >"$tmp/www/file.txt"

# The host's one-shot server: one GET of file.txt, then it exits.
python3 - "$wport" "$tmp/www" >"$tmp/server.log" 2>&1 <<'EOF' &
import http.server, functools, sys
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[2])
with http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), handler) as httpd:
    httpd.timeout = 600
    httpd.handle_request()
EOF
server=$!

fwd="hostfwd=tcp:127.0.0.1:$hport-:8080"
if [ "$style" = nic ]; then
    set -- -nic "user,$fwd"
else
    set -- -netdev "user,id=n0,$fwd" -device virtio-net-device,netdev=n0
fi
# Guest: DHCP, address check, a one-connection server in the background, the fetch once the
# host has been served. The sleep only gives nc time to listen; the host retries anyway.
cmd="udhcpc -i eth0 -n -q -t 10 && ip -4 addr show eth0 | grep -q 'inet 10.0.2.15/'"
cmd="$cmd && echo NET-DHCP-OK && { nc -l -p 8080 -e echo hello-from-guest & p=\$!; sleep 1;"
cmd="$cmd echo NET-LISTENING; wait \$p; echo NET-SERVED; }"
cmd="$cmd && echo NET-GOT=\$(wget -q -T 20 -O - http://10.0.2.2:$wport/file.txt)"
timeout "$limit" "$rivet" -accel "$engine" -M virt -m 256M -bios default -kernel "$KERNEL" \
    -initrd "$INITRD" -append "console=ttyS0 rivet.cmd=\"$cmd\"" -nographic "$@" \
    </dev/null >"$log" 2>&1 &
pid=$!

wait_for 10 NET-DHCP-OK "the DHCP lease (10.0.2.15)"
wait_for 11 NET-LISTENING "the guest's server started"
reply=
for _ in 1 2 3 4 5 6 7 8 9 10; do
    reply=$(connect "$hport" 2>>"$tmp/connect.log")
    [ "$reply" = hello-from-guest ] && break
    sleep 0.5
done
[ "$reply" = hello-from-guest ] ||
    fail 11 "127.0.0.1:$hport (hostfwd to guest port 8080) answered '$reply', not hello-from-guest" "$log"
wait_for 12 NET-GOT= "the guest's fetch from 10.0.2.2:$wport"
got=$(sed -n 's/^NET-GOT=\([^[:space:]]*\).*/\1/p' "$log" | head -n 1)
[ "$got" = "$token" ] || fail 12 "the guest fetched '$got' from 10.0.2.2:$wport, not '$token'" "$log"
wait $pid
st=$?
pid=
[ $st -eq 124 ] && fail 19 "timeout after ${limit}s waiting for poweroff" "$log"
grep -q "RIVET-CMD-END rc=0" "$log" || fail 13 "the guest command failed" "$log"
[ $st -eq 0 ] || fail 13 "poweroff did not end the run with status 0 (status $st)" "$log"
echo "$name: DHCP, host to guest through hostfwd, guest to host HTTP OK"
