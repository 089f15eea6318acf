# shellcheck shell=sh
# cluster.sh - bring a whole simulated cluster up and down: trust lists
# (tlvgen), phones (democluster), two TFTP-over-HTTP servers, the CUCM
# simulator and the phone farm.  Sourced by scripts/demo and tests/e2e.t;
# must run inside a private network namespace (the farm binds the wildcard
# address).  Needs ROOT set.
#   cluster_up DIR N [MODE] [--faults]
#                             MODE 1 mixed (default) or 0 non-secure;
#                             --faults: phones in every farm fault mode;
#                             DEMO_FAULTS (JSON) goes to the simulator
#   cluster_down
# After cluster_up: CUCM at 127.30.0.1:8443 (CA DIR/cucm-tls/ca.crt), the
# phones' CA DIR/farm/ca.pem, the simulator's web access state in
# DIR/webaccess.state, its request log DIR/cucm.log, and the truth in
# DIR/expected.tsv.

CLUSTER_PIDS=

cluster_fail() {
	printf 'cluster: %s\n' "$*" >&2
	return 3
}

# cluster_wait FILE PATTERN WHAT: up to 120 s for a server's word.
cluster_wait() {
	cw_i=0
	until grep -q "$2" "$1" 2>/dev/null; do
		cw_i=$((cw_i + 1))
		if [ $cw_i -gt 1200 ]; then
			cluster_fail "$3 did not start: $(tail -n 3 "$1")"
			return 3
		fi
		sleep 0.1
	done
}

cluster_up() {
	cu_dir=$1 cu_n=$2 cu_mode=${3:-1} cu_faults=${4:-}
	cu_sim=$ROOT/tests/sim
	mkdir -p "$cu_dir/tftp/a" "$cu_dir/tftp/b" || return 3
	python3 "$cu_sim/tlvgen" suite "$cu_dir/tlv" >"$cu_dir/tlvgen.log" \
	    2>&1 || { cluster_fail "tlvgen failed"; return 3; }
	for s in a b; do
		[ "$cu_mode" = 1 ] &&
		    cp "$cu_dir/tlv/CTLFile.tlv" "$cu_dir/tftp/$s/CTLFile.tlv"
		cp "$cu_dir/tlv/ITLFile-$s.tlv" "$cu_dir/tftp/$s/ITLFile.tlv"
	done
	python3 "$cu_sim/democluster" "$cu_dir" "$cu_n" \
	    "$cu_dir/tlv/CTLFile.tlv" "$cu_dir/tlv/ITLFile-a.tlv" \
	    "$cu_dir/tlv/ITLFile-b.tlv" --mode "$cu_mode" ${cu_faults:+"$cu_faults"} ||
		{ cluster_fail "democluster failed"; return 3; }
	python3 "$cu_sim/tftphttp" --listen "127.40.0.1:6970=$cu_dir/tftp/a" \
	    --listen "127.40.0.2:6970=$cu_dir/tftp/b" >"$cu_dir/tftp.log" 2>&1 &
	CLUSTER_PIDS="$CLUSTER_PIDS $!"
	"$cu_sim/cucm-sim" --cluster "$cu_dir/cluster.json" \
	    --listen 127.30.0.1:8443 --listen 127.30.0.2:8443 \
	    --tls-dir "$cu_dir/cucm-tls" --log "$cu_dir/cucm.log" \
	    --state "$cu_dir/webaccess.state" >"$cu_dir/cucm.out" 2>&1 &
	CLUSTER_PIDS="$CLUSTER_PIDS $!"
	python3 "$cu_sim/phonefarm" --dir "$cu_dir/farm" \
	    --phones "$cu_dir/farm-phones.tsv" >"$cu_dir/farm.log" 2>&1 &
	CLUSTER_PIDS="$CLUSTER_PIDS $!"
	cluster_wait "$cu_dir/tftp.log" listening "the TFTP server" &&
	    cluster_wait "$cu_dir/cucm.out" listening "the CUCM simulator" ||
	    return 3
	cu_i=0
	until [ -f "$cu_dir/farm/ready" ]; do
		cu_i=$((cu_i + 1))
		if [ $cu_i -gt 1200 ]; then
			cluster_fail "the phone farm did not start: $(tail -n 3 "$cu_dir/farm.log")"
			return 3
		fi
		sleep 0.1
	done
	printf 's3cret\n' >"$cu_dir/password"
	chmod 600 "$cu_dir/password"
}

cluster_down() {
	for cd_p in $CLUSTER_PIDS; do
		kill "$cd_p" 2>/dev/null
	done
	for cd_p in $CLUSTER_PIDS; do
		wait "$cd_p" 2>/dev/null
	done
	# The farm's "unreachable" phones are routes of this namespace that
	# outlive it; the next cluster may reuse their addresses.
	ip route flush table local type unreachable 2>/dev/null
	CLUSTER_PIDS=
}
