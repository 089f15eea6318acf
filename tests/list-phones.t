#!/bin/sh
# list-phones.t - ctl-list-phones against the CUCM simulator: paging,
# batching, duplicates across nodes, rate faults, failing batches, bad
# answers, credentials and TLS.  Loopback 127.30.0.1, ports 22001-22040.
. "$(dirname "$0")/lib.sh"

. "$ROOT/tests/sim/cucm.sh"
CUCM_PORT=22000
LP=$BIN/ctl-list-phones
TLS=$CUCM_TLS
ADDR=$CUCM_ADDR
PASS=$T_TMP/pass
printf 's3cret\n' >"$PASS"
chmod 600 "$PASS"

# lp ARGS...: run ctl-list-phones against the last simulator.
lp() {
	$VG "$LP" -H "$URL" -u admin --password-file "$PASS" \
	    --cacert "$TLS/ca.crt" --rate 60000 "$@" \
	    >"$T_TMP/out" 2>"$T_TMP/err"
	ST=$?
}

field() {	# field NAME COLUMN: the value of COLUMN for phone NAME
	awk -F '\t' -v n="$1" -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++)
	    col[$i] = i; next } $1 == n { print $col[c] }' "$T_TMP/out"
}

cluster "$T_TMP/c.json"
cucm_sim "$T_TMP/c.json" || exit 1

lp
status_is "basic run exits 0" 0 "$ST"
check "header is the DESIGN columns" test "$(head -n 1 "$T_TMP/out")" = \
    "$(printf 'name\tdescription\tmodel\tprotocol\tdevice_pool\tstatus\tip\tnode\tactive_load\thttpd\tcluster\tcluster_security_mode')"
check "every configured phone once" test "$(tail -n +2 "$T_TMP/out" |
    cut -f 1 | sort -u | wc -l)" -eq 7
check "7 rows" test "$(tail -n +2 "$T_TMP/out" | wc -l)" -eq 7
check "registered entry preferred over unregistered on another node" \
    test "$(field SEP001122330001 status)/$(field SEP001122330001 node)/$(field SEP001122330001 ip)" = "registered/cucm2/127.10.9.9"
check "registered on two nodes: the newer entry wins" \
    test "$(field SEP001122330006 node)" = cucm2
check "a phone RisPort does not know is not_found" \
    test "$(field SEP001122330003 status)" = not_found
check "unregistered everywhere is unregistered" \
    test "$(field SEP001122330005 status)" = unregistered
check "web server off shows httpd no" \
    test "$(field SEP001122330004 httpd)" = no
check "a name with & < and quote comes back intact" \
    test "$(field 'SEPAT&T<"x">' status)" = registered
check "that name reached the simulator as the same string" \
    grep -q '"SEPAT&T<\\"x\\">"' "$LOG"
check "cluster security mode from AXL SQL" \
    test "$(field SEP001122330000 cluster_security_mode)" = 1
check "device pool and model from AXL" \
    test "$(field SEP001122330000 device_pool)/$(field SEP001122330000 model)" = "DP-HQ/Cisco 8861"
check "stderr is empty" test ! -s "$T_TMP/err"
check "the password appears nowhere" sh -c "! grep -q s3cret '$T_TMP/out' '$T_TMP/err'"

lp --page-size 3 --batch 2
check "listPhone paged by 3: 3 calls" \
    test "$(grep -c '"op": "listPhone"' "$LOG")" -eq 4
check "paging still gives 7 rows" test "$(tail -n +2 "$T_TMP/out" | wc -l)" -eq 7
check "RisPort batches of 2: 4 calls" \
    test "$(grep -c '"op": "selectCmDeviceExt"' "$LOG")" -eq 5
check "no batch had more than 2 names" sh -c "! grep selectCmDeviceExt '$LOG' | tail -n 4 | grep -q '\"names\": \\[[^]]*,[^]]*,'"

lp -m 'SEP00112233000%' --only-status registered
check "the name pattern reached AXL" grep -q '"pattern": "SEP00112233000%"' "$LOG"
check "--only-status keeps only registered phones" \
    test "$(tail -n +2 "$T_TMP/out" | cut -f 6 | sort -u)" = registered

# StateInfo paging: the simulator returns 2 devices a page.
cluster "$T_TMP/page.json" '{"ris_page": 2}'
cucm_sim "$T_TMP/page.json"
lp
status_is "StateInfo paging exits 0" 0 "$ST"
check "StateInfo paging: several pages for one batch" \
    test "$(grep -c '"state": "sim-offset' "$LOG")" -ge 3
check "StateInfo paging: every phone's status filled" \
    test "$(tail -n +2 "$T_TMP/out" | cut -f 6 | grep -c -e registered -e unregistered)" -eq 6

# Rate limit: 2 requests a second on the simulator, 1 phone a batch.
cluster "$T_TMP/rate.json" '{"rate_limit": 2, "rate_window": 1}'
cucm_sim "$T_TMP/rate.json"
lp --batch 1 --backoff 1
status_is "rate faults: waits and completes" 0 "$ST"
check "rate faults were met" grep -q '"rate_limited": true' "$LOG"
check "rate faults are said on stderr" grep -q 'risport: rate limited' "$T_TMP/err"
check "after rate faults every phone has RisPort data" \
    test "$(tail -n +2 "$T_TMP/out" | cut -f 6 | grep -c unknown)" -eq 0

# A batch that keeps failing: its phones are unknown, the others are not.
cluster "$T_TMP/fail.json" '{"ris_fail_names": ["SEP001122330000"]}'
cucm_sim "$T_TMP/fail.json"
lp --batch 2 --tries 2
status_is "a failing RisPort batch exits 1" 1 "$ST"
check "its phones are unknown" test "$(field SEP001122330000 status)/$(field SEP001122330001 status)" = unknown/unknown
check "the other batches are filled" test "$(field SEP001122330006 status)" = registered
check "no phone lost" test "$(tail -n +2 "$T_TMP/out" | wc -l)" -eq 7
check "stderr says which batch gave up" grep -q 'risport batch 1 (2 phones): gave up after 2 tries' "$T_TMP/err"

# Dropped connection and truncated answer: retried.
cluster "$T_TMP/drop.json" '{"ris_drop_first": 1, "ris_truncate_first": 2}'
cucm_sim "$T_TMP/drop.json"
lp
status_is "dropped and truncated RisPort answers are retried" 0 "$ST"
check "after retries every phone is known" \
    test "$(tail -n +2 "$T_TMP/out" | cut -f 6 | grep -c unknown)" -eq 0

# AXL faults and garbage: the tool cannot do its job: exit 3, one line.
cluster "$T_TMP/lf.json" '{"listphone_fault": true}'
cucm_sim "$T_TMP/lf.json"
lp
status_is "AXL listPhone fault exits 3" 3 "$ST"
check "the fault is one line naming the AXL code" sh -c \
    "test \$(wc -l <'$T_TMP/err') -eq 1 && grep -q 'axl listPhone: fault 5007: Database is down' '$T_TMP/err'"
cluster "$T_TMP/skip.json" '{"ignore_skip": true}'
cucm_sim "$T_TMP/skip.json"
lp --page-size 3
status_is "AXL paging that does not advance exits 3" 3 "$ST"
check "it says paging does not advance, and stops" sh -c \
    "grep -q 'paging does not advance' '$T_TMP/err' && test \$(grep -c listPhone '$LOG') -eq 2"
cluster "$T_TMP/g.json" '{"axl_garbage": true}'
cucm_sim "$T_TMP/g.json"
lp
status_is "malformed AXL answer exits 3" 3 "$ST"
check "malformed answer says so" grep -q 'not well-formed XML' "$T_TMP/err"

cucm_sim "$T_TMP/c.json"
printf 'wrong\n' >"$T_TMP/badpass"
chmod 600 "$T_TMP/badpass"
$VG "$LP" -H "$URL" -u admin --password-file "$T_TMP/badpass" \
    --cacert "$TLS/ca.crt" >"$T_TMP/out" 2>"$T_TMP/err"
status_is "wrong password exits 3" 3 "$?"
check "wrong password: one line, authentication failed (HTTP 401)" sh -c \
    "test \$(wc -l <'$T_TMP/err') -eq 1 && grep -q 'authentication failed (HTTP 401)' '$T_TMP/err'"
check "wrong password: no partial output" test ! -s "$T_TMP/out"

$VG "$LP" -H "$URL" -u admin --password-file "$PASS" >"$T_TMP/out" \
    2>"$T_TMP/err"
status_is "untrusted certificate exits 3" 3 "$?"
check "untrusted certificate is named" grep -qi 'certificate' "$T_TMP/err"
$VG "$LP" -k -H "$URL" -u admin --password-file "$PASS" --rate 60000 \
    >"$T_TMP/out" 2>"$T_TMP/err"
status_is "-k accepts it" 0 "$?"

$VG "$LP" -H 127.30.0.1:22999 -u admin --password-file "$PASS" \
    --timeout 2 >"$T_TMP/out" 2>"$T_TMP/err"
status_is "host not listening exits 3" 3 "$?"
check "host not listening: one line" test "$(wc -l <"$T_TMP/err")" -eq 1

printf 'admin:x\n' >"$T_TMP/open"
chmod 644 "$T_TMP/open"
$VG "$LP" -H "$URL" -u admin --password-file "$T_TMP/open" \
    >"$T_TMP/out" 2>"$T_TMP/err"
status_is "a password file others can read exits 2" 2 "$?"
check "it says chmod 600" grep -q 'readable by others; chmod 600 it' "$T_TMP/err"

printf 'machine %s login admin password s3cret\n' "$ADDR" >"$T_TMP/netrc"
chmod 600 "$T_TMP/netrc"
$VG "$LP" -H "$URL" --netrc "$T_TMP/netrc" --cacert "$TLS/ca.crt" \
    --rate 60000 >"$T_TMP/out" 2>"$T_TMP/err"
status_is "credentials from a netrc file" 0 "$?"

# setsid: a new session has no controlling terminal to prompt on.
# shellcheck disable=SC2086
setsid -w $VG "$LP" -H "$URL" -u admin </dev/null >"$T_TMP/out" \
    2>"$T_TMP/err"
status_is "no password source and no terminal exits 2" 2 "$?"

# Scale: 2,500 phones, batches of 1000, 3 RisPort calls.
cluster "$T_TMP/big.json" '{}' 2500
cucm_sim "$T_TMP/big.json"
lp
status_is "2,500 phones exit 0" 0 "$ST"
check "2,500 rows, unique" test "$(tail -n +2 "$T_TMP/out" | cut -f 1 | sort -u | wc -l)" -eq 2500
# The first batch holds a phone on two nodes: 1001 entries, two pages.
check "3 batches of at most 1000 names, the first one in two pages" \
    test "$(python3 -c 'import json, sys
n = [len(json.loads(l)["names"]) for l in open(sys.argv[1])
     if "selectCmDeviceExt" in l]
print(n)' "$LOG")" = "[1000, 1000, 1000, 500]"

done_testing
