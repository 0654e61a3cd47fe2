#!/bin/sh
# SPDX-License-Identifier: MIT
# The generated device tree must decompile with dtc without a single warning,
# for one hart and for several, with and without bootargs and initrd.
# Usage: tests/boot/dtb-check.sh RIVET
set -u
rivet=$1
mkdir -p build/tests
pass=0 fail=0
check() {
    name=$1; shift
    dtb=build/tests/$name.dtb
    rm -f "$dtb"
    if ! "$rivet" "$@" -machine "virt,dumpdtb=$dtb" >build/tests/$name.out 2>&1; then
        echo "dtb-check: $name: rivet failed: $(cat build/tests/$name.out)"; fail=$((fail + 1)); return
    fi
    if ! dtc -I dtb -O dts -o build/tests/$name.dts "$dtb" 2>build/tests/$name.warn ||
        [ -s build/tests/$name.warn ]; then
        echo "dtb-check: $name: dtc complained:"; cat build/tests/$name.warn; fail=$((fail + 1)); return
    fi
    pass=$((pass + 1))
}
elf=$(ls build/tests/isa/*.elf | head -n 1)
check smp1 -bios none -kernel "$elf"
check smp4 -smp 4 -m 1G -bios none -kernel "$elf"
check boot256 -m 256M -bios none -kernel "$elf"   # used by check-boot with -dtb
check chosen -bios none -kernel "$elf" -append "console=ttyS0 quiet" -initrd tests/boot/dtb-check.sh
grep -q 'bootargs = "console=ttyS0 quiet"' build/tests/chosen.dts || { echo "dtb-check: bootargs missing"; fail=$((fail + 1)); }
grep -q 'linux,initrd-start' build/tests/chosen.dts || { echo "dtb-check: initrd range missing"; fail=$((fail + 1)); }
grep -c 'cpu@' build/tests/smp4.dts | grep -qx 4 || { echo "dtb-check: smp4 does not list 4 cpus"; fail=$((fail + 1)); }
echo "dtb checks: $pass passed, $fail failed"
[ $fail -eq 0 ]
