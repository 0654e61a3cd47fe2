# SPDX-License-Identifier: MIT
# Shared by the guest tests tests/boot/virtio-*.sh (sourced after $name is set):
# failure reports, tool checks, and the default guest from scripts/build-guest.

# fail CODE WHY [LOG]: report, show the log's last lines, exit with CODE.
fail() {
    echo "$name: FAIL: $2${3:+ (log: $3)}"
    [ -n "${3:-}" ] && tail -n 15 "$3"
    exit "$1"
}

# need PACKAGES TOOL...: exit 2 if a tool is missing (PACKAGES say where to get it).
need() {
    pkgs=$1
    shift
    for t in "$@"; do
        command -v "$t" >/dev/null || { echo "$name: FAIL: $t is missing ($pkgs)"; exit 2; }
    done
}

# The default guest: KERNEL, INITRD, ROOTFS, FIRMWARE (guest.env).
dir=$(scripts/build-guest | tail -n 1) || { echo "$name: FAIL: guest build failed"; exit 1; }
. "$dir/guest.env"
mkdir -p build/tests
