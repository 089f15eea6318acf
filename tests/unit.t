#!/bin/sh
# unit.t - run the C unit tests of common/ (tests/unit/*.c).  Each binary
# prints "ok - what" or "not ok - what" lines and a last "1..N"; a binary
# that dies before its plan line fails here too.
. "$(dirname "$0")/lib.sh"

for t in "$CTL_BUILD"/tests/unit/*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	$VG "$t" >"$T_TMP/out" 2>"$T_TMP/err"
	st=$?
	planned=
	while IFS= read -r line; do
		case $line in
		"ok "*) ok "$name: ${line#ok - }" ;;
		"not ok "*) not_ok "$name: ${line#not ok - }" ;;
		1..*) planned=1 ;;
		"#"*) echo "$line" ;;
		esac
	done <"$T_TMP/out"
	if [ "$st" -ne 0 ] || [ -z "$planned" ]; then
		not_ok "$name: exit status $st, plan ${planned:-missing}"
		sed 's/^/# /' "$T_TMP/err" | head -n 20
	fi
done
done_testing
