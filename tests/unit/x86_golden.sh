#!/bin/sh
# SPDX-License-Identifier: MIT
# Audit the golden bytes of tests/unit/test_x86_emit.c with GNU as: every G(call, "AT&T text",
# bytes...) entry's text is assembled (in a section of its own, `g0` naming the start of the
# emission buffer) and the bytes are compared. --update rewrites the bytes in place.
# Developer tool, needs binutils for x86-64; not run by `make check`.
set -eu
cd "$(dirname "$0")/../.."
src=tests/unit/test_x86_emit.c
mode=check
[ "${1:-}" = --update ] && mode=update
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# 1. Extract the entries as: line <TAB> text <TAB> bytes, and write one assembler file.
perl -0777 -ne '
    my $n = 0;
    while (/\bG\(([^;"]*?),\s*((?:"(?:[^"\\]|\\.)*"\s*)+),\s*([^;]*?)\)\s*;/sg) {
        my ($text, $bytes) = ($2, $3);
        my $line = 1 + (() = substr($_, 0, $-[0]) =~ /\n/g);
        $text = join "", $text =~ /"((?:[^"\\]|\\.)*)"/g;
        $bytes =~ s/\s+//g;
        print "$line\t$text\t$bytes\n";
        $n++;
    }
    die "no G() entries found\n" unless $n;
' "$src" > "$tmp/entries"

perl -ne '
    my ($line, $text) = split /\t/;
    my $i = $. - 1;
    $text =~ s/\bg0\b/g0_$i/g;
    $text =~ s/;/\n/g;
    print ".section .g$i,\"ax\"\ng0_$i:\n$text\n";
' "$tmp/entries" > "$tmp/all.s"

as --64 -o "$tmp/all.o" "$tmp/all.s"
if objdump -r "$tmp/all.o" | grep -q R_X86_64; then
    echo "x86_golden: some entries need relocations (an undefined symbol?):" >&2
    objdump -r "$tmp/all.o" >&2
    exit 1
fi
objdump -s "$tmp/all.o" > "$tmp/dump"

# 2. Compare (or rewrite) the bytes of each entry with what as produced.
perl -e '
    my ($mode, $src, $entries, $dump) = @ARGV;
    my (%got, $sec);
    open my $d, "<", $dump or die;
    while (<$d>) {
        if (/^Contents of section \.g(\d+):/) { $sec = $1; $got{$sec} = ""; next; }
        next unless defined $sec && /^ [0-9a-f]+ ((?:[0-9a-f]{2,8} ?){1,4})/;
        (my $h = $1) =~ s/\s+//g;
        $got{$sec} .= $h;
    }
    open my $e, "<", $entries or die;
    my (@want, @line, @text);
    while (<$e>) { chomp; my @f = split /\t/; push @line, $f[0]; push @text, $f[1]; push @want, $f[2]; }
    my %new; my $bad = 0;
    for my $i (0 .. $#want) {
        my $g = $got{$i} // "";
        my $lit = join ", ", map { "0x$_" } ($g =~ /(..)/g);
        my $wl = join ", ", map { sprintf "0x%02x", oct } grep { length } split /,/, $want[$i];
        next if $wl eq $lit;
        $bad++;
        $new{$line[$i]} = $lit;
        print "$src:$line[$i]: \"$text[$i]\"\n    test: $wl\n    as:   $lit\n" if $mode eq "check";
    }
    if ($mode eq "update" && %new) {
        local $/; open my $f, "<", $src or die; my $c = <$f>; close $f;
        my $orig = $c;
        $c =~ s{\bG\(([^;"]*?),(\s*)((?:"(?:[^"\\]|\\.)*"\s*)+),(\s*)([^;]*?)\)(\s*);}{
            my @m = ($1, $2, $3, $4, $6, $&);
            my $ln = 1 + (() = substr($orig, 0, $-[0]) =~ /\n/g);
            exists $new{$ln} ? "G($m[0],$m[1]$m[2],$m[3]$new{$ln})$m[4];" : $m[5]
        }sge;
        open $f, ">", $src or die; print $f $c; close $f;
        print "x86_golden: rewrote ", scalar(keys %new), " entries; now run clang-format -i $src\n";
        exit 0;
    }
    print "x86_golden: ", scalar(@want), " entries, $bad differ from GNU as\n";
    exit($bad ? 1 : 0);
' "$mode" "$src" "$tmp/entries" "$tmp/dump"
