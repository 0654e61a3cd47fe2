#!/bin/sh
# SPDX-License-Identifier: MIT
# virtio-blk crash test: the guest appends numbered records to a file on an ext4 image,
# fsyncs after each and only then prints "REC n" on the console; the host kills the emulator
# with SIGKILL in the middle of that. Afterwards the image (a copy, after e2fsck -p has
# replayed the journal) must pass e2fsck -fn, and every record the guest reported as
# fsync'd must be in the file. Exit status per stage:
#   1 guest build failed, 2 host tool missing, 10 the guest never reached the records,
#   11 the emulator ended by itself, 12 journal replay failed (e2fsck -p),
#   13 e2fsck -fn found the image unclean, 14 an fsync'd record is missing, 19 timeout.
# Usage: tests/boot/virtio-crash.sh RIVET ENGINE [TIMEOUT_SECONDS] [DRIVE_OPTIONS]
#   DRIVE_OPTIONS are added to -drive, for example cache=none.
set -u
rivet=$1 engine=$2 limit=${3:-300} drive_opts=${4:+,$4}
records=40 # reported records to wait for before the kill
name="virtio-crash [$engine${4:+ $4}]"
. tests/boot/guest-lib.sh
need e2fsprogs mke2fs e2fsck debugfs
log=build/tests/virtio-crash-$engine.log
replay_log=build/tests/virtio-crash-$engine-replay.log
fsck_log=build/tests/virtio-crash-$engine-e2fsck.log
tmp=$(mktemp -d /tmp/rivet-virtio-crash.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
img=$tmp/disk.ext4

# The highest n of the "REC n" lines so far (0 if none). A line cut short by the kill can
# only show fewer digits, so this never exceeds what was really fsync'd.
last_record() {
    n=$(sed -n 's/^REC \([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)
    echo "${n:-0}"
}

truncate -s 32M "$img"
mke2fs -t ext4 -F -q "$img" || fail 2 "mke2fs could not make the image"

# rec-N lines, fsync'd one by one (busybox fsync), forever: only the kill ends the run.
cmd="mount /dev/vda /mnt && i=0 && while :; do i=\$((i + 1)); echo rec-\$i >>/mnt/log.txt"
cmd="$cmd && fsync /mnt/log.txt && echo REC \$i || break; done"
"$rivet" -accel "$engine" -M virt -m 256M -bios default -kernel "$KERNEL" -initrd "$INITRD" \
    -append "console=ttyS0 rivet.cmd=\"$cmd\"" -nographic \
    -drive "file=$img,format=raw,if=virtio$drive_opts" </dev/null >"$log" 2>&1 &
pid=$!
start=$(date +%s)
while [ "$(last_record)" -lt $records ]; do
    if ! kill -0 $pid 2>/dev/null; then
        pid=
        grep -q "^REC 1" "$log" || fail 10 "the guest ended before writing any record" "$log"
        fail 11 "the emulator ended by itself while the guest was writing" "$log"
    fi
    if [ $(($(date +%s) - start)) -ge "$limit" ]; then
        grep -q "^REC 1" "$log" || fail 19 "timeout after ${limit}s before the first record" "$log"
        fail 19 "timeout after ${limit}s: only $(last_record) records" "$log"
    fi
    sleep 0.2
done
# Land the kill at some point inside the next records' writes and flushes.
sleep 0.$(($(od -An -tu1 -N1 /dev/urandom) % 7 + 1))
kill -9 $pid
wait $pid 2>/dev/null
pid=
done_n=$(last_record)

# The kernel would replay the journal on mount; e2fsck -p does the same (and the routine
# repairs of an unclean shutdown: exit 1). Anything else means real damage.
e2fsck -fp "$img" >"$replay_log" 2>&1
st=$?
[ $st -le 1 ] || fail 12 "e2fsck -fp after the kill exited $st" "$replay_log"
e2fsck -fn "$img" >"$fsck_log" 2>&1 || fail 13 "e2fsck -fn after replay: the image is not clean" "$fsck_log"

# Each reported record, in order, at the start of the file.
debugfs -R "cat /log.txt" "$img" 2>/dev/null | head -n "$done_n" >"$tmp/got.txt"
seq 1 "$done_n" | sed 's/^/rec-/' >"$tmp/want.txt"
if ! cmp -s "$tmp/got.txt" "$tmp/want.txt"; then
    first=$(diff "$tmp/want.txt" "$tmp/got.txt" | sed -n 's/^< //p' | head -n 1)
    fail 14 "$done_n records were reported fsync'd, but ${first:-some} is missing from /log.txt"
fi
echo "$name: killed after $done_n fsync'd records; journal replay, e2fsck -fn and records OK"
