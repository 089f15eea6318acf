#!/bin/sh
# fuzz.t - replay every fuzz corpus (tests/fuzz/corpus/NAME) through its
# target without libFuzzer: each input must run without a crash or a
# sanitizer report.
. "$(dirname "$0")/lib.sh"

for src in "$ROOT"/tests/fuzz/fuzz-*.c; do
	[ -f "$src" ] || continue
	n=$(basename "$src" .c)
	n=${n#fuzz-}
	bin=$CTL_BUILD/tests/fuzz/replay-$n
	corpus=$ROOT/tests/fuzz/corpus/$n
	if [ ! -d "$corpus" ]; then
		not_ok "$n: no corpus tests/fuzz/corpus/$n"
		continue
	fi
	if $VG "$bin" "$corpus" >"$T_TMP/out" 2>"$T_TMP/err"; then
		ok "$n: $(cat "$T_TMP/out")"
	else
		not_ok "$n: replay failed"
		tail -n 20 "$T_TMP/err" | sed 's/^/# /'
	fi
done
done_testing
