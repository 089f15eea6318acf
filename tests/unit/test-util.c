/*
 * test-util.c - parse_ll and the string helpers of util.c.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "t.h"

static const struct {
	const char	*in;
	long long	 min, max;
	int		 rc;
	long long	 want;
	const char	*err;
} cases[] = {
	{ "0", 0, 10, 0, 0, NULL },
	{ "10", 0, 10, 0, 10, NULL },
	{ "11", 0, 10, -1, 0, "too large" },
	{ "-1", 0, 10, -1, 0, "too small" },
	{ "-5", -10, 10, 0, -5, NULL },
	{ "", 0, 10, -1, 0, "invalid" },
	{ " 1", 0, 10, -1, 0, "invalid" },
	{ "+1", 0, 10, -1, 0, "invalid" },
	{ "1x", 0, 10, -1, 0, "invalid" },
	{ "0x10", 0, 100, -1, 0, "invalid" },
	{ "99999999999999999999", 0, LLONG_MAX, -1, 0, "too large" },
	{ "-99999999999999999999", LLONG_MIN, 0, -1, 0, "too small" },
	{ "9223372036854775807", 0, LLONG_MAX, 0, LLONG_MAX, NULL },
};

int
main(void)
{
	size_t i;
	char *s;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long long v = -12345;
		const char *err = "unset";
		int rc;

		rc = parse_ll(cases[i].in, cases[i].min, cases[i].max, &v,
		    &err);
		T(rc == cases[i].rc && (rc != 0 || v == cases[i].want) &&
		    (cases[i].err == NULL ? err == NULL :
		    err != NULL && strcmp(err, cases[i].err) == 0),
		    "parse_ll \"%s\" in [%lld, %lld]", cases[i].in,
		    cases[i].min, cases[i].max);
	}
	s = xasprintf("%s-%d", "abc", 42);
	T(strcmp(s, "abc-42") == 0, "xasprintf formats");
	free(s);
	s = xstrndup("abcdef", 3);
	T(strcmp(s, "abc") == 0, "xstrndup stops at n");
	free(s);
	s = xstrndup("ab", 10);
	T(strcmp(s, "ab") == 0, "xstrndup stops at the NUL");
	free(s);
	{
		static const struct { const char *in, *out; } u[] = {
			{ "plain", "plain" },
			{ "\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9" },
			{ "cut \xc3", "cut ?" },
			{ "cut \xe2\x82", "cut ??" },
			{ "\xe2\x82\xac euro", "\xe2\x82\xac euro" },
			{ "overlong \xc0\xaf", "overlong ??" },
			{ "overlong \xe0\x80\xaf", "overlong ???" },
			{ "surrogate \xed\xa0\x80", "surrogate ???" },
			{ "\xf0\x9f\x98\x80 emoji", "\xf0\x9f\x98\x80 emoji" },
			{ "past \xf4\x90\x80\x80", "past ????" },
			{ "latin-1 \xe7" "a", "latin-1 ?a" },
			{ "", "" },
		};
		char b[64];

		for (i = 0; i < sizeof(u) / sizeof(u[0]); i++) {
			snprintf(b, sizeof(b), "%s", u[i].in);
			utf8_clean(b);
			T(strcmp(b, u[i].out) == 0, "utf8_clean case %zu", i);
		}
	}
	ctl_setprog("/usr/bin/ctl-fetch");
	T(strcmp(ctl_prog(), "ctl-fetch") == 0, "program name is a basename");
	return t_done();
}
