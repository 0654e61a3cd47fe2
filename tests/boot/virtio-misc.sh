#!/bin/sh
# SPDX-License-Identifier: MIT
# virtio-rng and virtio-console boot test: the guest's hw_random core must pick the virtio
# device and /dev/hwrng must give varied bytes; a line the guest writes to /dev/hvc0 must
# reach the file behind -chardev file. Exit status per stage:
#   1 guest build failed, 10 the guest command failed, 11 rng_current is not virtio,
#   12 /dev/hwrng output wrong, 13 the console line did not reach the chardev file,
#   19 timeout.
# Usage: tests/boot/virtio-misc.sh RIVET ENGINE [TIMEOUT_SECONDS]
set -u
rivet=$1 engine=$2 limit=${3:-300}
name="virtio-misc [$engine]"
. tests/boot/guest-lib.sh
log=build/tests/virtio-misc-$engine.log
tmp=$(mktemp -d /tmp/rivet-virtio-misc.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
hvc=$tmp/hvc0.out
token=rivet-hvc-$$-$(date +%s)

guest_value() { sed -n "s/^$1=\([^[:space:]]*\).*/\1/p" "$log" | head -n 1; }

# Two 32-byte reads of /dev/hwrng as hex, then a line on the virtio console.
hex="od -An -tx1 | tr -d ' \n'"
cmd="echo RNG=\$(cat /sys/class/misc/hw_random/rng_current)"
cmd="$cmd && echo RNG1=\$(head -c 32 /dev/hwrng | $hex) && echo RNG2=\$(head -c 32 /dev/hwrng | $hex)"
cmd="$cmd && echo $token >/dev/hvc0 && echo HVC-WRITTEN"
timeout "$limit" "$rivet" -accel "$engine" -M virt -m 256M -bios default -kernel "$KERNEL" \
    -initrd "$INITRD" -append "console=ttyS0 rivet.cmd=\"$cmd\"" -nographic \
    -device virtio-rng-device -chardev "file,id=c0,path=$hvc" \
    -device virtio-serial-device,chardev=c0 </dev/null >"$log" 2>&1
st=$?
[ $st -eq 124 ] && fail 19 "timeout after ${limit}s" "$log"
grep -q "RIVET-CMD-END rc=0" "$log" || fail 10 "the guest command failed" "$log"
case "$(guest_value RNG)" in
virtio_rng*) ;;
*) fail 11 "rng_current is '$(guest_value RNG)', not virtio_rng.N" "$log" ;;
esac
a=$(guest_value RNG1) b=$(guest_value RNG2)
if [ ${#a} -ne 64 ] || [ ${#b} -ne 64 ]; then
    fail 12 "/dev/hwrng did not give 32 bytes twice" "$log"
fi
[ "$a" != "$b" ] || fail 12 "/dev/hwrng gave the same 32 bytes twice" "$log"
[ "$a" != "$(printf '%064d' 0)" ] || fail 12 "/dev/hwrng gave zeros" "$log"
grep -q "$token" "$hvc" 2>/dev/null || fail 13 "'$token' written to /dev/hvc0 is not in the chardev file" "$log"
[ $st -eq 0 ] || fail 10 "poweroff did not end the run with status 0 (status $st)" "$log"
echo "$name: virtio hwrng and /dev/hvc0 to a file chardev OK"
