#!/bin/sh
# expect.t - ctl-expect against files made at test time by tests/sim/tlvgen:
# hashes equal to md5sum & co, records read back as generated, every
# corrupt file its documented status, and the download paths: TFTP over
# HTTP (tests/sim/tftphttp), TFTP proper (in.tftpd), a 404, a refused
# port and a server that never answers.
#
# Addresses (ctl-expect's share, 127.20.0.0/16): HTTP 127.20.1.1-3:6970
# (servers A, B, and C without a CTL), 127.20.1.4:21970 (A on another
# port), 127.20.1.9:6970 mute, 127.20.1.8 nothing; TFTP 127.20.2.1:21069
# (A) and 127.20.2.2:21069 (C).
. "$(dirname "$0")/lib.sh"

X=$BIN/ctl-expect
G=$T_TMP/gen
if ! python3 "$ROOT/tests/sim/tlvgen" suite "$G" >"$T_TMP/gen.log" 2>&1; then
	not_ok "tlvgen suite"
	sed 's/^/# /' "$T_TMP/gen.log"
	done_testing
	exit 1
fi
ok "tlvgen suite"

# col N FILE: column N of the data rows (header skipped).
col() {
	sed 1d "$2" | cut -f "$1"
}

# --- local files: status of each generated file -------------------------
sed 1d "$G/files.tsv" | while IFS='	' read -r f kind want; do
	opt=--ctl-file
	[ "$kind" = itl ] && opt=--itl-file
	$VG "$X" "$opt" "$G/$f" >"$T_TMP/o" 2>"$T_TMP/e"
	st=$?
	got=$(col 3 "$T_TMP/o")
	exp_st=0
	[ "$want" = ok ] || exp_st=1
	if [ "$got" = "$want" ] && [ "$st" = "$exp_st" ] && [ ! -s "$T_TMP/e" ]
	then
		echo "ok $f" >>"$T_TMP/files.res"
	else
		echo "not $f: status '$got' exit $st, want '$want' exit $exp_st" \
		    >>"$T_TMP/files.res"
	fi
done
while IFS= read -r line; do
	case $line in
	"ok "*) ok "local ${line#ok }: documented status" ;;
	*) not_ok "local ${line#not }" ;;
	esac
done <"$T_TMP/files.res"

# --- hashes equal those of the coreutils tools ----------------------------
bad=
for f in "$G"/*.tlv; do
	$VG "$X" --ctl-file "$f" >"$T_TMP/o" 2>/dev/null
	for a in 5:md5 6:sha1 7:sha256 8:sha512; do
		n=${a%%:*}
		want=$("${a#*:}sum" <"$f" | cut -d' ' -f1)
		[ "$(col "$n" "$T_TMP/o")" = "$want" ] ||
		    bad="$bad $(basename "$f"):${a#*:}"
	done
	[ "$(col 4 "$T_TMP/o")" = "$(wc -c <"$f" | tr -d ' ')" ] ||
	    bad="$bad $(basename "$f"):bytes"
done
if [ -z "$bad" ]; then ok "hashes and sizes equal md5sum sha1sum sha256sum sha512sum wc"
else not_ok "hashes differ:$bad"; fi

# --- records read back as generated --------------------------------------
for f in CTLFile.tlv ITLFile-a.tlv ITLFile-b.tlv; do
	opt=--itl-file
	[ "$f" = CTLFile.tlv ] && opt=--ctl-file
	awk -F '\t' -v f="$f" 'NR > 1 && $1 == f' "$G/manifest.tsv" |
	    cut -f 2-10 >"$T_TMP/want"
	$VG "$X" -r "$opt" "$G/$f" >"$T_TMP/o" 2>/dev/null
	col 3-11 "$T_TMP/o" >"$T_TMP/got"
	same "records of $f read back as generated" "$T_TMP/want" "$T_TMP/got"
done

$VG "$X" -r --now $(($(date +%s) + 3 * 86400)) --itl-file "$G/ITLFile-a.tlv" \
    >"$T_TMP/o" 2>/dev/null
if [ "$(awk -F '\t' 'NR == 6 { print $3, $12 }' "$T_TMP/o")" = "5 expired" ]
then ok "a one-day certificate is expired three days on"
else not_ok "one-day certificate not expired"; fi
$VG "$X" --itl-file "$G/ITLFile-a.tlv" >"$T_TMP/o" 2>/dev/null
case $(col 19 "$T_TMP/o") in
*cert_expiring*) ok "a one-day certificate is expiring today" ;;
*) not_ok "expiring warning missing: $(col 19 "$T_TMP/o")" ;;
esac

# --- the servers ---------------------------------------------------------
for s in A B C; do mkdir -p "$T_TMP/srv$s"; done
cp "$G/CTLFile.tlv" "$T_TMP/srvA/CTLFile.tlv"
cp "$G/CTLFile.tlv" "$T_TMP/srvB/CTLFile.tlv"
cp "$G/ITLFile-a.tlv" "$T_TMP/srvA/ITLFile.tlv"
cp "$G/ITLFile-b.tlv" "$T_TMP/srvB/ITLFile.tlv"
cp "$G/ITLFile-a.tlv" "$T_TMP/srvC/ITLFile.tlv"

: >"$T_TMP/http.log"	# there before the loop below reads it
python3 "$ROOT/tests/sim/tftphttp" \
    --listen "127.20.1.1:6970=$T_TMP/srvA" \
    --listen "127.20.1.2:6970=$T_TMP/srvB" \
    --listen "127.20.1.3:6970=$T_TMP/srvC" \
    --listen "127.20.1.4:21970=$T_TMP/srvA" \
    --mute 127.20.1.9:6970 >"$T_TMP/http.log" 2>&1 &
HTTP_PID=$!
at_exit "kill $HTTP_PID"
i=0
while [ "$(grep -c listening "$T_TMP/http.log")" -lt 5 ] && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ "$(grep -c listening "$T_TMP/http.log")" -eq 5 ]; then
	ok "tftphttp listening"
else
	not_ok "tftphttp did not start"
	sed 's/^/# /' "$T_TMP/http.log"
fi

# server:file:status rows, in order.
rows() {
	sed 1d "$1" | cut -f 1-3 | tr '\t' :
}

$VG "$X" -T 3 -s 127.20.1.1 -s 127.20.1.2 -s 127.20.1.3 >"$T_TMP/o" \
    2>"$T_TMP/e"
status_is "http: three servers, exit 0" 0 $?
cat >"$T_TMP/want" <<'EOF'
127.20.1.1:CTLFile.tlv:ok
127.20.1.1:ITLFile.tlv:ok
127.20.1.2:CTLFile.tlv:ok
127.20.1.2:ITLFile.tlv:ok
127.20.1.3:CTLFile.tlv:not_found
127.20.1.3:ITLFile.tlv:ok
EOF
rows "$T_TMP/o" >"$T_TMP/got"
same "http: each server's files, C without a CTL (404)" "$T_TMP/want" \
    "$T_TMP/got"
a=$(awk -F '\t' '$1 == "127.20.1.1" && $2 == "ITLFile.tlv" { print $6 }' \
    "$T_TMP/o")
b=$(awk -F '\t' '$1 == "127.20.1.2" && $2 == "ITLFile.tlv" { print $6 }' \
    "$T_TMP/o")
want=$(sha1sum <"$T_TMP/srvA/ITLFile.tlv" | cut -d' ' -f1)
if [ "$a" = "$want" ] && [ -n "$b" ] && [ "$a" != "$b" ]; then
	ok "http: two TFTP servers serve different ITL files, hashes exact"
else
	not_ok "http: ITL hashes a=$a b=$b want $want"
fi
if grep -q 'http://127.20.1.1:6970/CTLFile.tlv' "$T_TMP/o"; then
	ok "http: source is the 6970 URL"
else
	not_ok "http: source column"
fi

printf 'name\ttftp_server\ttftp_server2\nSEP1\t127.20.1.1\t127.20.1.3\n' \
    >"$T_TMP/in"
printf 'SEP2\t127.20.1.2\t\nSEP3\t127.20.1.1\t\nSEP4\t\t\n' >>"$T_TMP/in"
$VG "$X" -T 3 <"$T_TMP/in" >"$T_TMP/o" 2>"$T_TMP/e"
st=$?
rows "$T_TMP/o" >"$T_TMP/got"
printf '127.20.1.1:CTLFile.tlv:ok\n127.20.1.1:ITLFile.tlv:ok\n' >"$T_TMP/want"
printf '127.20.1.3:CTLFile.tlv:not_found\n127.20.1.3:ITLFile.tlv:ok\n' \
    >>"$T_TMP/want"
printf '127.20.1.2:CTLFile.tlv:ok\n127.20.1.2:ITLFile.tlv:ok\n' >>"$T_TMP/want"
same "stdin: distinct tftp_server and tftp_server2 values" "$T_TMP/want" \
    "$T_TMP/got"
status_is "stdin: exit 0" 0 "$st"

$VG "$X" -T 3 -p 21970 -s 127.20.1.4 >"$T_TMP/o" 2>/dev/null
[ "$(rows "$T_TMP/o" | tr '\n' ' ')" = \
    "127.20.1.4:CTLFile.tlv:ok 127.20.1.4:ITLFile.tlv:ok " ]
check "http: -p overrides the port" test $? -eq 0

$VG "$X" -T 3 --max-size 100 -s 127.20.1.1 >"$T_TMP/o" 2>/dev/null
status_is "http: too large, exit 1" 1 $?
[ "$(col 3 "$T_TMP/o" | tr '\n' ' ')" = "too_large too_large " ]
check "http: body over --max-size is too_large" test $? -eq 0

t0=$(date +%s)
$VG "$X" -T 1 -s 127.20.1.9 >"$T_TMP/o" 2>/dev/null
st=$?
t1=$(date +%s)
[ "$(col 3 "$T_TMP/o" | tr '\n' ' ')" = "timeout timeout " ]
check "http: a server that never answers times out" test $? -eq 0
status_is "http: timeout exit 1" 1 "$st"
check "http: timeouts bounded ($((t1 - t0)) s for two files at -T 1)" \
    test $((t1 - t0)) -le 6

$VG "$X" -T 2 -s 127.20.1.8 >"$T_TMP/o" 2>/dev/null
[ "$(col 3 "$T_TMP/o" | tr '\n' ' ')" = "refused refused " ]
check "http: nothing listening is refused" test $? -eq 0

# --- TFTP proper (in.tftpd) ----------------------------------------------
TFTPD=/usr/sbin/in.tftpd
if [ ! -x "$TFTPD" ] || [ "$(id -u)" -ne 0 ]; then
	skip "tftp: needs $TFTPD and root (it chroots)"
else
	chmod 755 "$T_TMP" "$T_TMP/srvA" "$T_TMP/srvC"
	chmod 644 "$T_TMP"/srvA/* "$T_TMP"/srvC/*
	"$TFTPD" -L -a 127.20.2.1:21069 -s "$T_TMP/srvA" -u root \
	    >"$T_TMP/tftpd1.log" 2>&1 &
	P1=$!
	at_exit "kill $P1"
	"$TFTPD" -L -a 127.20.2.2:21069 -s "$T_TMP/srvC" -u root \
	    >"$T_TMP/tftpd2.log" 2>&1 &
	P2=$!
	at_exit "kill $P2"
	i=0
	while [ $i -lt 300 ] && ! { ss -uln | grep -q '127.20.2.1:21069' &&
	    ss -uln | grep -q '127.20.2.2:21069'; }; do
		sleep 0.1
		i=$((i + 1))
	done
	$VG "$X" -t -p 21069 -T 3 -s 127.20.2.1 -s 127.20.2.2 >"$T_TMP/o" \
	    2>"$T_TMP/e"
	rows "$T_TMP/o" >"$T_TMP/got"
	cat >"$T_TMP/want" <<'EOF'
127.20.2.1:CTLFile.tlv:ok
127.20.2.1:ITLFile.tlv:ok
127.20.2.2:CTLFile.tlv:not_found
127.20.2.2:ITLFile.tlv:ok
EOF
	same "tftp: in.tftpd serves the files, CTL missing is not_found" \
	    "$T_TMP/want" "$T_TMP/got"
	a=$(awk -F '\t' 'NR == 2 { print $7 }' "$T_TMP/o")
	want=$(sha256sum <"$T_TMP/srvA/CTLFile.tlv" | cut -d' ' -f1)
	check "tftp: sha256 of the CTL over TFTP is exact" test "$a" = "$want"
	grep -q 'tftp://127.20.2.1:21069/CTLFile.tlv' "$T_TMP/o"
	check "tftp: source is the tftp URL" test $? -eq 0
fi

done_testing
