# lib.sh - the TAP harness every tests/*.t script sources.
#
# A script calls ok/not_ok (or check CMD...), then done_testing.  Each
# result is also appended to $CTL_TAPLOG so tests/run can print one
# "N passed, N failed" line over all scripts.

ROOT=$(cd "$(dirname "$0")/.." && pwd)
: "${CTL_BUILD:=build/cc}"
case $CTL_BUILD in /*) ;; *) CTL_BUILD=$ROOT/$CTL_BUILD ;; esac
BIN=$CTL_BUILD/bin
TBIN=$CTL_BUILD/tests/bin
: "${CTL_TAPLOG:=/dev/null}"
T_N=0
T_FAIL=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ctl-test.XXXXXX")
trap 't_cleanup' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
export ROOT CTL_BUILD BIN TBIN

# Commands a script registers with at_exit run before the temporary
# folder goes, in reverse order: servers stopped first.
T_ATEXIT=
at_exit() {
	T_ATEXIT="$*; $T_ATEXIT"
}

t_cleanup() {
	eval "$T_ATEXIT" 2>/dev/null
	rm -rf "$T_TMP"
}

t_log() {
	printf '%s %s: %s\n' "$1" "$(basename "$0")" "$2" >>"$CTL_TAPLOG"
}

ok() {
	T_N=$((T_N + 1))
	printf 'ok %d - %s\n' "$T_N" "$*"
	t_log pass "$*"
}

not_ok() {
	T_N=$((T_N + 1))
	T_FAIL=$((T_FAIL + 1))
	printf 'not ok %d - %s\n' "$T_N" "$*"
	t_log fail "$*"
}

skip() {
	T_N=$((T_N + 1))
	printf 'ok %d # skip %s\n' "$T_N" "$*"
	t_log skip "$*"
}

diag() {
	printf '# %s\n' "$*"
}

# check DESCRIPTION CMD [ARG...]: ok if CMD exits 0.
check() {
	t_desc=$1
	shift
	if "$@"; then ok "$t_desc"; else not_ok "$t_desc"; fi
}

# same DESCRIPTION EXPECTED-FILE ACTUAL-FILE: ok if identical, else diff.
same() {
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1"
		diff -u "$2" "$3" | head -n 40 | sed 's/^/# /'
	fi
}

# status DESCRIPTION EXPECTED ACTUAL
status_is() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		diag "exit status $3, expected $2"
	fi
}

done_testing() {
	printf '1..%d\n' "$T_N"
	[ "$T_FAIL" -eq 0 ]
}

# The valgrind prefix for programs, when the run asked for it.
export VG=
if [ -n "${CTL_VALGRIND:-}" ]; then
	VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect"
fi
