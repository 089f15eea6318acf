#!/bin/sh
# expect.sh - figures for ctl-expect and ctl-compare: time to hash, parse
# and verify the committed CTL and 118 KB ITL 200 times, and ctl-compare
# over 40,000 phone rows.  Prints numbers; asserts nothing.
: "${CTL_BUILD:=build/cc}"
BIN=$CTL_BUILD/bin
F=tests/fixtures/tlv
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ctl-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
set --
i=0
while [ $i -lt 100 ]; do
	set -- "$@" --ctl-file "$F/CTLFile.tlv" --itl-file "$F/ITLFile-big.tlv"
	i=$((i + 1))
done
t0=$(date +%s.%N)
"$BIN/ctl-expect" "$@" >"$TMP/e.tsv"
t1=$(date +%s.%N)
echo "ctl-expect: 200 files (100 CTL 6.7 KB, 100 ITL 118 KB, 15,400 certificates): $(echo "$t1 - $t0" | bc) s"
awk 'BEGIN {
	printf "name\ttftp_server\tcluster_security_mode\tfetch_status\tparse_status\tctl_signature\titl_signature\n"
	for (i = 0; i < 40000; i++)
		printf "SEP%012d\t127.20.1.%d\t1\tok\tok\ta2ef1548bee4549ea499a09abacd842324bb3a63\t%s\n", i, 1 + i % 2,
		    i % 3 ? "29d02be09b8818837af5a1adab9a1375ed6dbb40" : "0123456789abcdef0123456789abcdef01234567"
}' >"$TMP/p.tsv"
t0=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$TMP/mem" "$BIN/ctl-compare" -e "$F/expect-mixed.tsv" <"$TMP/p.tsv" >/dev/null
t1=$(date +%s.%N)
echo "ctl-compare: 40,000 phones: $(echo "$t1 - $t0" | bc) s, peak $(tail -n 1 "$TMP/mem") KB"
