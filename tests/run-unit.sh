#!/bin/sh
# SPDX-License-Identifier: MIT
# Run each cmocka unit-test binary; print one summary line; fail if any fails.
pass=0 fail=0 failed=
for t in "$@"; do
    if "$t" > "$t.log" 2>&1; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1)); failed="$failed ${t##*/}"
        cat "$t.log"
    fi
done
echo "unit test programs: $pass passed, $fail failed"
[ $fail -eq 0 ] || { echo "failed:$failed"; exit 1; }
