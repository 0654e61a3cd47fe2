#!/bin/sh
# SPDX-License-Identifier: MIT
# Run every bare-metal test ELF under each engine in $ENGINES. Tests in
# DIR/*.elf must exit 0 (HTIF pass); tests in DIR/fail/*.elf must be reported
# as failures: exit status 1 and the "FAIL: test N" line that the file's
# "expect:" comment names.
# Usage: tests/run-isa.sh RIVET DIR
rivet=$1 dir=$2
pass=0 fail=0
for engine in ${ENGINES:-interp}; do
    for elf in "$dir"/*.elf; do
        [ -e "$elf" ] || continue
        out=$(timeout 60 "$rivet" -accel "$engine" -bios none -kernel "$elf" -nographic </dev/null 2>&1)
        st=$?
        if [ $st -eq 0 ]; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            echo "FAILED [$engine] ${elf##*/} (exit $st): $(printf '%s' "$out" | tail -n 3)"
        fi
    done
    for elf in "$dir"/fail/*.elf; do
        [ -e "$elf" ] || continue
        out=$(timeout 60 "$rivet" -accel "$engine" -bios none -kernel "$elf" -nographic </dev/null 2>&1)
        st=$?
        src=tests/isa/fail/$(basename "$elf" .elf).S
        want=$(sed -n 's|^/\* expect: \(.*\) \*/$|\1|p' "$src")
        if [ $st -eq 1 ] && [ -n "$want" ] && printf '%s\n' "$out" | grep -qx "$want"; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            echo "FAILED [$engine] fail/${elf##*/} should report a failure, got exit $st: $out"
        fi
    done
done
echo "isa tests: $pass passed, $fail failed"
[ $fail -eq 0 ]
