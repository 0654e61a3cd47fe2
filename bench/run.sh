#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Times the benchmark kernels natively, on Rivet and on QEMU, checks that every run computed
# the same checksum, then times a Linux boot on both; prints a table of ratios and writes it
# as markdown to BENCH_DIR/results.md. See bench/README.md.
#
# Usage: bench/run.sh RIVET BENCH_DIR "KERNEL..."   (from the top of the tree; make bench)
# Environment: BENCH_REPS (5) runs per kernel on Rivet, QEMU and natively;
#   BENCH_INTERP_REPS (3, 0 to skip) runs per kernel under -accel interp;
#   BENCH_BOOT_REPS (5, 0 to skip the boot); BENCH_TIMEOUT (120) seconds per run;
#   QEMU (qemu-system-riscv64); without it only Rivet and native are reported.
set -u
export LC_ALL=C

rivet=$1 dir=$2 kernels=$3
reps=${BENCH_REPS:-5}
interp_reps=${BENCH_INTERP_REPS:-3}
boot_reps=${BENCH_BOOT_REPS:-5}
limit=${BENCH_TIMEOUT:-120}
qemu=${QEMU:-qemu-system-riscv64}
logs=$dir/logs
results=$dir/results.md
mkdir -p "$logs"

say() { echo "[bench] $*" >&2; }
die() { say "error: $*"; exit 1; }

[ -x "$rivet" ] || die "$rivet is not built"
have_qemu=1
if ! command -v "$qemu" >/dev/null 2>&1; then
    have_qemu=0
    say "$qemu not found: reporting Rivet and native only"
fi

declare -A times   # "engine kernel" -> run times in seconds, space separated
declare -A failed  # "engine kernel" -> first failure seen
declare -A median  # "engine kernel" -> median seconds (startup subtracted for guests)
declare -A native_sum  # kernel -> checksum of the native build

# run_timed LOG CMD...: runs CMD with a timeout, output to LOG; sets ELAPSED and STATUS.
run_timed() {
    local log=$1 start
    shift
    start=$EPOCHREALTIME
    timeout "$limit" "$@" </dev/null >"$log" 2>&1
    STATUS=$?
    ELAPSED=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f", b - a }')
}

checksum_of() { sed -n 's/.*checksum \(0x[0-9a-f]*\).*/\1/p' "$1" | head -n 1; }

# median_of "T T ...": the median of the times (mean of the middle two for an even count).
median_of() {
    tr -s " " "\n" <<<"$1" | sed "/^$/d" | sort -g | awk '{ v[NR] = $1 }
        END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# fail_once KEY MESSAGE: records the first failure of an engine on a kernel and says it.
fail_once() {
    [ -n "${failed[$1]:-}" ] && return
    failed[$1]=$2
    say "FAIL $1: $2"
}

run_native() {
    local k=$1 log=$logs/native-$1.log sum secs
    for ((r = 1; r <= reps; r++)); do
        run_timed "$log" "$dir/native/$k"
        [ "$STATUS" = 0 ] || die "native $k failed (status $STATUS, $log)"
        sum=$(checksum_of "$log")
        secs=$(sed -n 's/.* seconds \([0-9.]*\).*/\1/p' "$log")
        [ -z "${native_sum[$k]:-}" ] && native_sum[$k]=$sum
        [ "$sum" = "${native_sum[$k]}" ] || die "native $k gave two checksums: $sum, ${native_sum[$k]}"
        times["native $k"]+="$secs "
    done
}

# run_guest ENGINE KERNEL: one timed run of the kernel's ELF, checked against native.
run_guest() {
    local e=$1 k=$2 elf=$dir/riscv/$2.elf log=$logs/$1-$2.log sum
    case $e in
    rivet) run_timed "$log" "$rivet" -accel jit -m 256M -bios none -kernel "$elf" -nographic ;;
    interp) run_timed "$log" "$rivet" -accel interp -m 256M -bios none -kernel "$elf" -nographic ;;
    qemu) run_timed "$log" "$qemu" -M spike -m 256M -bios none -kernel "$elf" -nographic ;;
    esac
    sum=$(checksum_of "$log")
    if [ "$STATUS" = 124 ]; then
        fail_once "$e $k" "timeout after ${limit}s (log: $log)"
    elif [ "$STATUS" != 0 ]; then
        fail_once "$e $k" "exit status $STATUS: $(tail -n 2 "$log" | tr '\n' ' ')(log: $log)"
    elif [ "$sum" != "${native_sum[$k]}" ]; then
        fail_once "$e $k" "checksum ${sum:-missing}, native ${native_sum[$k]} (log: $log)"
    else
        times["$e $k"]+="$ELAPSED "
    fi
}

# Alternates the engines within each repetition and swaps their order every other one.
run_kernel() {
    local k=$1 order
    for ((r = 1; r <= reps || r <= interp_reps; r++)); do
        order=""
        if ((r <= reps)); then
            order="rivet"
            ((have_qemu)) && { ((r % 2)) && order="rivet qemu" || order="qemu rivet"; }
        fi
        ((r <= interp_reps)) && order+=" interp"
        for e in $order; do
            run_guest "$e" "$k"
        done
    done
}

engines="native rivet"
((have_qemu)) && engines+=" qemu"
((interp_reps > 0)) && engines+=" interp"

for k in $kernels; do
    say "kernel $k"
    run_native "$k"
    run_kernel "$k"
done

# Medians; guest runs lose the median start-up cost of their engine (the empty kernel).
for e in $engines; do
    startup=0
    if [ "$e" != native ] && [ -n "${times[$e empty]:-}" ]; then
        startup=$(median_of "${times[$e empty]}")
    fi
    for k in $kernels; do
        [ -n "${times[$e $k]:-}" ] || continue
        m=$(median_of "${times[$e $k]}")
        if [ "$k" = empty ]; then
            median["$e $k"]=$m
        else
            median["$e $k"]=$(awk -v m="$m" -v s="$startup" 'BEGIN { d = m - s; printf "%.4f", (d > 0.0001 ? d : 0.0001) }')
        fi
    done
done

fmt() { awk -v v="$1" -v f="$2" 'BEGIN { printf f, v }'; }
cell() { # cell ENGINE KERNEL: the median or why there is none
    if [ -n "${failed[$1 $2]:-}" ]; then echo FAIL
    elif [ -n "${median[$1 $2]:-}" ]; then fmt "${median[$1 $2]}" "%.3f"
    else echo "-"; fi
}
ratio() { # ratio A B: A / B, or "-" if either is missing
    [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }' || echo "-"
}
geomean() { # geomean VALUES...: the geometric mean, "-" for none
    [ $# -gt 0 ] || { echo "-"; return; }
    printf '%s\n' "$@" | awk '{ s += log($1) } END { printf "%.4f", exp(s / NR) }'
}

speed=() pct=() jitgain=()
row() { printf "| %-8s | %8s | %8s | %8s | %16s | %17s | %8s | %s |\n" "$@"; }
table() {
    row kernel "native s" "rivet s" "qemu s" "rivet/qemu speed" "rivet % of native" "interp s" \
        "checksums"
    echo "|---|---:|---:|---:|---:|---:|---:|---|"
    for k in $kernels; do
        [ "$k" = empty ] && continue
        n=${median[native $k]:-} j=${median[rivet $k]:-} q=${median[qemu $k]:-} i=${median[interp $k]:-}
        [ -n "${failed[rivet $k]:-}" ] && j=""
        [ -n "${failed[qemu $k]:-}" ] && q=""
        [ -n "${failed[interp $k]:-}" ] && i=""
        s=$(ratio "$q" "$j") p=$(ratio "$n" "$j") g=$(ratio "$i" "$j")
        [ "$s" != "-" ] && speed+=("$s")
        [ "$p" != "-" ] && pct+=("$p")
        [ "$g" != "-" ] && jitgain+=("$g")
        ok=""
        for e in rivet qemu interp; do
            [ -n "${failed[$e $k]:-}" ] && ok+="${ok:+, }$e"
        done
        ok=${ok:+$ok FAILED}
        [ "$s" != "-" ] && s=$(fmt "$s" "%.2fx")
        [ "$p" != "-" ] && p=$(fmt "$(awk -v p="$p" 'BEGIN { print p * 100 }')" "%.1f%%")
        row "$k" "$(cell native "$k")" "$(cell rivet "$k")" "$(cell qemu "$k")" "$s" "$p" \
            "$(cell interp "$k")" "${ok:-match}"
    done
    gs=$(geomean "${speed[@]}") gp=$(geomean "${pct[@]}")
    [ "$gs" != "-" ] && gs=$(fmt "$gs" "%.2fx")
    [ "$gp" != "-" ] && gp=$(fmt "$(awk -v p="$gp" 'BEGIN { print p * 100 }')" "%.1f%%")
    row "geomean" "" "" "" "$gs" "$gp" "" ""
}

# ------------------------------------------------------------------ boot

# run_marked LOG CMD...: like run_timed, and MARKED = seconds until the
# console printed the init marker (RIVET-INIT-OK), or "" if it never did.
# The output goes through tee to the log and to grep, which stops at the
# marker (both read in blocks: little CPU taken from the emulator).
run_marked() {
    local log=$1 start
    shift
    rm -f "$log.mark"
    start=$EPOCHREALTIME
    { timeout "$limit" "$@" </dev/null 2>&1; echo "BENCH-STATUS $?"; } | tee "$log" |
        { grep -q -m 1 RIVET-INIT-OK && echo "$EPOCHREALTIME" >"$log.mark"; cat >/dev/null; }
    ELAPSED=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f", b - a }')
    STATUS=$(sed -n 's/^BENCH-STATUS //p' "$log" | tail -n 1)
    MARKED=""
    [ -s "$log.mark" ] &&
        MARKED=$(awk -v a="$start" -v b="$(cat "$log.mark")" 'BEGIN { printf "%.6f", b - a }')
}

boot_line=""
# boot_run ENGINE: two checked boots, one timed to poweroff with the output
# going to a file, one timed to the init marker through the pipe (which
# costs QEMU, which writes each console byte separately, a little more).
boot_run() {
    local e=$1 log=$logs/boot-$1.log
    local args=(-m 256M -bios "$FIRMWARE" -kernel "$KERNEL" -initrd "$INITRD"
        -append "console=ttyS0 rivet.cmd=true")
    local cmd=("$rivet" -accel jit)
    case $e in
    interp) cmd=("$rivet" -accel interp) ;;
    qemu) cmd=("$qemu" -M virt -nographic) ;;
    esac
    run_timed "$log" "${cmd[@]}" "${args[@]}"
    if [ "$STATUS" != 0 ] || ! grep -q "RIVET-CMD-END rc=0" "$log"; then
        fail_once "$e boot" "status $STATUS, no 'RIVET-CMD-END rc=0' (log: $log)"
        return
    fi
    times["$e boot"]+="$ELAPSED "
    run_marked "$log" "${cmd[@]}" "${args[@]}"
    if [ "$STATUS" != 0 ] || [ -z "$MARKED" ]; then
        fail_once "$e boot" "status $STATUS, no init marker RIVET-INIT-OK (log: $log)"
    else
        times["$e init"]+="$MARKED "
    fi
}

boot_median() { # boot_median ENGINE [boot|init]: median seconds, or FAIL
    if [ -n "${failed[$1 boot]:-}" ]; then echo "FAIL"
    else echo "$(fmt "$(median_of "${times[$1 ${2:-boot}]}")" "%.3f") s"; fi
}

# boot_summary WHAT KEY: one line of medians and the rivet/qemu ratios.
boot_summary() {
    local j q i s="-" t="-"
    j=$(boot_median rivet "$2") i=$(boot_median interp "$2")
    printf '%s' "$1 (OpenSBI + Linux + initramfs, 256M, 1 hart, median of $boot_reps):"
    printf ' rivet %s, rivet -accel interp %s' "$j" "$i"
    if ((have_qemu)); then
        q=$(boot_median qemu "$2")
        if [ "$q" != FAIL ] && [ "$j" != FAIL ]; then
            s=$(fmt "$(ratio "${q% s}" "${j% s}")" "%.2fx")
            t=$(fmt "$(ratio "${j% s}" "${q% s}")" "%.3f")
        fi
        printf ', qemu -M virt %s; rivet/qemu speed %s (Rivet takes %s of QEMU'"'"'s time)' \
            "$q" "$s" "$t"
    fi
}

bench_boot() {
    local gdir order
    gdir=$(scripts/build-guest 2>"$logs/build-guest.log" | tail -n 1) || {
        boot_line="boot: skipped, the guest did not build (log: $logs/build-guest.log)"
        return
    }
    # shellcheck source=/dev/null
    . "$gdir/guest.env"
    say "boot: $boot_reps runs per engine"
    for ((r = 1; r <= boot_reps; r++)); do
        order="rivet"
        ((have_qemu)) && { ((r % 2)) && order="rivet qemu" || order="qemu rivet"; }
        for e in $order interp; do
            boot_run "$e"
        done
    done
    boot_line="$(boot_summary "boot to the init marker" init)"$'\n'
    boot_line+="$(boot_summary "boot to poweroff" boot)"
    for e in rivet qemu interp; do
        [ -n "${times[$e init]:-}" ] && boot_line+=$'\n'"- $e to the marker (s): ${times[$e init]% }"
        [ -n "${times[$e boot]:-}" ] && boot_line+=$'\n'"- $e to poweroff (s): ${times[$e boot]% }"
    done
}

((boot_reps > 0)) && bench_boot

# ------------------------------------------------------------------ report

startup_line="start-up (empty program, subtracted from the guest times):"
for e in rivet qemu interp; do
    [ -n "${median[$e empty]:-}" ] && startup_line+=" $e $(fmt "${median[$e empty]}" "%.3f") s"
done
qemu_version=$( ((have_qemu)) && "$qemu" --version | head -n 1)
{
    echo "## make bench ($(date -u +%Y-%m-%d))"
    echo
    echo "Host: $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores." \
        "Rivet $(git describe --always --dirty 2>/dev/null || echo '?')," \
        "${qemu_version:-no QEMU}. Medians of $reps runs ($interp_reps under -accel interp);" \
        "rivet = -accel jit${qemu_version:+, qemu = -M spike}; -bios none -m 256M."
    echo
    table
    echo
    echo "rivet/qemu speed = qemu s / rivet s (above 1: Rivet is faster);"
    echo "rivet % of native = native s / rivet s. Geomean over the kernels."
    gj=$(geomean "${jitgain[@]}")
    [ "$gj" != "-" ] && gj=$(fmt "$gj" "%.2fx")
    echo "JIT over interpreter (interp s / rivet s), geomean: $gj"
    echo
    echo "$startup_line"
    echo
    [ -n "$boot_line" ] && printf '%s\n' "$boot_line"
    for key in "${!failed[@]}"; do
        echo "FAILED $key: ${failed[$key]}"
    done | sort
} >"$results"
cat "$results"
say "written to $results"
[ -z "${!failed[*]}" ]
