#!/bin/sh
# render.sh - make bench: ctl-render on 40,000 phones.  Prints the time
# and peak memory of -f html and -f csv, the size of the report, and how
# long headless chromium takes to load it and to sort it by a column.
# Asserts nothing.  Owned by the render engineer (issue 7).
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
: "${CTL_BUILD:=build/cc}"
case $CTL_BUILD in /*) ;; *) CTL_BUILD=$ROOT/$CTL_BUILD ;; esac
R=$CTL_BUILD/bin/ctl-render
F=$ROOT/tests/fixtures/render
N=${RENDER_ROWS:-40000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ctl-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# N phones: the small fixture's ten kinds of row, each name made unique.
awk -v n="$N" 'BEGIN { FS = OFS = "\t" }
NR == 1 { print; next }
{ row[NR - 2] = $0 }
END {
	for (i = 0; i < n; i++) {
		$0 = row[i % 10]
		$1 = sprintf("SEP%012X", i)
		$7 = sprintf("10.%d.%d.%d", int(i / 65536), int(i / 256) % 256,
		    i % 256)
		print
	}
}' "$F/small.tsv" >"$tmp/in.tsv"

# run NAME CMD...: wall seconds and peak resident memory of CMD.
run() {
	name=$1
	shift
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f "%e %M" -o "$tmp/time" "$@" || return 1
		read -r secs kb <"$tmp/time"
		printf '%s: %s s, %s KiB peak RSS\n' "$name" "$secs" "$kb"
	else
		t0=$(date +%s.%N)
		"$@" || return 1
		t1=$(date +%s.%N)
		printf '%s: %s s\n' "$name" "$(echo "$t1 - $t0" | bc)"
	fi
}

echo "input: $N rows, $(wc -c <"$tmp/in.tsv") bytes of TSV"
run "html $N rows" sh -c "'$R' -f html -t 1714564800 -e '$F/expect.tsv' \
    -r '$F/records.tsv' <'$tmp/in.tsv' >'$tmp/report.html'" || exit 1
run "csv $N rows" sh -c "'$R' -f csv <'$tmp/in.tsv' >'$tmp/report.csv'" ||
    exit 1
echo "html size: $(wc -c <"$tmp/report.html") bytes"
echo "csv size: $(wc -c <"$tmp/report.csv") bytes"
if [ -x "${CTL_CHROMIUM:-/usr/bin/chromium}" ] && command -v python3 \
    >/dev/null; then
	timeout 600 python3 "$F/cdp.py" bench "$tmp/report.html" ||
	    echo "browser: failed"
else
	echo "browser: skipped, no chromium"
fi
