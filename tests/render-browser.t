#!/bin/sh
# render-browser.t - the HTML report in a real browser: headless chromium
# from Debian, driven over --remote-debugging-pipe by
# tests/fixtures/render/cdp.py, in an empty network namespace when the
# system allows one.  Asserts from the rendered DOM that the summary and
# every row are there, no element or request came from the data, the
# CSP is in force (the report's own script runs, a script that differs
# from its hash does not, and the browser reports it), sorting, the
# filter and the "problems only" switch work, and dark and print styles
# apply.  Screenshots land in $CTL_BUILD/render/ for a person to look at.
# Skips, saying why, without chromium or python3.  Owned by the render
# engineer (issue 7).
. "$(dirname "$0")/lib.sh"

CHROMIUM=${CTL_CHROMIUM:-/usr/bin/chromium}
F=$ROOT/tests/fixtures/render
SHOTS=$CTL_BUILD/render

if [ ! -x "$CHROMIUM" ]; then
	skip "no chromium at $CHROMIUM (scripts/install-deps installs it)"
	done_testing
	exit 0
fi
if ! command -v python3 >/dev/null; then
	skip "no python3 to drive chromium"
	done_testing
	exit 0
fi

# run WHAT ARGS...: cdp.py's "ok - ..." lines become our assertions.
run() {
	what=$1
	shift
	timeout 180 python3 "$F/cdp.py" "$@" >"$T_TMP/tap" 2>"$T_TMP/err"
	st=$?
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok "$what: ${line#ok - }" ;;
		"not ok - "*) not_ok "$what: ${line#not ok - }" ;;
		"#"*) echo "$line" ;;
		esac
	done <"$T_TMP/tap"
	if ! grep -q '^1\.\.' "$T_TMP/tap"; then
		not_ok "$what: cdp.py finished (exit $st)"
		sed 's/^/# /' "$T_TMP/err" | tail -n 15
	fi
}

"$BIN/ctl-render" -f html -t 1714564800 -e "$F/expect.tsv" \
    -r "$F/records.tsv" <"$F/small.tsv" >"$T_TMP/report.html" ||
    not_ok "render the small fixture"
run report check "$T_TMP/report.html" 10 "$SHOTS"
cp "$T_TMP/report.html" "$SHOTS/report.html" 2>/dev/null

"$BIN/ctl-render" -f html -t 1714564800 -e "$F/hostile-expect.tsv" \
    -r "$F/hostile-records.tsv" <"$F/hostile.tsv" >"$T_TMP/hostile.html" ||
    not_ok "render the hostile fixture"
n=$(($(wc -l <"$F/hostile.tsv") - 1))
run hostile hostile "$T_TMP/hostile.html" "$n"
run "wrong hash" blocked "$T_TMP/report.html" 10
diag "screenshots: $SHOTS/report*.png"
done_testing
