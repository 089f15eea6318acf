#!/bin/sh
# e2e.t - the whole audit, scripts/ctl-report, against a simulated cluster
# (CUCM simulator, phone farm, two TFTP servers) in a private network
# namespace this script makes: every phone's verdict is the one the
# cluster description implies, no phone is lost on the way to the TSV, the
# CSV and the HTML, web access is enabled only where needed and always
# restored, also after a SIGKILL; and the failures end with a clear
# message and exit status.
if [ -z "${CTL_E2E_NS:-}" ]; then
	CTL_E2E_NS=1
	export CTL_E2E_NS
	if [ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null; then
		exec unshare -n sh "$0" "$@"
	elif unshare -rn true 2>/dev/null; then
		exec unshare -rn sh "$0" "$@"
	fi
	CTL_E2E_NS=none
fi
. "$(dirname "$0")/lib.sh"
if [ "$CTL_E2E_NS" = none ]; then
	skip "no network namespace can be made here (unshare -n)"
	done_testing
	exit 0
fi
ip link set lo up
# Every stage must ask phones, CUCM and TFTP directly: a proxy from the
# environment (here one that is not there) would answer for them.
http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9
all_proxy=http://127.0.0.1:9
export http_proxy https_proxy all_proxy
# shellcheck source=tests/sim/cluster.sh
. "$ROOT/tests/sim/cluster.sh"
at_exit cluster_down
N=300
C=$T_TMP/c1
REPORT=$ROOT/scripts/ctl-report
export CTL_BIN="$BIN"

report() {	# report DIR RUN [ARGS...]: ctl-report against cluster DIR
	r_dir=$1 r_run=$2
	shift 2
	"$REPORT" -H 127.30.0.1 -u admin --password-file "$r_dir/password" \
	    --cacert "$r_dir/cucm-tls/ca.crt" \
	    --phone-cacert "$r_dir/farm/ca.pem" --rate 6000 --wait 30 \
	    -o "$r_run" "$@" >"$T_TMP/out" 2>"$T_TMP/err"
}

# verdicts RUN EXPECTED: every phone's result as the description says.
verdicts() {
	python3 - "$1/compared.tsv" "$2" <<'PY'
import sys
def rows(p):
    lines = open(p, encoding="utf-8", errors="replace").read().split("\n")
    head = lines[0].split("\t")
    return [dict(zip(head, l.split("\t"))) for l in lines[1:] if l]
got = {r["name"]: r for r in rows(sys.argv[1])}
bad = [(e["name"], e["kind"], e["result"], g.get("result"),
        g.get("fetch_status"), g.get("fetch_error"), g.get("parse_status"))
       for e in rows(sys.argv[2])
       for g in [got.get(e["name"], {})] if g.get("result") != e["result"]]
for b in bad[:10]:
    print("# %s (%s): expected %s, got %s (fetch %s %s, parse %s)" % b)
sys.exit(1 if bad else 0)
PY
}

# once RUN EXPECTED: every phone exactly once in the TSV, CSV and HTML.
once() {
	python3 - "$1" "$2" <<'PY'
import csv, collections, io, re, sys
run, exp = sys.argv[1], sys.argv[2]
names = [l.split("\t")[0] for l in open(exp).read().splitlines()[1:]]
tsv = collections.Counter(l.split("\t")[0] for l in
                          open(run + "/compared.tsv").read().splitlines()[1:])
raw = open(run + "/report.csv", encoding="utf-8-sig").read()
rows = list(csv.reader(io.StringIO(raw)))
i = rows[0].index("name")
csvn = collections.Counter(r[i] for r in rows[1:])
html = open(run + "/report.html", encoding="utf-8").read()
bad = [n for n in names if tsv[n] != 1 or csvn[n] != 1 or
       len(re.findall(r">%s<" % re.escape(n), html)) != 1]
extra = (set(tsv) | set(csvn)) - set(names)
for n in bad[:5]:
    print("# %s: tsv %d csv %d" % (n, tsv[n], csvn[n]))
sys.exit(1 if bad or extra or len(rows) - 1 != len(names) else 0)
PY
}

# state DIR: the phones' web access in the simulator equals the description.
webstate_ok() {
	python3 - "$1" <<'PY'
import json, sys
d = sys.argv[1]
want = {p["name"]: "0" if p["web_access"] else "1"
        for p in json.load(open(d + "/cluster.json"))["phones"]}
have = dict(l.split("\t") for l in open(d + "/webaccess.state").read().split("\n") if l)
bad = [n for n in want if have.get(n) != want[n]]
for n in bad[:5]:
    print("# %s: web access %s, expected %s" % (n, have.get(n), want[n]))
sys.exit(1 if bad else 0)
PY
}

if ! cluster_up "$C" "$N" 1; then
	not_ok "the simulated cluster comes up"
	done_testing
	exit 1
fi
ok "the simulated cluster comes up ($N phones)"

report "$C" "$T_TMP/run1" --enable-web yes
status_is "mixed cluster with mismatches: ctl-report exits 1" 1 $?
check "every phone's verdict is the one the description implies" \
    verdicts "$T_TMP/run1" "$C/expected.tsv"
check "every phone exactly once in compared.tsv, report.csv, report.html" \
    once "$T_TMP/run1" "$C/expected.tsv"
for f in phones pages parsed expect records compared; do
	check "run directory keeps $f.tsv" test -s "$T_TMP/run1/$f.tsv"
done
check "it prints where the report is" \
    grep -qx "$T_TMP/run1/report.html" "$T_TMP/out"
check "it says the cluster is in mixed mode" grep -q 'mixed mode' "$T_TMP/err"
check "it prints the summary counts" grep -q 'summary: match' "$T_TMP/err"
nweb=$(awk -F '\t' '$2 == "web_off"' "$C/expected.tsv" | wc -l)
check "web access enabled on exactly the $nweb phones that had it off" \
    grep -q "web access enabled on $nweb phones" "$T_TMP/err"
check "and restored on all of them" \
    grep -q "web access restored on $nweb phones" "$T_TMP/err"
check "the simulator's web access is as before the run" webstate_ok "$C"
check "updatePhone touched only those phones" test "$(python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
print(len({e["name"] for e in ev if e.get("op") == "updatePhone"}))' "$C/cucm.log")" -eq "$nweb"
check "the hostile description is text in the HTML" \
    grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$T_TMP/run1/report.html"
check "and never markup" sh -c "! grep -q '<script>alert(1)' '$T_TMP/run1/report.html'"
check "and quoted whole in the CSV" grep -q '"""><img src=x' "$T_TMP/run1/report.csv"

# Scale-out: fetch and parse in blocks with GNU parallel, as ctl(7)
# shows; the rows must be those of one process (timings aside).
if command -v parallel >/dev/null 2>&1; then
	nofms() {	# drop the fetch_ms column, sort the records
		awk -F '\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++)
		    if ($i == "fetch_ms") c = i } { $c = "";
		    gsub(/after [0-9]+ ms/, "after N ms"); print }' "$1" |
		    { IFS= read -r h; echo "$h"; sort; }
	}
	"$BIN/ctl-fetch" --cacert "$C/farm/ca.pem" <"$T_TMP/run1/phones.tsv" |
	    "$BIN/ctl-parse" >"$T_TMP/one.tsv"
	parallel --pipe --header : -N 50 -j 4 --keep-order \
	    "'$BIN/ctl-fetch' --cacert '$C/farm/ca.pem' | '$BIN/ctl-parse'" \
	    <"$T_TMP/run1/phones.tsv" |
	    awk 'NR == 1 { h = $0; print; next } $0 != h' >"$T_TMP/par.tsv"
	nofms "$T_TMP/one.tsv" >"$T_TMP/one.s"
	nofms "$T_TMP/par.tsv" >"$T_TMP/par.s"
	same "GNU parallel --pipe gives the rows of a single process" \
	    "$T_TMP/one.s" "$T_TMP/par.s"
else
	skip "GNU parallel is not installed"
fi

printf 'wrong\n' >"$T_TMP/badpass"
chmod 600 "$T_TMP/badpass"
"$REPORT" -H 127.30.0.1 -u admin --password-file "$T_TMP/badpass" \
    --cacert "$C/cucm-tls/ca.crt" -o "$T_TMP/run2" >"$T_TMP/out" 2>"$T_TMP/err"
status_is "wrong password: exit 3" 3 $?
check "wrong password: says which stage and why" sh -c \
    "grep -q 'authentication failed (HTTP 401)' '$T_TMP/err' && grep -q 'stage list-phones failed' '$T_TMP/err'"
"$REPORT" -H 127.30.0.9 -u admin --password-file "$C/password" \
    -o "$T_TMP/run3" >"$T_TMP/out" 2>"$T_TMP/err"
status_is "unreachable publisher: exit 3" 3 $?
check "unreachable publisher: a clear message" grep -q 'stage list-phones failed' "$T_TMP/err"
cluster_down

# SIGKILL in the middle of the web-access phase, then restore by hand.
C2=$T_TMP/c2
DEMO_FAULTS='{"axl_delay": 0.3}' cluster_up "$C2" "$N" 1 ||
	not_ok "the slow cluster comes up"
setsid "$REPORT" -H 127.30.0.1 -u admin --password-file "$C2/password" \
    --cacert "$C2/cucm-tls/ca.crt" --phone-cacert "$C2/farm/ca.pem" \
    --rate 6000 --enable-web yes -o "$T_TMP/run4" >"$T_TMP/out4" 2>&1 &
rpid=$!
lines() {
	if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi
}
i=0
while [ "$(lines "$T_TMP/run4/webaccess.journal")" -lt 3 ] && [ $i -lt 600 ]
do
	sleep 0.05
	i=$((i + 1))
done
kill -KILL "-$rpid" 2>/dev/null || diag "ctl-report was gone: $(tail -n 3 "$T_TMP/out4")"
wait "$rpid" 2>/dev/null
check "killed while changing phones, the journal holds some of them" \
    test "$(lines "$T_TMP/run4/webaccess.journal")" -ge 3 -a \
    "$(lines "$T_TMP/run4/webaccess.journal")" -le 13
# A second journal entry is written only after the first phone changed.
if webstate_ok "$C2" >/dev/null; then
	not_ok "and the kill left at least one phone changed"
else
	ok "and the kill left at least one phone changed"
fi
"$BIN/ctl-webaccess" -H 127.30.0.1 -u admin --password-file "$C2/password" \
    --cacert "$C2/cucm-tls/ca.crt" restore "$T_TMP/run4/webaccess.journal" \
    >"$T_TMP/out" 2>"$T_TMP/err"
status_is "restore after SIGKILL exits 0" 0 $?
check "after SIGKILL and restore no phone is left changed" webstate_ok "$C2"
cluster_down

# Faults end to end: two phones in every fault mode of the farm, and CUCM
# misbehaving (RisPort rate limit, a dropped connection, a batch that
# keeps failing).  Wrappers shorten the tools' waits for the test.
C4=$T_TMP/c4
W=$T_TMP/wrap
mkdir -p "$W"
for p in "$BIN"/*; do
	ln -s "$p" "$W/$(basename "$p")"
done
rm "$W/ctl-list-phones" "$W/ctl-fetch"
printf '#!/bin/sh\nexec "%s" --batch 40 --backoff 1 --tries 3 "$@"\n' \
    "$BIN/ctl-list-phones" >"$W/ctl-list-phones"
printf '#!/bin/sh\nexec "%s" --connect-timeout 1 -m 3 "$@"\n' \
    "$BIN/ctl-fetch" >"$W/ctl-fetch"
chmod +x "$W/ctl-list-phones" "$W/ctl-fetch"
DEMO_FAULTS='{"rate_limit": 3, "rate_window": 1, "ris_drop_first": 1,
    "ris_fail_names": ["SEP00A0B0000050"]}' cluster_up "$C4" "$N" 1 --faults ||
	not_ok "the faulty cluster comes up"
CTL_BIN=$W report "$C4" "$T_TMP/run6" --enable-web yes
st=$?
status_is "faulty cluster: ctl-report still ends with the verdicts (exit 1)" 1 $st
# The phones of the failed RisPort batch are unknown: no address, unchecked.
python3 - "$C4/expected.tsv" "$T_TMP/run6/phones.tsv" >"$T_TMP/expected6.tsv" <<'PY'
import sys
st = {}
lines = open(sys.argv[2]).read().splitlines()
h = lines[0].split("\t")
for l in lines[1:]:
    r = dict(zip(h, l.split("\t")))
    st[r["name"]] = r["status"]
for i, l in enumerate(open(sys.argv[1]).read().splitlines()):
    f = l.split("\t")
    if i and st.get(f[0]) == "unknown":
        f[2], f[3] = "unchecked", ""
    print("\t".join(f))
PY
check "faulty cluster: every phone's verdict as described" \
    verdicts "$T_TMP/run6" "$T_TMP/expected6.tsv"
check "faulty cluster: every phone once in TSV, CSV and HTML" \
    once "$T_TMP/run6" "$C4/expected.tsv"
check "faulty cluster: each fault mode gives its documented fetch_status" \
    python3 - "$T_TMP/run6/compared.tsv" "$T_TMP/expected6.tsv" <<'PY'
import sys
def rows(p):
    ls = open(p, encoding="utf-8", errors="replace").read().split("\n")
    h = ls[0].split("\t")
    return [dict(zip(h, l.split("\t"))) for l in ls[1:] if l]
got = {r["name"]: r for r in rows(sys.argv[1])}
bad = [(e["name"], e["kind"], e["fetch"], got[e["name"]]["fetch_status"])
       for e in rows(sys.argv[2])
       if e["fetch"] and
       got[e["name"]]["fetch_status"] not in e["fetch"].split("|")]
for b in bad:
    print("# %s (%s): fetch_status expected %s, got %s" % b)
sys.exit(1 if bad else 0)
PY
check "faulty cluster: RisPort rate faults were waited out" \
    grep -q 'rate limited' "$T_TMP/run6/stderr.log"
check "faulty cluster: the failing batch is named" \
    grep -q 'gave up after 3 tries' "$T_TMP/run6/stderr.log"
check "faulty cluster: web access restored" webstate_ok "$C4"
cluster_down

# A non-secure cluster: no CTL file; CTL not applicable, a CTL still on a
# phone is stale; ITL still checked.
C3=$T_TMP/c3
cluster_up "$C3" "$N" 0 || not_ok "the non-secure cluster comes up"
report "$C3" "$T_TMP/run5" --enable-web no
status_is "non-secure cluster with stale CTLs: exit 1" 1 $?
check "it says the CTL part is skipped" grep -q 'not in mixed mode' "$T_TMP/err"
# Without --enable-web the phones whose web server is off stay unchecked.
awk -F '\t' -v OFS='\t' '$2 == "web_off" { $3 = "unchecked" } { print }' \
    "$C3/expected.tsv" >"$T_TMP/expected5.tsv"
check "non-secure: every phone's verdict as described" \
    verdicts "$T_TMP/run5" "$T_TMP/expected5.tsv"
check "non-secure: no web access was changed" \
    sh -c "! grep -q updatePhone '$C3/cucm.log'"
cluster_down

done_testing
