#!/bin/sh
# SPDX-License-Identifier: MIT
# virtio-blk boot test: the default guest (initramfs) mounts a fresh ext4 image given with
# -drive, reads a file the host put there, writes files and unmounts; the host then checks
# the image with e2fsck and reads the files back with debugfs. Then: readonly=on (the guest
# can read, its writes fail, the image is unchanged), -snapshot (the guest writes, the image
# is unchanged) and a gzip'd copy of the image opened readonly=on. Exit status per stage:
#   1 guest build failed, 2 host tool missing, 10 guest write run failed,
#   11 e2fsck found the image unclean, 12 file contents wrong on the host,
#   13 readonly=on run wrong, 14 -snapshot run wrong, 15 gzip'd image run wrong, 19 timeout.
# Usage: tests/boot/virtio-disk.sh RIVET ENGINE [TIMEOUT_SECONDS_PER_BOOT]
set -u
rivet=$1 engine=$2 limit=${3:-300}
name="virtio-disk [$engine]"
. tests/boot/guest-lib.sh
need "e2fsprogs, coreutils, gzip" mke2fs e2fsck debugfs sha256sum gzip timeout
logs=build/tests/virtio-disk-$engine
tmp=$(mktemp -d /tmp/rivet-virtio-disk.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
img=$tmp/disk.ext4

# boot STAGE-CODE WHAT LOG GUEST-CMD RIVET-ARGS...: boots the initramfs guest, runs GUEST-CMD
# (no double quotes in it) through rivet.cmd and requires it to end with status 0.
boot() {
    code=$1 what=$2 log=$3 cmd=$4
    shift 4
    timeout "$limit" "$rivet" -accel "$engine" -M virt -m 256M -bios default -kernel "$KERNEL" \
        -initrd "$INITRD" -append "console=ttyS0 rivet.cmd=\"$cmd\"" -nographic "$@" \
        </dev/null >"$log" 2>&1
    st=$?
    [ $st -eq 124 ] && fail 19 "timeout after ${limit}s in the $what run" "$log"
    grep -q "RIVET-CMD-END rc=0" "$log" || fail "$code" "guest command of the $what run failed" "$log"
    [ $st -eq 0 ] || fail "$code" "$what run did not power off with status 0 (status $st)" "$log"
}

# guest_value LOG KEY: the text after KEY= at the start of a console line.
guest_value() { sed -n "s/^$2=\([^[:space:]]*\).*/\1/p" "$1" | head -n 1; }

# host_file PATH: a file of the image, as debugfs reads it.
host_file() { debugfs -R "cat $1" "$img" 2>/dev/null; }

image_sum() { sha256sum <"$1" | cut -c1-64; }

# The image: 32 MiB ext4 holding a 1 MiB random file from the host.
mkdir "$tmp/seed"
head -c 1048576 /dev/urandom >"$tmp/seed/seed.bin"
seed_sum=$(image_sum "$tmp/seed/seed.bin")
truncate -s 32M "$img"
mke2fs -t ext4 -F -q -d "$tmp/seed" "$img" || fail 2 "mke2fs could not make the image"

# 1. Read the host's file, write three files (one copied from it), unmount.
cmd="mount -t ext4 /dev/vda /mnt && echo SEED=\$(sha256sum </mnt/seed.bin)"
cmd="$cmd && echo hello-virtio >/mnt/hello.txt && mkdir /mnt/d && seq 1 100000 >/mnt/d/seq.txt"
cmd="$cmd && dd if=/mnt/seed.bin of=/mnt/copy.bin bs=65536 2>/dev/null && sync"
cmd="$cmd && umount /mnt && echo DISK-WRITE-OK"
log=$logs-write.log
boot 10 write "$log" "$cmd" -drive "file=$img,format=raw,if=virtio"
grep -q "^DISK-WRITE-OK" "$log" || fail 10 "the guest did not finish writing" "$log"
got=$(guest_value "$log" SEED)
[ "$got" = "$seed_sum" ] || fail 10 "the guest read the host's file wrong (sha256 $got)" "$log"

# 2. The host's view of what the guest wrote.
e2fsck -fn "$img" >"$logs-e2fsck.log" 2>&1 || fail 11 "e2fsck -fn: the image is not clean" "$logs-e2fsck.log"
[ "$(host_file /hello.txt)" = hello-virtio ] || fail 12 "/hello.txt does not hold hello-virtio"
[ "$(host_file /d/seq.txt | sha256sum)" = "$(seq 1 100000 | sha256sum)" ] ||
    fail 12 "/d/seq.txt does not hold seq 1 100000"
[ "$(host_file /copy.bin | sha256sum | cut -c1-64)" = "$seed_sum" ] ||
    fail 12 "/copy.bin differs from the host's seed.bin"
sum=$(image_sum "$img")

# 3. readonly=on: the device is read-only, reads work, a raw write fails, nothing changes.
cmd="mount -o ro /dev/vda /mnt && echo RO=\$(cat /mnt/hello.txt) && umount /mnt"
cmd="$cmd && echo RO-FLAG=\$(cat /sys/block/vda/ro) && if dd if=/dev/zero of=/dev/vda bs=4096"
cmd="$cmd count=1 conv=fsync 2>/dev/null; then echo RO-WRITE-WORKED; else echo RO-WRITE-FAILED; fi"
log=$logs-readonly.log
boot 13 readonly=on "$log" "$cmd" -drive "file=$img,format=raw,if=virtio,readonly=on"
[ "$(guest_value "$log" RO)" = hello-virtio ] || fail 13 "readonly=on: the guest could not read /hello.txt" "$log"
[ "$(guest_value "$log" RO-FLAG)" = 1 ] || fail 13 "readonly=on: /sys/block/vda/ro is not 1" "$log"
grep -q "^RO-WRITE-FAILED" "$log" || fail 13 "readonly=on: a write to /dev/vda did not fail" "$log"
[ "$(image_sum "$img")" = "$sum" ] || fail 13 "readonly=on: the image changed"

# 4. -snapshot: the guest's writes are visible to itself and lost at exit.
cmd="mount /dev/vda /mnt && echo changed >/mnt/hello.txt && rm /mnt/copy.bin && sync && umount /mnt"
cmd="$cmd && mount /dev/vda /mnt && echo SNAP=\$(cat /mnt/hello.txt) && ls /mnt"
cmd="$cmd && test ! -e /mnt/copy.bin && umount /mnt"
log=$logs-snapshot.log
boot 14 -snapshot "$log" "$cmd" -drive "file=$img,format=raw,if=virtio" -snapshot
[ "$(guest_value "$log" SNAP)" = changed ] || fail 14 "-snapshot: the guest did not read its own write back" "$log"
[ "$(image_sum "$img")" = "$sum" ] || fail 14 "-snapshot: the image changed"

# 5. A gzip'd copy of the image, read-only.
gzip -c "$img" >"$tmp/disk.ext4.gz"
cmd="mount -o ro /dev/vda /mnt && echo GZ=\$(cat /mnt/hello.txt) && echo GZSUM=\$(sha256sum </mnt/copy.bin)"
cmd="$cmd && umount /mnt"
log=$logs-gzip.log
boot 15 gzip "$log" "$cmd" -drive "file=$tmp/disk.ext4.gz,format=raw,if=virtio,readonly=on"
[ "$(guest_value "$log" GZ)" = hello-virtio ] || fail 15 "gzip: the guest could not read /hello.txt" "$log"
[ "$(guest_value "$log" GZSUM)" = "$seed_sum" ] || fail 15 "gzip: /copy.bin read back wrong" "$log"

echo "$name: write + e2fsck + contents, readonly=on, -snapshot and gzip image OK"
