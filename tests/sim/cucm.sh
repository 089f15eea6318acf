# shellcheck shell=sh
# cucm.sh - start the CUCM simulator from a test script (sourced after
# lib.sh).  Uses loopback 127.30.0.1; each script passes its own first port.
#   cucm_sim CLUSTER-FILE  start one on the next port; sets URL and LOG
#   cluster OUT [FAULTS-JSON] [N]  write a cluster description (mkcluster)

CUCM_ADDR=127.30.0.1
CUCM_TLS=$T_TMP/tls

cluster() {
	python3 "$ROOT/tests/sim/mkcluster" "$@"
}

cucm_sim() {
	CUCM_PORT=$((CUCM_PORT + 1))
	LOG=$T_TMP/log.$CUCM_PORT
	URL=$CUCM_ADDR:$CUCM_PORT
	"$ROOT/tests/sim/cucm-sim" --cluster "$1" --listen "$URL" \
	    --tls-dir "$CUCM_TLS" --log "$LOG" ${2:+--state "$2"} \
	    >"$T_TMP/sim.$CUCM_PORT" 2>&1 &
	cucm_pid=$!
	at_exit "kill $cucm_pid"
	cucm_i=0
	while ! grep -q listening "$T_TMP/sim.$CUCM_PORT" 2>/dev/null; do
		cucm_i=$((cucm_i + 1))
		if [ $cucm_i -gt 300 ] || ! kill -0 $cucm_pid 2>/dev/null; then
			diag "simulator did not start: $(cat "$T_TMP/sim.$CUCM_PORT")"
			return 1
		fi
		sleep 0.1
	done
}
