#!/bin/sh
# parse.sh - make bench: ctl-parse pages per second on one core and its
# peak memory, for several page mixes made from tests/pages.  Prints
# figures, asserts nothing.  Owned by the ctl-parse engineer.
#   all     every page the farm serves (INDEX.tsv), in equal numbers
#   fetch   the page ctl-fetch's default URL order gets from each family
#           (NetworkConfigurationX, or the HTML page where there is none)
#   xml     the XML pages only;  html  the HTML pages only
#   deep    one 10 MB body of nested tags (memory of a hostile page)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
: "${CTL_BUILD:=build/cc}"
case $CTL_BUILD in /*) ;; *) CTL_BUILD=$ROOT/$CTL_BUILD ;; esac
PARSE=$CTL_BUILD/bin/ctl-parse
P=$ROOT/tests/pages
N=${PARSE_BENCH_ROWS:-40000}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ctl-bench.XXXXXX") || exit 3
trap 'rm -rf "$TMP"' EXIT INT TERM
[ -x "$PARSE" ] || { echo "parse.sh: no $PARSE (make first)"; exit 3; }

ONE=
command -v taskset >/dev/null 2>&1 && ONE="taskset -c 0"

# mix NAME FILE...: N rows cycling through the pages.
mix() {
	name=$1
	shift
	sh "$P/tsv" "$@" | awk -v n="$N" 'NR == 1 { print; next }
	    { row[++k] = $0 }
	    END { for (i = 0; i < n; i++) print row[i % k + 1] }' \
	    >"$TMP/$name.tsv"
}

# run NAME: time and peak RSS of one ctl-parse over the mix.
run() {
	rows=$(($(wc -l <"$TMP/$1.tsv") - 1))
	bytes=$(wc -c <"$TMP/$1.tsv")
	# shellcheck disable=SC2086
	/usr/bin/time -f '%e %U %M' -o "$TMP/time" \
	    $ONE "$PARSE" <"$TMP/$1.tsv" >/dev/null 2>&1
	# A failing status adds a line before the figures.
	tail -n 1 "$TMP/time" >"$TMP/figures"
	read -r wall user rss <"$TMP/figures"
	awk -v m="$1" -v r="$rows" -v b="$bytes" -v w="$wall" -v u="$user" \
	    -v k="$rss" 'BEGIN {
		t = u > 0 ? u : w; if (t <= 0) t = 0.01
		printf "%-6s %7d pages %6.1f MB  %6.2f s cpu  %8.0f pages/s  " \
		    "peak %6.1f MB\n", m, r, b / 1048576, t, r / t, k / 1024 }'
}

cd "$P" || exit 3
mix all cp88xx-netconfx.xml cp88xx-devinfox.xml cp88xx-serviceability.html \
    cp88xx-serviceabilityx.xml cp79x5-netconfx.xml cp79x5-devinfox.xml \
    cp79x5-netconf.html cp7940-netconfx.xml cp7940-devinfox.xml \
    cp7940-netconf.html cp8821-serviceability.html
mix fetch cp88xx-netconfx.xml cp79x5-netconfx.xml cp7940-netconfx.xml \
    cp8821-serviceability.html
mix xml cp88xx-netconfx.xml cp88xx-serviceabilityx.xml cp79x5-netconfx.xml \
    cp7940-netconfx.xml
mix html cp88xx-serviceability.html cp79x5-netconf.html \
    cp7940-netconf.html cp8821-serviceability.html
{
	printf 'name\tbody\ndeep\t'
	yes '<x>' | tr -d '\n' | head -c 10485760
	printf '\n'
} >"$TMP/deep.tsv"
echo "ctl-parse on one core${ONE:+ (taskset -c 0)}, goal 20000 pages/s"
for m in all fetch xml html deep; do
	run "$m"
done
