/*
 * ctl-fetch - fetch each phone's web page, many at a time, and add what
 * came back to the row: url fetch_status http_code fetch_ms fetch_error
 * content_type body.  See ctl-fetch(1).
 *
 * main.c reads the command line, raises the descriptor limit and sizes
 * the window under it, then hands over to engine.c.  Owned by ctl-fetch.
 */
#include <dirent.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "fetch.h"
#include "util.h"

/* Descriptors kept back for stdio, the CA file and libcurl itself. */
#define FD_RESERVE	16
/* Descriptors one transfer may hold: its socket, a resolver pair. */
#define FD_PER_XFER	3

static const char *const default_urls[] = {
	"http://{ip}/NetworkConfigurationX",
	"https://{ip}/NetworkConfigurationX",
	("http://{ip}/CGI/Java/Serviceability?"
	    "adapter=device.statistics.configuration"),
};

enum {
	OPT_CACERT = 256,
	OPT_CONNECT_TIMEOUT,
	OPT_KEEP_ORDER,
	OPT_MAX_SIZE,
	OPT_SPEED_LIMIT,
	OPT_SPEED_TIME
};

static const struct option longopts[] = {
	{ "cacert",		required_argument, NULL, OPT_CACERT },
	{ "connect-timeout",	required_argument, NULL, OPT_CONNECT_TIMEOUT },
	{ "help",		no_argument,	   NULL, 'h' },
	{ "insecure",		no_argument,	   NULL, 'k' },
	{ "keep-order",		no_argument,	   NULL, OPT_KEEP_ORDER },
	{ "max-size",		required_argument, NULL, OPT_MAX_SIZE },
	{ "speed-limit",	required_argument, NULL, OPT_SPEED_LIMIT },
	{ "speed-time",		required_argument, NULL, OPT_SPEED_TIME },
	{ "timeout",		required_argument, NULL, 'm' },
	{ "url",		required_argument, NULL, 'u' },
	{ "version",		no_argument,	   NULL, 'V' },
	{ "window",		required_argument, NULL, 'j' },
	{ NULL,			0,		   NULL, 0 }
};

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: ctl-fetch [-hkV] [--cacert file] "
	    "[--connect-timeout seconds]\n"
	    "                 [-j window] [--keep-order] "
	    "[-m seconds] [--max-size bytes]\n"
	    "                 [--speed-limit bytes] "
	    "[--speed-time seconds] [-u template]\n");
}

static CTL_NORETURN void
bad_usage(void)
{
	usage(stderr);
	exit(EXIT_USAGE);
}

/* Seconds with up to three decimals, to milliseconds. */
static long
parse_seconds(const char *opt, const char *s)
{
	const char *dot, *errstr;
	char ip[32];
	long long whole = 0, frac = 0;
	size_t n, i;

	dot = strchr(s, '.');
	n = dot != NULL ? (size_t)(dot - s) : strlen(s);
	if (n >= sizeof(ip))
		die(EXIT_USAGE, "%s: %s: invalid", opt, s);
	memcpy(ip, s, n);
	ip[n] = '\0';
	if ((n > 0 || dot == NULL) &&
	    parse_ll(ip, 0, 3600, &whole, &errstr) == -1)
		die(EXIT_USAGE, "%s: %s: %s", opt, s, errstr);
	if (dot != NULL) {
		if (dot[1] == '\0' || strlen(dot + 1) > 3)
			die(EXIT_USAGE, "%s: %s: invalid", opt, s);
		for (i = 1; i <= 3; i++) {
			char c = i <= strlen(dot + 1) ? dot[i] : '0';

			if (c < '0' || c > '9')
				die(EXIT_USAGE, "%s: %s: invalid", opt, s);
			frac = frac * 10 + (c - '0');
		}
	}
	if (whole * 1000 + frac == 0 || whole * 1000 + frac > 3600000)
		die(EXIT_USAGE, "%s: %s: out of range (0.001 to 3600)", opt,
		    s);
	return (long)(whole * 1000 + frac);
}

/* Bytes, with an optional k or m suffix (1024 and 1048576). */
static size_t
parse_size(const char *opt, const char *s)
{
	char num[32];
	const char *errstr;
	long long v, mul = 1;
	size_t n = strlen(s);

	if (n == 0 || n >= sizeof(num))
		die(EXIT_USAGE, "%s: %s: invalid", opt, s);
	memcpy(num, s, n + 1);
	if (num[n - 1] == 'k' || num[n - 1] == 'K')
		mul = 1024;
	else if (num[n - 1] == 'm' || num[n - 1] == 'M')
		mul = 1024 * 1024;
	if (mul != 1)
		num[n - 1] = '\0';
	if (parse_ll(num, 1, 16LL * 1024 * 1024, &v, &errstr) == -1 ||
	    v * mul > 16LL * 1024 * 1024)
		die(EXIT_USAGE, "%s: %s: %s", opt, s, errstr != NULL ?
		    errstr : "too large (16m at most)");
	return (size_t)(v * mul);
}

static long long
parse_num(const char *opt, const char *s, long long min, long long max)
{
	const char *errstr;
	long long v;

	if (parse_ll(s, min, max, &v, &errstr) == -1)
		die(EXIT_USAGE, "%s: %s: %s", opt, s, errstr);
	return v;
}

static long
open_fds(void)
{
	DIR *d;
	struct dirent *e;
	long n = 0;

	if ((d = opendir("/proc/self/fd")) == NULL)
		return 3;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

/*
 * Raise the soft descriptor limit to the hard one and keep the window
 * below what is left: running out in the middle of a run would make
 * healthy phones look dead.
 */
static size_t
fit_window(size_t want, int explicit)
{
	struct rlimit rl;
	long long avail;
	size_t fit;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		die_errno(EXIT_SYSTEM, "getrlimit");
	if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max > 1048576)
		rl.rlim_max = 1048576;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	avail = (long long)rl.rlim_cur - open_fds() - FD_RESERVE;
	if (avail < FD_PER_XFER)
		die(EXIT_SYSTEM, "too few file descriptors: the limit is "
		    "%llu, %d needed", (unsigned long long)rl.rlim_cur,
		    (int)(open_fds() + FD_RESERVE + FD_PER_XFER));
	fit = (size_t)(avail / FD_PER_XFER);
	if (want <= fit)
		return want;
	if (explicit)
		warnx_("window: %zu lowered to %zu by the file descriptor "
		    "limit (%llu)", want, fit,
		    (unsigned long long)rl.rlim_cur);
	return fit;
}

/*
 * File scope, so that what they hold stays reachable when a diagnostic
 * exits from deep inside (leak checkers then stay quiet).
 */
static struct config cf;
static struct tsv_reader r;
static const char **urls;

#define NDEFAULT	(sizeof(default_urls) / sizeof(default_urls[0]))

int
main(int argc, char *argv[])
{
	size_t nurls = 0, i;
	int c, rc, explicit_window = 0;

	ctl_setprog(argv[0]);
	memset(&cf, 0, sizeof(cf));
	cf.window = 256;
	cf.http.connect_ms = 3000;
	cf.http.timeout_ms = 10000;
	cf.http.speed_limit = 100;
	cf.http.speed_time = 5;
	cf.http.maxbody = 256 * 1024;
	urls = xcalloc((size_t)argc + NDEFAULT, sizeof(*urls));
	while ((c = getopt_long(argc, argv, "hj:km:u:V", longopts,
	    NULL)) != -1) {
		switch (c) {
		case OPT_CACERT:
			cf.http.cacert = optarg;
			break;
		case OPT_CONNECT_TIMEOUT:
			cf.http.connect_ms = parse_seconds("--connect-timeout",
			    optarg);
			break;
		case 'h':
			usage(stdout);
			free(urls);
			close_stdout();
			return EXIT_OK;
		case 'j':
			cf.window = (size_t)parse_num("--window", optarg, 1,
			    65536);
			explicit_window = 1;
			break;
		case 'k':
			cf.http.insecure = 1;
			break;
		case OPT_KEEP_ORDER:
			cf.keep_order = 1;
			break;
		case 'm':
			cf.http.timeout_ms = parse_seconds("--timeout", optarg);
			break;
		case OPT_MAX_SIZE:
			cf.http.maxbody = parse_size("--max-size", optarg);
			break;
		case OPT_SPEED_LIMIT:
			cf.http.speed_limit = (long)parse_num("--speed-limit",
			    optarg, 0, 1LL << 30);
			break;
		case OPT_SPEED_TIME:
			cf.http.speed_time = (long)parse_num("--speed-time",
			    optarg, 1, 3600);
			break;
		case 'u':
			urls[nurls++] = optarg;
			break;
		case 'V':
			print_version();
			free(urls);
			close_stdout();
			return EXIT_OK;
		default:
			bad_usage();
		}
	}
	if (optind != argc)
		bad_usage();
	if (cf.http.cacert != NULL && access(cf.http.cacert, R_OK) == -1)
		die_errno(EXIT_USAGE, "--cacert: %s", cf.http.cacert);
	if (nurls == 0)
		for (; nurls < NDEFAULT; nurls++)
			urls[nurls] = default_urls[nurls];

	/* A phone closing early must not kill us; libcurl sets no SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	http_init();
	tsv_open_or_die(&r, stdin, "stdin");
	cf.col_ip = tsv_col(&r, "ip");
	cf.col_httpd = tsv_col(&r, "httpd");
	cf.ntmpls = nurls;
	cf.tmpls = xcalloc(nurls, sizeof(*cf.tmpls));
	for (i = 0; i < nurls; i++)
		tmpl_parse(&cf.tmpls[i], urls[i], &r);
	cf.window = fit_window(cf.window, explicit_window);
	cf.progress = isatty(STDERR_FILENO);

	rc = engine_run(&cf, &r);

	for (i = 0; i < nurls; i++)
		tmpl_free(&cf.tmpls[i]);
	free(cf.tmpls);
	free(urls);
	tsv_close(&r);
	curl_global_cleanup();
	close_stdout();
	return rc;
}
