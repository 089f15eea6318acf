#!/bin/sh
# fetch.sh - make bench: ctl-fetch against the phone farm.  Prints figures,
# asserts nothing.  Runs in a network namespace of its own (unshare -n);
# the farm's phones are 127.11.0.0/16 there.
#   1. 10,000 phones over HTTP, window 256: ctl-fetch, curl --parallel
#      --parallel-max 256 (one config file); xargs -P 256 curl (one curl
#      a phone) on 2,000 of them: it is that slow
#   2. the same over HTTPS with verification on
#   3. 1,000 phones of which 100 never answer, total timeout 2 s
#   4. peak memory of ctl-fetch at 40,000 phones
if [ -z "${CTL_BENCH_NS:-}" ]; then
	if ! unshare -n true 2>/dev/null; then
		echo "fetch: no network namespace (unshare -n): skipped"
		exit 0
	fi
	CTL_BENCH_NS=1 exec unshare -n sh "$0" "$@"
fi
ip link set lo up
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
: "${CTL_BUILD:=build/cc}"
case $CTL_BUILD in /*) ;; *) CTL_BUILD=$ROOT/$CTL_BUILD ;; esac
FETCH=$CTL_BUILD/bin/ctl-fetch
W=256
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ctl-bench.XXXXXX")
FP=
cleanup() {
	[ -n "$FP" ] && kill "$FP" 2>/dev/null && wait "$FP"
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() {
	date +%s.%N
}

# secs START: seconds since START, three decimals.
secs() {
	awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'
}

# rate N SECONDS
rate() {
	awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f/s", (s > 0 ? n / s : 0) }'
}

# okrows FILE: rows whose fetch_status is ok.
okrows() {
	awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == \
	    "fetch_status") c = i; next } $c == "ok" { n++ } END { print n + 0 }' \
	    "$1"
}

# 40,000 web phones, and 100 silent ones among the first thousand.
python3 "$ROOT/tests/sim/phonefarm" --dir "$TMP/farm" --generate 40100 \
    --base 127.11.0.1 --families cp88xx,cp79x5,cp7940 --print |
    awk -F '\t' 'BEGIN { OFS = FS } NR > 1 && NR <= 1001 && NR % 10 == 0 {
	$4 = "fault-silent" } { print }' >"$TMP/list.tsv"
t=$(now)
python3 "$ROOT/tests/sim/phonefarm" --dir "$TMP/farm" --phones \
    "$TMP/list.tsv" --lifetime 600 --linger 10 >"$TMP/farm.log" 2>&1 &
FP=$!
i=0
while [ ! -f "$TMP/farm/ready" ] && [ $i -lt 1200 ]; do
	kill -0 "$FP" 2>/dev/null || break
	sleep 0.1
	i=$((i + 1))
done
if [ ! -f "$TMP/farm/ready" ]; then
	echo "fetch: the farm did not start"
	tail -n 5 "$TMP/farm.log"
	exit 1
fi
echo "farm of 40,100 phones up in $(secs "$t") s"
P=$TMP/farm/phones.tsv
CA=$TMP/farm/ca.pem
head -n 1 "$P" >"$TMP/p10k.tsv"
tail -n +1002 "$P" | head -n 10000 >>"$TMP/p10k.tsv"
head -n 1001 "$P" >"$TMP/p1k.tsv"

# compare SCHEME N FILE EXTRA-CURL-ARGS...
compare() {
	scheme=$1 n=$2 list=$3
	shift 3
	t=$(now)
	"$FETCH" -j $W --cacert "$CA" -u "$scheme://{ip}/NetworkConfigurationX" \
	    <"$list" >"$TMP/out.tsv"
	s=$(secs "$t")
	echo "$scheme $n phones, window $W: ctl-fetch $s s ($(rate "$n" "$s")," \
	    "$(okrows "$TMP/out.tsv") ok)"
	tail -n +2 "$list" | cut -f 2 |
	    awk -v s="$scheme" '{ printf "url = \"%s://%s/NetworkConfigurationX\"\n" \
		"output = \"/dev/null\"\n", s, $1 }' >"$TMP/curl.cfg"
	t=$(now)
	curl -s --no-progress-meter --parallel --parallel-max $W --cacert "$CA" "$@" \
	    --config "$TMP/curl.cfg"
	s=$(secs "$t")
	echo "$scheme $n phones, window $W: curl --parallel $s s" \
	    "($(rate "$n" "$s"))"
}

# xargs_curl SCHEME N FILE
xargs_curl() {
	tail -n +2 "$3" | head -n "$2" | cut -f 2 |
	    sed "s|.*|$1://&/NetworkConfigurationX|" >"$TMP/urls"
	t=$(now)
	xargs -P $W -n 1 curl -s -o /dev/null --cacert "$CA" <"$TMP/urls"
	s=$(secs "$t")
	echo "$1 $2 phones, window $W: xargs -P $W curl $s s ($(rate "$2" "$s"))"
}

compare http 10000 "$TMP/p10k.tsv"
xargs_curl http 2000 "$TMP/p10k.tsv"
compare https 10000 "$TMP/p10k.tsv"
xargs_curl https 2000 "$TMP/p10k.tsv"

t=$(now)
"$FETCH" -j 256 -m 2 --cacert "$CA" <"$TMP/p1k.tsv" >"$TMP/out.tsv"
echo "1000 phones, 100 never answer, -j 256 -m 2: $(secs "$t") s" \
    "($(okrows "$TMP/out.tsv") ok)"

t=$(now)
/usr/bin/time -f '%M' -o "$TMP/rss" "$FETCH" -j 256 -m 2 --cacert "$CA" \
    <"$P" >"$TMP/out.tsv"
s=$(secs "$t")
echo "40,100 phones, -j 256: $s s, peak memory $(($(tail -n 1 "$TMP/rss") / 1024))" \
    "MiB ($(okrows "$TMP/out.tsv") ok, output $(($(wc -c <"$TMP/out.tsv") / \
    1048576)) MiB)"
