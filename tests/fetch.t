#!/bin/sh
# fetch.t - ctl-fetch against the phone farm (tests/sim/phonefarm) and the
# fault server: every fault mode gives its documented status within its
# timeout, every row comes back exactly once, order, TLS, descriptors.
#
# The script re-runs itself inside a network namespace of its own
# (unshare -n), where the farm's phones are 127.10.0.0/16 on ports 80 and
# 443 and the NUL-body server is 127.0.0.1:20990.  Where namespaces are not
# available it falls back to a small farm on 127.0.0.1 ports 20000-20199.
if [ -z "${CTL_FETCH_NS:-}" ] && unshare -n true 2>/dev/null; then
	CTL_FETCH_NS=1 exec unshare -n sh "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"

FETCH=$BIN/ctl-fetch
SIM=$ROOT/tests/sim
# Timeouts of these runs: connect 2 s, total 3 s, low speed for 2 s (the
# fault servers are Python, on a machine that may be busy); longer under
# valgrind, which slows ctl-fetch itself down.
CT=2 MT=3 ST=2
[ -n "$VG" ] && CT=5 MT=8 ST=5
fetch_t() {
	$VG "$FETCH" --connect-timeout $CT -m $MT --speed-time $ST "$@"
}

if [ -n "${CTL_FETCH_NS:-}" ]; then
	ip link set lo up
	NS=1
	N=2000
	[ -n "$VG" ] && N=300
	MODES=off,fault-silent,fault-trickle,fault-reset,fault-huge
	MODES=$MODES,fault-redirect,fault-401,fault-garbage,fault-bigheader
	MODES=$MODES,fault-tls,fault-backlog,fault-drop,fault-unreachable
	PCT=5
	set --
else
	NS=
	N=60
	MODES=off,fault-silent,fault-reset,fault-redirect,fault-401
	MODES=$MODES,fault-garbage,fault-tls,fault-backlog
	PCT=5
	set -- -u 'http://{ip}:{http_port}/NetworkConfigurationX' \
	    -u 'https://{ip}:{https_port}/NetworkConfigurationX' \
	    -u 'http://{ip}:{http_port}/CGI/Java/Serviceability?adapter=device.statistics.configuration'
	diag "no network namespace: small farm on 127.0.0.1 ports"
fi

# start_farm DIR ARGS...: run the farm in the background until ready.
start_farm() {
	sf_dir=$1
	shift
	python3 "$SIM/phonefarm" --dir "$sf_dir" --lifetime 300 "$@" \
	    >"$sf_dir.log" 2>&1 &
	sf_pid=$!
	at_exit "kill $sf_pid; wait $sf_pid"
	i=0
	while [ ! -f "$sf_dir/ready" ] && [ $i -lt 600 ]; do
		kill -0 "$sf_pid" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	[ -f "$sf_dir/ready" ]
}

# col NAME: the 1-based index of a column in the TSV on stdin's header.
col() {
	head -n 1 | tr '\t' '\n' | grep -nx "$1" | cut -d: -f1
}

# is_all DESCRIPTION STATUS FILE: every row of FILE has that fetch_status.
is_all() {
	ia_c=$(col fetch_status <"$3")
	ia_got=$(tail -n +2 "$3" | cut -f "$ia_c" | sort | uniq -c |
	    awk '{ printf "%s%s x%s", s, $2, $1; s = ", " }')
	case $ia_got in
	"$2 x"*[0-9]) [ -n "${ia_got##*,*}" ] && ok "$1" && return ;;
	esac
	not_ok "$1"
	diag "got $ia_got"
}

# The phone list: generated, 5 % in each fault mode, and every 20th
# web phone switched to https-only (not a cp8821: it has no
# NetworkConfigurationX, so over HTTPS it says http_404).
F=$T_TMP/farm
mkdir -p "$F"
python3 "$SIM/phonefarm" --dir "$F" --generate "$N" --faults "$PCT" \
    --fault-modes "$MODES" --print >"$T_TMP/list0.tsv"
awk -F '\t' 'BEGIN { OFS = FS }
    NR > 1 && $4 == "http" && $3 != "cp8821" && ++n % 20 == 0 {
	$4 = "https-only" } { print }' "$T_TMP/list0.tsv" >"$T_TMP/list.tsv"
port_args=
[ -z "$NS" ] && port_args="--ports 20000"
# shellcheck disable=SC2086
if ! start_farm "$F" --phones "$T_TMP/list.tsv" $port_args; then
	not_ok "phone farm starts"
	sed 's/^/# /' "$F.log" | tail -n 20
	done_testing
	exit 1
fi
ok "phone farm of $N phones starts"
P=$F/phones.tsv
CA=$F/ca.pem

# The whole farm, default chain and window.
t0=$(date +%s)
# shellcheck disable=SC2086
fetch_t --cacert "$CA" "$@" <"$P" >"$T_TMP/all.tsv" \
    2>"$T_TMP/all.err"
st=$?
t1=$(date +%s)
diag "$N phones in $((t1 - t0)) s"
status_is "a farm with failed phones exits 1" 1 "$st"
check "nothing on stderr when it is not a terminal" test ! -s "$T_TMP/all.err"

tail -n +2 "$P" | cut -f 1 | sort >"$T_TMP/names.in"
tail -n +2 "$T_TMP/all.tsv" | cut -f 1 | sort >"$T_TMP/names.out"
same "every phone exactly once" "$T_TMP/names.in" "$T_TMP/names.out"

# Each mode: its status, and the time it took within its bound.
cat >"$T_TMP/check.awk" <<'EOF'
BEGIN {
	FS = "\t"
	want["http"] = "ok"; want["https-only"] = "ok"
	want["off"] = "refused"; want["fault-silent"] = "timeout"
	want["fault-trickle"] = "too_slow"; want["fault-reset"] = "reset"
	want["fault-huge"] = "too_large"; want["fault-redirect"] = "redirect"
	want["fault-401"] = "http_401"; want["fault-garbage"] = "bad_reply"
	want["fault-bigheader"] = "bad_reply"; want["fault-tls"] = "tls_error"
	want["fault-backlog"] = "connect_timeout"
	want["fault-drop"] = "connect_timeout"
	want["fault-unreachable"] = "unreachable"
	# Least and most milliseconds: timeouts must not fire early or late.
	# A silent phone sends nothing: the low-speed time ends it.
	lo["fault-silent"] = st * 1000 - 50; hi["fault-silent"] = st * 2500
	lo["fault-trickle"] = st * 1000 - 50; hi["fault-trickle"] = st * 2500
	lo["fault-backlog"] = ct * 1000 - 50; hi["fault-backlog"] = ct * 2250
	lo["fault-drop"] = ct * 1000 - 50; hi["fault-drop"] = ct * 2250
	other = st * 2500
}
NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
{
	m = $c["mode"]; st = $c["fetch_status"]; ms = $c["fetch_ms"] + 0
	n[m]++
	if (st != want[m]) {
		if (bad++ < 8)
			printf "# %s %s: %s (%s), want %s\n", $c["name"], m,
			    st, $c["fetch_error"], want[m]
		next
	}
	h = m in hi ? hi[m] : other
	if (ms < lo[m] + 0 || ms > h) {
		if (slow++ < 8)
			printf "# %s %s: %d ms, want %d..%d\n", $c["name"], m,
			    ms, lo[m], h
	}
	if (st != "ok")
		next
	u = $c["url"]; b = $c["body"]; f = $c["family"]
	path = f == "cp8821" ? "/CGI/Java/Serviceability?adapter=" \
	    "device.statistics.configuration" : "/NetworkConfigurationX"
	if (index(u, path) == 0 || (m == "https-only") != (u ~ /^https:/)) {
		if (badurl++ < 8)
			printf "# %s %s %s: url %s\n", $c["name"], f, m, u
	}
	if (index(b, $c["host_name"]) == 0 || index(b, $c["ip"]) == 0 ||
	    (f == "cp88xx" && index(b, "<CTLFile>" $c["ctl_signature"]) == 0) ||
	    (f == "cp79x5" && index(b, toupper($c["itl_signature"])) == 0)) {
		if (badbody++ < 8)
			printf "# %s %s: body without its values\n", $c["name"], f
	}
}
END {
	for (m in n)
		printf "# %s: %d phones\n", m, n[m]
	printf "%d %d %d %d\n", bad, slow, badurl, badbody
}
EOF
awk -v ct=$CT -v st=$ST -f "$T_TMP/check.awk" "$T_TMP/all.tsv" \
    >"$T_TMP/check.out"
grep '^#' "$T_TMP/check.out"
read -r bad slow badurl badbody <<EOF
$(grep -v '^#' "$T_TMP/check.out")
EOF
check "every mode gives its documented status" test "$bad" -eq 0
check "every status came within its timeout" test "$slow" -eq 0
check "ok rows name the URL that answered" test "$badurl" -eq 0
check "ok rows carry the phone's own page" test "$badbody" -eq 0

# The web phones alone: all ok, exit 0.
awk -F '\t' 'NR == 1 || $6 == "http"' "$P" | head -n 301 >"$T_TMP/web.tsv"
fetch_t --cacert "$CA" "$@" <"$T_TMP/web.tsv" >"$T_TMP/web.out"
status_is "all phones answering exits 0" 0 $?
ws=$(col fetch_status <"$T_TMP/web.out")
is_all "... and every row is ok" ok "$T_TMP/web.out"

# A window of one gives the same answers.
head -n 41 "$T_TMP/web.tsv" >"$T_TMP/web40.tsv"
fetch_t -j 1 --cacert "$CA" "$@" <"$T_TMP/web40.tsv" \
    >"$T_TMP/j1.out"
check "-j 1 fetches every row" test "$(tail -n +2 "$T_TMP/j1.out" |
    cut -f "$ws" | grep -c '^ok$')" -eq 40

# --keep-order: input order, faults and all.
head -n 301 "$P" >"$T_TMP/k.tsv"
fetch_t --keep-order -j 32 --cacert "$CA" "$@" <"$T_TMP/k.tsv" \
    >"$T_TMP/k.out"
cut -f 1 "$T_TMP/k.tsv" >"$T_TMP/k.names"
cut -f 1 "$T_TMP/k.out" >"$T_TMP/k.outnames"
same "--keep-order keeps input order" "$T_TMP/k.names" "$T_TMP/k.outnames"

# TLS: https-only phones fail verification without the farm's CA, and
# answer with -k.
awk -F '\t' 'NR == 1 || $6 == "https-only"' "$P" | head -n 6 \
    >"$T_TMP/https.tsv"
fetch_t "$@" <"$T_TMP/https.tsv" >"$T_TMP/noca.out"
is_all "without the CA, https-only phones are tls_error" tls_error \
    "$T_TMP/noca.out"
fetch_t -k "$@" <"$T_TMP/https.tsv" >"$T_TMP/k.out"
is_all "with -k they are ok" ok "$T_TMP/k.out"

# Rows leave as they finish, and a pause in the input does not starve the
# transfers in flight (a reader blocked on stdin would let their timers
# run out).  The TSV reader reads 64 KiB at a time, so the first part is
# larger than that.
awk -F '\t' 'NR == 1 || $6 == "http"' "$P" >"$T_TMP/allweb.tsv"
awk '{ n += length($0) + 1; print } n > 70000 { exit }' "$T_TMP/allweb.tsv" \
    >"$T_TMP/first.tsv"
nfirst=$(($(wc -l <"$T_TMP/first.tsv") - 1))
tail -n +$((nfirst + 2)) "$T_TMP/allweb.tsv" | head -n 20 >"$T_TMP/second.tsv"
if [ "$(wc -l <"$T_TMP/second.tsv")" -eq 20 ]; then
	{ cat "$T_TMP/first.tsv"; sleep 3; cat "$T_TMP/second.tsv"; } |
	    $VG "$FETCH" -m 1 --connect-timeout 0.5 --cacert "$CA" "$@" \
	    >"$T_TMP/pipe.out" &
	pp=$!
	sleep 2
	early=$(($(wc -l <"$T_TMP/pipe.out") - 1))
	wait $pp
	check "rows are written while the input pauses ($early of $nfirst)" \
	    test "$early" -ge $((nfirst * 3 / 4))
	is_all "a pause in the input times nothing out" ok "$T_TMP/pipe.out"
else
	skip "input pause (farm too small)"
	skip "input pause timeouts"
fi

# A custom URL template naming another column.
printf 'name\tip\thost\n' >"$T_TMP/cust.tsv"
awk -F '\t' 'NR > 1 && $6 == "http" && $5 != "cp8821" {
	print $1 "\t" $2 "\t" $2; if (++n == 5) exit }' "$P" >>"$T_TMP/cust.tsv"
if [ -n "$NS" ]; then
	$VG "$FETCH" -u 'http://{host}/DeviceInformationX' <"$T_TMP/cust.tsv" \
	    >"$T_TMP/cust.out"
	cs=$(col fetch_status <"$T_TMP/cust.out")
	check "-u with a column of one's own" test "$(tail -n +2 \
	    "$T_TMP/cust.out" | cut -f "$cs" | sort -u)" = ok
	check "... and the url column says which" grep -q \
	    "	http://127.10.[0-9.]*/DeviceInformationX	" "$T_TMP/cust.out"
else
	skip "custom template (needs the namespace's port 80)"
	skip "custom template url"
fi

# A body with NUL bytes arrives with each NUL as U+FFFD.
python3 "$SIM/faultserver" --listen 127.0.0.1:20990:nul \
    --ready "$T_TMP/nul.ready" >/dev/null 2>&1 &
np=$!
at_exit "kill $np"
i=0
while [ ! -f "$T_TMP/nul.ready" ] && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
printf 'name\tip\nnul\t127.0.0.1\n' |
    $VG "$FETCH" -u 'http://{ip}:20990/x' >"$T_TMP/nul.out"
check "a NUL in the body is written as U+FFFD" grep -q \
    "$(printf '<a>\357\277\275NUL\357\277\275</a>')" "$T_TMP/nul.out"

# Out of descriptors is the tool's failure, not the phones'.
# shellcheck disable=SC3045
(ulimit -n 12 && exec "$FETCH" --cacert "$CA" "$@") <"$T_TMP/web40.tsv" \
    >"$T_TMP/fd.out" 2>"$T_TMP/fd.err"
status_is "too few descriptors: exit 3" 3 $?
check "... with one line on stderr" test "$(wc -l <"$T_TMP/fd.err")" -eq 1
check "... that says so" grep -q 'too few file descriptors' "$T_TMP/fd.err"
check "... and no phone reported dead" test "$(wc -l <"$T_TMP/fd.out")" -le 1

done_testing
