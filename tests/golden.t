#!/bin/sh
# golden.t - every folder tests/golden/TOOL/CASE is one test of TOOL:
#   args    arguments, one a line (optional)
#   stdin   standard input (optional; /dev/null without it)
#   cmd     a sh command line run instead, with $TOOL the program
#           (for redirections such as >/dev/full) (optional)
#   stdout  expected standard output (optional: empty)
#   stderr  expected standard error (optional: empty)
#   status  expected exit status (optional: 0)
# The program runs in the case's folder.  CTL_GOLDEN_UPDATE=1 rewrites
# the expected files from what the program does now: review the diff.
# CTL_GOLDEN=PATTERN runs only the cases whose TOOL/CASE matches the
# shell pattern (e.g. 'ctl-parse/*').
. "$(dirname "$0")/lib.sh"

for c in "$ROOT"/tests/golden/*/*/; do
	[ -d "$c" ] || continue
	c=${c%/}
	name=${c#"$ROOT"/tests/golden/}
	# shellcheck disable=SC2254
	case $name in ${CTL_GOLDEN:-*}) ;; *) continue ;; esac
	tool=${name%%/*}
	if [ -x "$BIN/$tool" ]; then
		TOOL=$BIN/$tool
	elif [ -x "$TBIN/$tool" ]; then
		TOOL=$TBIN/$tool
	else
		not_ok "$name: no program $tool"
		continue
	fi
	set --
	if [ -f "$c/args" ]; then
		while IFS= read -r a || [ -n "$a" ]; do
			set -- "$@" "$a"
		done <"$c/args"
	fi
	in=/dev/null
	[ -f "$c/stdin" ] && in=$c/stdin
	out=$T_TMP/out err=$T_TMP/err
	# Run by name through PATH, so messages that print argv[0] (getopt's)
	# do not depend on where the checkout is.
	tdir=$(dirname "$TOOL")
	if [ -f "$c/cmd" ]; then
		(cd "$c" && PATH=$tdir:$PATH TOOL="$VG $tool" \
		    sh ./cmd <"$in" >"$out" 2>"$err")
		st=$?
	else
		# shellcheck disable=SC2086
		(cd "$c" && PATH=$tdir:$PATH exec $VG "$tool" "$@" \
		    <"$in" >"$out" 2>"$err")
		st=$?
	fi
	if [ -n "${CTL_GOLDEN_UPDATE:-}" ]; then
		cp "$out" "$c/stdout"
		cp "$err" "$c/stderr"
		echo "$st" >"$c/status"
		[ -s "$c/stdout" ] || rm -f "$c/stdout"
		[ -s "$c/stderr" ] || rm -f "$c/stderr"
		[ "$st" = 0 ] && rm -f "$c/status"
	fi
	want=0
	[ -f "$c/status" ] && want=$(cat "$c/status")
	exp_out=$c/stdout exp_err=$c/stderr
	[ -f "$exp_out" ] || exp_out=/dev/null
	[ -f "$exp_err" ] || exp_err=/dev/null
	bad=
	cmp -s "$exp_out" "$out" || bad="$bad stdout"
	cmp -s "$exp_err" "$err" || bad="$bad stderr"
	[ "$want" = "$st" ] || bad="$bad status($st, expected $want)"
	if [ -z "$bad" ]; then
		ok "$name"
	else
		not_ok "$name:$bad"
		diff -u "$exp_out" "$out" | head -n 20 | sed 's/^/# /'
		diff -u "$exp_err" "$err" | head -n 10 | sed 's/^/# /'
	fi
done
done_testing
