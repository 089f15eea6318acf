#!/bin/sh
# compare.t - ctl-compare properties the goldens cannot show on their own:
# a re-run on its own output replaces its columns (same bytes), the exit
# status follows mismatches only, and every input row gives one row.
. "$(dirname "$0")/lib.sh"

C=$BIN/ctl-compare
G=$ROOT/tests/golden/ctl-compare
F=$ROOT/tests/fixtures/tlv

$VG "$C" -e "$F/expect-mixed.tsv" <"$G/mixed-table/stdin" >"$T_TMP/once" \
    2>"$T_TMP/e"
status_is "mixed table: exit 1 (mismatches)" 1 $?
$VG "$C" -e "$F/expect-mixed.tsv" <"$T_TMP/once" >"$T_TMP/twice" 2>>"$T_TMP/e"
status_is "re-run: exit 1" 1 $?
same "re-run on its own output gives the same bytes" "$T_TMP/once" \
    "$T_TMP/twice"
check "no diagnostics" test ! -s "$T_TMP/e"
[ "$(wc -l <"$T_TMP/once")" -eq "$(wc -l <"$G/mixed-table/stdin")" ]
check "one output row per input row" test $? -eq 0

# Only the matching rows: exit 0, even with not_installed and unchecked.
grep -v -e SEPctlmismatch -e SEPitlothercluster "$G/mixed-table/stdin" \
    >"$T_TMP/in"
$VG "$C" -e "$F/expect-mixed.tsv" <"$T_TMP/in" >"$T_TMP/o" 2>/dev/null
status_is "no mismatch: exit 0" 0 $?
n=$(awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "result") c = i; next }
    { print $c }' "$T_TMP/o" | sort -u | tr '\n' ' ')
check "results seen: $n" test "$n" = "match not_installed unchecked "

# Every result value appears in the goldens' tables (ctl_result,
# itl_result, result).
awk -F '\t' '
    FNR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /result$/) c[i] = 1; next }
    { for (i in c) print $i }' "$G"/*-table/stdout | sort -u | tr '\n' ' ' >"$T_TMP/all"
check "the golden tables cover every result: $(cat "$T_TMP/all")" \
    test "$(cat "$T_TMP/all")" = \
    "match mismatch not_applicable not_installed unchecked "
done_testing
