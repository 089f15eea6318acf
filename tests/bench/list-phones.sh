#!/bin/sh
# list-phones.sh - ctl-list-phones on 40,000 simulated phones (two nodes,
# rate limit raised): wall time and peak memory (goal: under 64 MB).
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
: "${CTL_BUILD:=build/cc}"
T=$(mktemp -d "${TMPDIR:-/tmp}/ctl-bench.XXXXXX")
trap 'kill $pid 2>/dev/null; rm -rf "$T"' EXIT
N=${BENCH_PHONES:-40000}
python3 - "$T/c.json" "$N" <<'PY'
import json, sys
n = int(sys.argv[2])
phones = [{"name": "SEP%012X" % i, "model": "Cisco 8861",
           "description": "Bench phone %d" % i, "device_pool": "DP%d" % (i % 20),
           "ip": "127.11.%d.%d" % (i // 250 % 256, i % 250 + 1),
           "registration": {"cucm1": "Registered"} if i % 3 else
           {"cucm1": "UnRegistered", "cucm2": "Registered"}}
          for i in range(n)]
json.dump({"user": "admin", "password": "bench", "nodes": ["cucm1", "cucm2"],
           "phones": phones, "faults": {"rate_limit": 100000}},
          open(sys.argv[1], "w"))
PY
printf 'bench\n' >"$T/pass"
chmod 600 "$T/pass"
"$ROOT/tests/sim/cucm-sim" --cluster "$T/c.json" --listen 127.30.9.1:22900 \
    --tls-dir "$T/tls" >"$T/sim" 2>&1 &
pid=$!
i=0
until grep -q listening "$T/sim" || [ $i -gt 200 ]; do
	sleep 0.1
	i=$((i + 1))
done
/usr/bin/time -f '%e %M' -o "$T/time" "$ROOT/$CTL_BUILD/bin/ctl-list-phones" \
    -H 127.30.9.1:22900 -u admin --password-file "$T/pass" \
    --cacert "$T/tls/ca.crt" --rate 100000 >"$T/out" 2>"$T/err"
st=$?
read -r wall rss <"$T/time"
rows=$(($(wc -l <"$T/out") - 1))
echo "list-phones: $N phones: exit $st, $rows rows, ${wall} s wall" \
    "(simulator included), peak RSS $((rss / 1024)) MB (goal < 64 MB)"
