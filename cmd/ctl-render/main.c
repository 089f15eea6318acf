/*
 * ctl-render - turn ctl-compare output into the HTML report people read
 * (-f html) or the CSV they sort (-f csv).  main.c: options, the time of
 * the run, time formats, and the checked writes every output goes
 * through.  Owned by the render engineer (issue 7); see ctl-render(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "render.h"
#include "util.h"

#define USAGE \
	"usage: ctl-render [-hV] [--no-bom] [--raw] [-c cluster] " \
	"[-e file] -f html|csv\n" \
	"                  [-r file] [-T title] [-t seconds]\n"

static const struct option longopts[] = {
	{ "cluster", required_argument, NULL, 'c' },
	{ "expect", required_argument, NULL, 'e' },
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "no-bom", no_argument, NULL, 'B' },
	{ "records", required_argument, NULL, 'r' },
	{ "raw", no_argument, NULL, 'R' },
	{ "title", required_argument, NULL, 'T' },
	{ "time", required_argument, NULL, 't' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static CTL_NORETURN void
usage(void)
{
	fputs(USAGE, stderr);
	exit(EXIT_USAGE);
}

void
check_write(FILE *fp, const char *what)
{
	if (ferror(fp))
		die_errno(EXIT_SYSTEM, "write error: %s", what);
}

void
spool_copy(FILE *to, FILE *from)
{
	char b[65536];
	size_t n;

	check_write(from, "temporary file");
	if (fflush(from) != 0 || fseek(from, 0, SEEK_SET) != 0)
		die_errno(EXIT_SYSTEM, "temporary file");
	while ((n = fread(b, 1, sizeof(b), from)) > 0)
		if (fwrite(b, 1, n, to) != n)
			check_write(to, "stdout");
	if (ferror(from))
		die_errno(EXIT_SYSTEM, "temporary file: read error");
	fclose(from);
}

void
fmt_time(char *out, size_t sz, time_t t, int iso)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, sz, iso ? "%Y-%m-%dT%H:%M:%SZ" :
	    "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(out, sz, "%lld", (long long)t);
}

static int
month(const char *s)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int i;

	for (i = 0; i < 12; i++)
		if (strncmp(s, names + 3 * i, 3) == 0)
			return i;
	return -1;
}

static int
tm_ok(const struct tm *tm)
{
	return tm->tm_year >= -1900 + 1 && tm->tm_year <= 9999 - 1900 &&
	    tm->tm_mon >= 0 && tm->tm_mon < 12 && tm->tm_mday >= 1 &&
	    tm->tm_mday <= 31 && tm->tm_hour >= 0 && tm->tm_hour < 24 &&
	    tm->tm_min >= 0 && tm->tm_min < 60 && tm->tm_sec >= 0 &&
	    tm->tm_sec <= 60;
}

/*
 * Unix seconds, ISO 8601 in UTC ("2026-01-31T12:00:00Z", a space for the
 * T, no zone, " UTC" or "+00:00"), or OpenSSL's "Jan 31 12:00:00 2026
 * GMT": ctl-expect was written alongside and may pick any of them.
 */
int
parse_time(const char *s, time_t *out)
{
	struct tm tm;
	long long v;
	char mon[4], sep;
	int n = 0;

	if (parse_ll(s, 0, 253402300799LL, &v, NULL) == 0) {
		*out = (time_t)v;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%4d-%2d-%2d%c%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &sep, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) == 7 &&
	    (sep == 'T' || sep == ' ')) {
		s += n;
		if (*s != '\0' && strcmp(s, "Z") != 0 &&
		    strcmp(s, " UTC") != 0 && strcmp(s, "+00:00") != 0)
			return -1;
		tm.tm_year -= 1900;
		tm.tm_mon--;
	} else if (sscanf(s, "%3s %2d %2d:%2d:%2d %4d GMT%n", mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &tm.tm_year, &n) == 6 &&
	    s[n] == '\0' && n > 0 && (tm.tm_mon = month(mon)) >= 0)
		tm.tm_year -= 1900;
	else
		return -1;
	if (!tm_ok(&tm))
		return -1;
	*out = timegm(&tm);
	return 0;
}

static time_t
run_time(const char *opt)
{
	const char *s, *what, *errstr;
	long long v;

	if (opt != NULL) {
		s = opt;
		what = "-t";
	} else if ((s = getenv("SOURCE_DATE_EPOCH")) != NULL) {
		what = "SOURCE_DATE_EPOCH";
	} else
		return time(NULL);
	if (parse_ll(s, 0, 253402300799LL, &v, &errstr) == -1)
		die(EXIT_USAGE, "%s: %s: want seconds since 1970", what,
		    errstr);
	return (time_t)v;
}

int
main(int argc, char *argv[])
{
	struct tsv_reader r;
	struct opts o;
	const char *format = NULL, *when = NULL;
	int c;

	ctl_setprog(argv[0]);
	memset(&o, 0, sizeof(o));
	o.bom = 1;
	o.title = "CTL and ITL audit";
	while ((c = getopt_long(argc, argv, "c:e:f:hr:T:t:V", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'B': o.bom = 0; break;
		case 'c': o.cluster = optarg; break;
		case 'e': o.expect = optarg; break;
		case 'f': format = optarg; break;
		case 'h': fputs(USAGE, stdout); close_stdout(); return 0;
		case 'R': o.raw = 1; break;
		case 'r': o.records = optarg; break;
		case 'T': o.title = optarg; break;
		case 't': when = optarg; break;
		case 'V': print_version(); close_stdout(); return 0;
		default: usage();
		}
	}
	if (optind != argc || format == NULL)
		usage();
	if (strcmp(format, "html") != 0 && strcmp(format, "csv") != 0)
		die(EXIT_USAGE, "-f %s: want html or csv", format);
	o.when = run_time(when);
	tsv_open_or_die(&r, stdin, "stdin");
	(void)tsv_need(&r, "result");
	if (format[0] == 'c')
		csv_render(&r, &o, stdout);
	else
		html_render(&r, &o, stdout);
	tsv_close(&r);
	close_stdout();
	return EXIT_OK;
}
