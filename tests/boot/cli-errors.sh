#!/bin/sh
# SPDX-License-Identifier: MIT
# Device command-line errors end rivet at once with one line naming the option or file:
# status 2 for a bad command line, 1 for a back end that cannot be opened (missing, a
# directory, a size not a multiple of 512, gzip without readonly/snapshot, corrupt or
# truncated gzip, an image locked by another rivet, a hostfwd port in use, a bad hostfwd).
# The machine runs a four-byte kernel (`j .`) with -bios none, so no guest is needed; good
# command lines are shown to keep running. Exit 0, or 1 with one line naming the case
# (2 if a host tool is missing). Usage: tests/boot/cli-errors.sh [RIVET]
set -u
rivet=${1:-build/rivet}
name="cli-errors"
for t in gzip python3 timeout stat; do
    command -v $t >/dev/null || { echo "$name: FAIL: $t is missing"; exit 2; }
done
tmp=$(mktemp -d /tmp/rivet-cli-errors.XXXXXX)
holder=""
cleanup() {
    [ -n "$holder" ] && kill "$holder" 2>/dev/null && wait "$holder" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "$name: FAIL: $*"; exit 1; }

# The kernel: jal x0, 0 (an endless loop at 0x80000000), in M-mode.
printf '\157\000\000\000' >"$tmp/loop.bin"
base="-bios none -kernel $tmp/loop.bin -m 64M -serial null"

# expect STATUS TEXT ARGS...: rivet ARGS must exit with STATUS and print exactly one line on
# stderr containing TEXT (a fixed string).
expect() {
    want=$1 text=$2
    shift 2
    timeout 10 "$rivet" $base "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    st=$?
    msg=$(head -n 1 "$tmp/err")
    [ $st -eq 124 ] && fail "[$*] kept running; expected status $want and '$text'"
    [ $st -eq "$want" ] || fail "[$*] exited with $st, expected $want ($msg)"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "[$*] printed $(wc -l <"$tmp/err") lines on stderr: $msg"
    grep -qF -- "$text" "$tmp/err" || fail "[$*] said '$msg', expected it to contain '$text'"
}

# runs ARGS...: rivet ARGS must start the machine and still be running after a second.
runs() {
    timeout 1 "$rivet" $base "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    st=$?
    [ $st -eq 124 ] || fail "[$*] exited with $st instead of running: $(head -n 1 "$tmp/err")"
}

# Images: 1 MiB of text (so gzip has a real stream to corrupt), its gzip, broken copies.
img=$tmp/disk.img
seq 1 300000 | head -c 1048576 >"$img"
gzip -c "$img" >"$tmp/disk.img.gz"
gzsize=$(stat -c %s "$tmp/disk.img.gz")
head -c $((gzsize / 2)) "$tmp/disk.img.gz" >"$tmp/trunc.img.gz"
cp "$tmp/disk.img.gz" "$tmp/bad.img.gz"
printf '\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377' |
    dd of="$tmp/bad.img.gz" bs=1 seek=$((gzsize / 2)) conv=notrunc 2>/dev/null
head -c 1000 /dev/zero >"$tmp/odd.img"
: >"$tmp/empty.img"
mkdir "$tmp/dir.img"

# The harness itself: a good disk keeps the machine running.
runs -drive "file=$img,format=raw,if=virtio"

# Command-line errors: status 2, before any file is opened.
expect 2 "-drive: missing argument" -drive
expect 2 "format=qcow2 is not supported" -drive "file=$img,format=qcow2"
expect 2 "if=ide" -drive "file=$img,if=ide"
expect 2 "cache=directsync" -drive "file=$img,cache=directsync"
expect 2 "no device uses this drive" -drive "if=none,id=d0,file=$img"
expect 2 "no PCI bus" -drive "if=none,id=d0,file=$img" -device virtio-blk-pci,drive=d0
expect 2 "unknown device 'virtio-gpu-device'" -device virtio-gpu-device
expect 2 "there is no -netdev with id 'n1'" -netdev user,id=n0 -device virtio-net-device,netdev=n1
expect 2 "is a multicast address" -nic user,mac=01:02:03:04:05:06
expect 2 "interface scripts are not run" -nic tap,ifname=tap0,script=/etc/qemu-ifup
expect 2 "-nic id=x: needs a type" -nic id=x
expect 2 "chardev type 'socket' is not supported" -chardev socket,id=c0 \
    -device virtio-serial-device,chardev=c0

# Disk images that cannot be used: status 1, naming the file.
expect 1 "cannot open '$tmp/missing.img': No such file or directory" -drive "file=$tmp/missing.img"
expect 1 "cannot open '$tmp/dir.img': Is a directory" -drive "file=$tmp/dir.img"
expect 1 "'$tmp/dir.img' is a directory" -drive "file=$tmp/dir.img,readonly=on"
expect 1 "size 1000 is not a multiple of 512" -drive "file=$tmp/odd.img"
expect 1 "$tmp/empty.img: image is empty" -drive "file=$tmp/empty.img"
expect 1 "gzip-compressed image: add readonly=on or snapshot=on" -drive "file=$tmp/disk.img.gz"
expect 1 "bad.img.gz,readonly=on: corrupt gzip data" -drive "file=$tmp/bad.img.gz,readonly=on"
expect 1 "trunc.img.gz,snapshot=on: truncated gzip data" -drive "file=$tmp/trunc.img.gz,snapshot=on"
runs -drive "file=$tmp/disk.img.gz,readonly=on" -drive "file=$tmp/disk.img.gz,snapshot=on"

# An image in use by another rivet (OFD lock, held from start to exit).
timeout 60 "$rivet" $base -drive "file=$img" </dev/null >"$tmp/holder.out" 2>&1 &
holder=$!
ino=$(stat -c %i "$img")
n=0
until grep -q ":$ino " /proc/locks 2>/dev/null; do
    kill -0 "$holder" 2>/dev/null || fail "the first rivet exited: $(head -n 1 "$tmp/holder.out")"
    n=$((n + 1))
    [ $n -lt 100 ] || fail "the first rivet did not lock $img within 10 s"
    sleep 0.1
done
expect 1 "image is in use by another process (locked)" -drive "file=$img"
expect 1 "locked" -drive "file=$img,readonly=on"
expect 1 "locked" -drive "file=$img,snapshot=on"
kill "$holder" && wait "$holder" 2>/dev/null
holder=""
runs -drive "file=$img"

# User networking: a host port already taken, and malformed rules.
python3 -c 'import socket, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen()
print(s.getsockname()[1], flush=True)
time.sleep(60)' >"$tmp/port" &
holder=$!
n=0
until [ -s "$tmp/port" ]; do
    n=$((n + 1))
    [ $n -lt 100 ] || fail "python3 did not bind a port"
    sleep 0.1
done
port=$(cat "$tmp/port")
expect 1 "hostfwd 'tcp:127.0.0.1:$port-:22': cannot listen on host tcp port $port" \
    -nic "user,hostfwd=tcp:127.0.0.1:$port-:22"
expect 1 "hostfwd 'tcp::$port-:22'" -netdev "user,id=n0,hostfwd=tcp::$port-:22" \
    -device virtio-net-device,netdev=n0
kill "$holder" && wait "$holder" 2>/dev/null
holder=""
expect 1 "hostfwd 'tcp::99999-:22': port is not a number" -nic "user,hostfwd=tcp::99999-:22"
expect 1 "hostfwd 'ssh': expected [tcp|udp]" -nic "user,hostfwd=ssh"
expect 1 "hostfwd 'sctp::2222-:22': protocol must be tcp or udp" -nic "user,hostfwd=sctp::2222-:22"
expect 1 "address is not a dotted IPv4 address" -nic "user,hostfwd=tcp:localhost:2222-:22"
runs -nic "user,hostfwd=tcp:127.0.0.1:$port-:22"

echo "$name: device command-line and back-end errors OK"
