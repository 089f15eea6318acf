#!/bin/sh
# parse.t - ctl-parse over every page in tests/pages: one row out per row
# in, valid TSV, only documented statuses, nothing from /etc/passwd in any
# output, hostile pages bounded in time, re-runs replace their columns,
# write errors, and a usage line that matches the man page.  The expected
# values themselves are in tests/golden/ctl-parse.  Owned by the ctl-parse
# engineer.
. "$(dirname "$0")/lib.sh"

P=$ROOT/tests/pages
PARSE=$BIN/ctl-parse

sh "$P/tsv" "$P"/*.xml "$P"/*.html "$P"/*.txt >"$T_TMP/in.tsv"
# shellcheck disable=SC2086
timeout 60 $VG "$PARSE" <"$T_TMP/in.tsv" >"$T_TMP/out.tsv" 2>"$T_TMP/err"
st=$?
status_is "all pages: exit 1 (some pages are refused)" 1 "$st"
check "all pages: nothing on stderr" test ! -s "$T_TMP/err"
nin=$(wc -l <"$T_TMP/in.tsv")
nout=$(wc -l <"$T_TMP/out.tsv")
status_is "all pages: one row out per row in" "$nin" "$nout"
# shellcheck disable=SC2016
check "all pages: output is valid TSV" \
    sh -c '"$1" <"$2" >/dev/null 2>&1' sh "$TBIN/tsvcat" "$T_TMP/out.tsv"

# Every parse_status is one of the documented values.
awk -F '\t' 'NR == 1 {
	for (i = 1; i <= NF; i++) if ($i == "parse_status") c = i
	next
}
{ print $c }' "$T_TMP/out.tsv" | tr ',' '\n' | sort -u >"$T_TMP/statuses"
page='ok|no_body|fetch_failed|too_large|bad_encoding|entity_refused'
page="$page|too_deep|malformed|not_phone_page"
field='(ctl|itl)_(missing|empty|not_installed|not_hex|odd_hex|bad_length)'
bad=$(grep -v -x -E "$page|$field" "$T_TMP/statuses")
if [ -z "$bad" ]; then
	ok "only documented statuses"
else
	not_ok "undocumented status: $bad"
fi
for s in ok no_body too_deep entity_refused bad_encoding malformed \
    not_phone_page ctl_missing ctl_empty ctl_not_installed ctl_not_hex \
    itl_odd_hex ctl_bad_length; do
	if grep -q -x "$s" "$T_TMP/statuses"; then
		ok "the pages give $s"
	else
		not_ok "no page gives $s"
	fi
	st=${s#ctl_}
	st=${st#itl_}
	if grep -q -x -e "\\.It Cm $st" "$ROOT/man/ctl-parse.1"; then
		ok "man page explains $s"
	else
		not_ok "man page does not explain $s"
	fi
done

# External entities: not a byte of the file may come out, kept body or not.
secret=$(head -n 1 /etc/passwd | cut -d: -f1-4)
sh "$P/tsv" "$P"/hostile-* >"$T_TMP/hostile.tsv"
# shellcheck disable=SC2086
$VG "$PARSE" <"$T_TMP/hostile.tsv" >"$T_TMP/h1" 2>&1
# shellcheck disable=SC2086
$VG "$PARSE" --keep-body <"$T_TMP/hostile.tsv" >"$T_TMP/h2" 2>&1
if [ -n "$secret" ] && ! grep -q -F "$secret" "$T_TMP/h1" "$T_TMP/h2"; then
	ok "no /etc/passwd content in any output"
else
	not_ok "/etc/passwd content leaked (or could not be read)"
fi

# Hostile pages, each alone: a status, no crash, bounded time.
for f in "$P"/hostile-*; do
	sh "$P/tsv" "$f" >"$T_TMP/one.tsv"
	# shellcheck disable=SC2086
	timeout 20 $VG "$PARSE" <"$T_TMP/one.tsv" >"$T_TMP/one.out" 2>&1
	st=$?
	rows=$(wc -l <"$T_TMP/one.out")
	if [ "$st" -le 1 ] && [ "$rows" -eq 2 ]; then
		ok "$(basename "$f"): status $st, one row"
	else
		not_ok "$(basename "$f"): status $st, $rows lines"
	fi
done

# A re-run replaces its columns: same header, same values.
sh "$P/tsv" "$P/cp88xx-serviceability.html" "$P/case-odd-hex.html" |
    $VG "$PARSE" -b >"$T_TMP/r1"
$VG "$PARSE" -b <"$T_TMP/r1" >"$T_TMP/r2"
same "re-run with --keep-body changes nothing" "$T_TMP/r1" "$T_TMP/r2"

# Write errors are exit 3.
if [ -w /dev/full ]; then
	# shellcheck disable=SC2086
	$VG "$PARSE" <"$T_TMP/in.tsv" >/dev/full 2>"$T_TMP/err"
	status_is "full disk: exit 3" 3 $?
	check "full disk: says write error" grep -q 'write error' "$T_TMP/err"
else
	skip "no /dev/full"
fi

# -V and the usage line against the man page's SYNOPSIS.
# shellcheck disable=SC2016
check "-V prints the version" sh -c '"$1" -V | grep -q "^ctl-parse [0-9]"' \
    sh "$PARSE"
if command -v mandoc >/dev/null 2>&1; then
	syn=$(mandoc -T ascii "$ROOT/man/ctl-parse.1" | col -b |
	    awk '/^SYNOPSIS/ { getline; print; exit }' | sed 's/^ *//')
	use=$("$PARSE" -h | sed 's/^usage: //')
	if [ "$syn" = "$use" ]; then
		ok "usage matches the SYNOPSIS"
	else
		not_ok "usage '$use' is not the SYNOPSIS '$syn'"
	fi
else
	skip "no mandoc"
fi
done_testing
