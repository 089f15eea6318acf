#!/bin/sh
# webaccess.t - ctl-webaccess against the CUCM simulator: enable changes
# only the phones that need it and keeps the rest of vendorConfig, the
# journal is on disk first, restore puts every phone back and is safe to
# run twice.  Loopback 127.30.0.1, ports 22101-22120.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/sim/cucm.sh"
CUCM_PORT=22100
WA=$BIN/ctl-webaccess
PASS=$T_TMP/pass
printf 's3cret\n' >"$PASS"
chmod 600 "$PASS"

wa() {
	$VG "$WA" -H "$URL" -u admin --password-file "$PASS" \
	    --cacert "$CUCM_TLS/ca.crt" "$@" >"$T_TMP/out" 2>"$T_TMP/err"
	ST=$?
}

col() {	# col NAME COLUMN
	awk -F '\t' -v n="$1" -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++)
	    k[$i] = i; next } $1 == n { print $k[c] }' "$T_TMP/out"
}

cluster "$T_TMP/c.json"
STATE=$T_TMP/state
cucm_sim "$T_TMP/c.json" "$STATE" || exit 1
J=$T_TMP/journal

printf 'name\tip\nSEP001122330000\t127.0.0.9\nSEP001122330004\t127.0.0.10\nSEPNOSUCHPHONE\t\n' \
    >"$T_TMP/in"
wa -y -j "$J" enable <"$T_TMP/in"
status_is "enable with a missing phone exits 1" 1 "$ST"
check "three rows out, input columns passed" test "$(head -n 1 "$T_TMP/out")" = \
    "$(printf 'name\tip\tweb_access_before\tweb_access_after\tweb_access_status')"
check "phone already enabled is unchanged" \
    test "$(col SEP001122330000 web_access_status)" = unchanged
check "phone with web access off is changed 1 -> 0" \
    test "$(col SEP001122330004 web_access_before)/$(col SEP001122330004 web_access_after)/$(col SEP001122330004 web_access_status)" = "1/0/changed"
check "a phone CUCM does not know is not_found" \
    test "$(col SEPNOSUCHPHONE web_access_status)" = not_found
check "the simulator now has it enabled" \
    grep -q "$(printf 'SEP001122330004\t0')" "$STATE"
check "only the phone that needed it was updated and applied" \
    test "$(grep -c '"op": "updatePhone"' "$LOG")/$(grep -c '"op": "applyPhone"' "$LOG")" = 1/1
check "the journal holds only that phone, before the change" \
    test "$(cat "$J")" = "$(printf 'name\tweb_access_before\nSEP001122330004\t1')"
check "the journal is private" test "$(stat -c %a "$J")" = 600
check "it warns that phones restart" grep -q 'restarts each changed phone' "$T_TMP/err"

# The rest of vendorConfig must survive: look at what getPhone now says.
check "updatePhone kept the other vendorConfig settings" \
    python3 - "$LOG" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
sys.exit(0 if any(e.get("op") == "updatePhone" and e["web_access"] and
                  "<sshAccess>1</sshAccess>" in e["extra"] for e in ev) else 1)
PY

wa restore "$J"
status_is "restore exits 0" 0 "$ST"
check "restore puts the phone back to 1" \
    test "$(col SEP001122330004 web_access_after)/$(col SEP001122330004 web_access_status)" = 1/restored
check "the simulator has it disabled again" \
    grep -q "$(printf 'SEP001122330004\t1')" "$STATE"
wa restore "$J"
status_is "restore again exits 0" 0 "$ST"
check "restore twice changes nothing" \
    test "$(col SEP001122330004 web_access_status)" = unchanged
check "restore twice made no second update" \
    test "$(grep -c '"op": "updatePhone"' "$LOG")" -eq 2

# setsid: a new session has no controlling terminal, wherever this runs.
# shellcheck disable=SC2086
setsid -w $VG "$WA" -H "$URL" -u admin --password-file "$PASS" \
    --cacert "$CUCM_TLS/ca.crt" -j "$J" enable <"$T_TMP/in" \
    >"$T_TMP/out" 2>"$T_TMP/err"
ST=$?
status_is "enable without a terminal and without -y exits 2" 2 "$ST"
check "it says to give -y" grep -q 'give -y' "$T_TMP/err"
check "and changed nothing" test "$(grep -c '"op": "updatePhone"' "$LOG")" -eq 2

wa -y enable <"$T_TMP/in"
status_is "enable without a journal exits 2" 2 "$ST"

printf 'name\nSEP001122330001\n' | {
	$VG "$WA" -H "$URL" -u admin --password-file "$PASS" -y -j "$J" \
	    enable >"$T_TMP/out" 2>"$T_TMP/err"
}
status_is "untrusted certificate exits 3" 3 "$?"

printf 'wrong\n' >"$T_TMP/bad"
chmod 600 "$T_TMP/bad"
printf 'name\nSEP001122330001\n' | $VG "$WA" -H "$URL" -u admin \
    --password-file "$T_TMP/bad" --cacert "$CUCM_TLS/ca.crt" -y \
    -j "$T_TMP/j2" enable >"$T_TMP/out" 2>"$T_TMP/err"
status_is "wrong password exits 3" 3 "$?"
check "wrong password: authentication failed" grep -q 'HTTP 401' "$T_TMP/err"

wa -y -j "$J" disable <"$T_TMP/in"
check "disable turns an enabled phone off" \
    test "$(col SEP001122330000 web_access_status)" = changed
wa restore "$J"
check "restore after enable and disable restores the first value" \
    grep -q "$(printf 'SEP001122330000\t0')" "$STATE"

# applyPhone failing after updatePhone stored the change: said as such.
cluster "$T_TMP/ap.json" '{"apply_fail_names": ["SEP001122330004"], "pretty_vendor": true}'
cucm_sim "$T_TMP/ap.json" || exit 1
printf 'name\nSEP001122330000\nSEP001122330004\n' >"$T_TMP/in2"
wa -y -j "$T_TMP/j3" enable <"$T_TMP/in2"
status_is "a failed applyPhone exits 1" 1 "$ST"
check "a padded webAccess value reads as the value" \
    test "$(col SEP001122330000 web_access_before)/$(col SEP001122330000 web_access_status)" = 0/unchanged
check "a failed applyPhone is apply_failed, after = the stored value" \
    test "$(col SEP001122330004 web_access_after)/$(col SEP001122330004 web_access_status)" = 0/apply_failed
check "and its journal entry is there for restore" \
    grep -q "$(printf 'SEP001122330004\t1')" "$T_TMP/j3"

done_testing
