#!/bin/sh
# SPDX-License-Identifier: MIT
# Boot test: OpenSBI + Linux + the default initramfs on the virt machine, run
# one command through rivet.cmd, and power off. Each stage that is missing
# fails with its own message and exit status:
#   10 no firmware banner, 11 no kernel banner, 12 no init marker,
#   13 wrong command output, 14 poweroff did not end the run with status 0,
#   15 timeout.
# Usage: tests/boot/boot-linux.sh RIVET ENGINE [TIMEOUT_SECONDS] [-smp N]
set -u
rivet=$1 engine=$2 limit=${3:-900}
shift 2; [ $# -gt 0 ] && shift
dir=$(scripts/build-guest | tail -n 1) || { echo "boot test: guest build failed"; exit 1; }
. "$dir/guest.env"
variant=$(printf '%s' "$*" | tr -c 'A-Za-z0-9' '_')
log=build/tests/boot-linux-$engine$variant.log
smp=$(printf '%s\n' "$*" | sed -n 's/.*-smp \([0-9]*\).*/\1/p')
mkdir -p build/tests
start=$(date +%s.%N)
timeout "$limit" "$rivet" -accel "$engine" -M virt -m 256M "$@" -bios default -kernel "$KERNEL" \
    -initrd "$INITRD" -append "console=ttyS0 rivet.cmd='echo rivet-sum=\$((6*7)); uname -m'" \
    -nographic </dev/null >"$log" 2>&1
st=$?
end=$(date +%s.%N)
secs=$(echo "$end - $start" | bc)
stage() { grep -q "$1" "$log"; }
fail() { echo "boot test [$engine]: FAIL: $2 (log: $log)"; tail -n 15 "$log"; exit "$1"; }
stage "OpenSBI v" || { [ $st -eq 124 ] && fail 15 "timeout after ${limit}s before the firmware banner"; fail 10 "no firmware banner"; }
stage "Linux version" || { [ $st -eq 124 ] && fail 15 "timeout after ${limit}s before the kernel banner"; fail 11 "no kernel banner"; }
stage "RIVET-INIT-OK" || { [ $st -eq 124 ] && fail 15 "timeout after ${limit}s before the init marker"; fail 12 "no init marker"; }
{ stage "^rivet-sum=42" && stage "^riscv64" && stage "RIVET-CMD-END rc=0"; } ||
    { [ $st -eq 124 ] && fail 15 "timeout after ${limit}s before the command finished"; fail 13 "wrong command output"; }
if [ -n "$smp" ] && [ "$smp" != 1 ]; then
    stage "Brought up 1 node, $smp CPUs" || fail 13 "Linux did not bring up $smp harts"
fi
[ $st -eq 0 ] || { [ $st -eq 124 ] && fail 15 "timeout after ${limit}s waiting for poweroff"; fail 14 "poweroff did not end the run with status 0 (status $st)"; }
echo "boot test [$engine${*:+ $*}]: firmware, kernel, init, command and poweroff OK in ${secs}s"
