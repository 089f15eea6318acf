#!/bin/sh
# faults.sh - reliability figures end to end: a simulated cluster where
# phones misbehave in every fault mode of the farm and CUCM misbehaves
# too (RisPort rate limit, a dropped connection), audited by ctl-report.
# Prints the distinct bad inputs tried and the rows lost (goal: zero).
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
: "${CTL_BUILD:=build/cc}"
case $CTL_BUILD in /*) ;; *) CTL_BUILD=$ROOT/$CTL_BUILD ;; esac
if [ -z "${CTL_BENCH_NS:-}" ]; then
	export CTL_BENCH_NS=1 CTL_BUILD
	if [ "$(id -u)" -eq 0 ]; then
		exec unshare -n sh "$0" "$@"
	fi
	exec unshare -rn sh "$0" "$@"
fi
ip link set lo up || exit 3
N=${BENCH_PHONES:-2000}
T=$(mktemp -d "${TMPDIR:-/tmp}/ctl-bench.XXXXXX")
# shellcheck source=tests/sim/cluster.sh
. "$ROOT/tests/sim/cluster.sh"
trap 'cluster_down; rm -rf "$T"' EXIT
W=$T/wrap
mkdir -p "$W"
for p in "$CTL_BUILD"/bin/*; do
	ln -s "$p" "$W/$(basename "$p")"
done
rm "$W/ctl-list-phones" "$W/ctl-fetch"
printf '#!/bin/sh\nexec "%s" --batch 250 --backoff 1 "$@"\n' \
    "$CTL_BUILD/bin/ctl-list-phones" >"$W/ctl-list-phones"
printf '#!/bin/sh\nexec "%s" --connect-timeout 2 -m 4 "$@"\n' \
    "$CTL_BUILD/bin/ctl-fetch" >"$W/ctl-fetch"
chmod +x "$W/ctl-list-phones" "$W/ctl-fetch"
DEMO_FAULTS='{"rate_limit": 4, "rate_window": 1, "ris_drop_first": 1,
    "ris_truncate_first": 2}' cluster_up "$T/c" "$N" 1 --faults || exit 3
start=$(date +%s)
CTL_BIN=$W "$ROOT/scripts/ctl-report" -H 127.30.0.1 -u admin \
    --password-file "$T/c/password" --cacert "$T/c/cucm-tls/ca.crt" \
    --phone-cacert "$T/c/farm/ca.pem" --rate 6000 --enable-web yes \
    --wait 30 -o "$T/run" >/dev/null 2>"$T/err"
st=$?
end=$(date +%s)
python3 - "$T/c/expected.tsv" "$T/run" "$st" "$((end - start))" <<'PY'
import collections, csv, io, sys
exp, run, st, secs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
names = [l.split("\t")[0] for l in open(exp).read().splitlines()[1:]]
kinds = collections.Counter(l.split("\t")[1] for l in open(exp).read().splitlines()[1:])
def tsvnames(p):
    return collections.Counter(l.split("\t")[0] for l in open(p, errors="replace").read().splitlines()[1:])
t = tsvnames(run + "/compared.tsv")
rows = list(csv.reader(io.StringIO(open(run + "/report.csv", encoding="utf-8-sig").read())))
c = collections.Counter(r[rows[0].index("name")] for r in rows[1:])
html = open(run + "/report.html").read()
lost = sum(1 for n in names if t[n] != 1 or c[n] != 1 or html.count(">%s<" % n) != 1)
lines = open(run + "/compared.tsv", errors="replace").read().splitlines()
h = lines[0].split("\t")
statuses = collections.Counter(dict(zip(h, l.split("\t")))["fetch_status"] for l in lines[1:])
faultkinds = [k for k in kinds if k.startswith("fault-")]
print("faults: %d phones, %d kinds of phone, %d fault modes (plus CUCM: rate limit, "
      "dropped and truncated RisPort answers)" % (len(names), len(kinds), len(faultkinds)))
print("faults: fetch statuses seen: %s" % ", ".join("%s %d" % kv for kv in sorted(statuses.items())))
print("faults: ctl-report exit %s in %s s; rows lost in TSV, CSV or HTML: %d (goal 0)"
      % (st, secs, lost))
PY
