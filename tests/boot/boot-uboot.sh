#!/bin/sh
# SPDX-License-Identifier: MIT
# Boot Debian's U-Boot for qemu-riscv64 in S-mode (after OpenSBI) to its
# prompt, type `version` and `poweroff`, and expect exit status 0. U-Boot is
# an independent consumer of our device tree, UART, timer and reset device.
# Usage: tests/boot/boot-uboot.sh RIVET ENGINE [TIMEOUT_SECONDS]
set -u
rivet=$1 engine=$2 limit=${3:-120}
uboot=/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin
[ -f "$uboot" ] || { echo "boot-uboot: $uboot missing (install u-boot-qemu)"; exit 1; }
mkdir -p build/tests
log=build/tests/boot-uboot-$engine.log fifo=build/tests/uboot-$engine.in
rm -f "$fifo"; mkfifo "$fifo"
timeout "$limit" "$rivet" -accel "$engine" -m 256M -bios default -kernel "$uboot" -nographic \
    <"$fifo" >"$log" 2>&1 &
pid=$!
exec 3>"$fifo"
# wait_for TEXT: poll the log until TEXT shows up or the emulator is gone.
wait_for() {
    while ! grep -q "$1" "$log"; do
        kill -0 $pid 2>/dev/null || return 1
        sleep 0.2
    done
}
fail() { echo "boot-uboot [$engine]: FAIL: $1 (log: $log)"; tail -n 10 "$log"; kill $pid 2>/dev/null; exit 1; }
wait_for "Hit any key to stop autoboot" || fail "no U-Boot banner"
printf ' ' >&3
wait_for "^=> " || fail "no U-Boot prompt"
printf 'version\r' >&3
wait_for "^GNU ld" || fail "version command printed nothing"
printf 'poweroff\r' >&3
wait $pid
st=$?
exec 3>&-
rm -f "$fifo"
[ $st -eq 0 ] || fail "poweroff did not end the run with status 0 (status $st)"
echo "boot-uboot [$engine]: prompt, version and poweroff OK"
