/*
 * util.c - see util.h.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *progname = "ctl";

void
ctl_setprog(const char *argv0)
{
	const char *p;

	if (argv0 == NULL || *argv0 == '\0')
		return;
	p = strrchr(argv0, '/');
	progname = p != NULL ? p + 1 : argv0;
}

const char *
ctl_prog(void)
{
	return progname;
}

static int stdout_closed;

/*
 * Messages quote what phones and CUCM sent (fault strings, names): control
 * characters, C1 controls included, would forge lines or drive the
 * terminal, so they become '?' and a diagnostic stays one line.
 */
static void
sanitize(char *s)
{
	unsigned char *p = (unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
		else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			p[0] = '?';
			p[1] = '?';
			p++;
		}
	}
}

static void vdiag(int, const char *, va_list) CTL_PRINTF(2, 0);

static void
vdiag(int with_errno, const char *fmt, va_list ap)
{
	char msg[1024];
	int saved = errno;

	if (!stdout_closed)
		fflush(stdout);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	sanitize(msg);
	if (with_errno)
		fprintf(stderr, "%s: %s: %s\n", progname, msg, strerror(saved));
	else
		fprintf(stderr, "%s: %s\n", progname, msg);
}

void
warnx_(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(0, fmt, ap);
	va_end(ap);
}

void
warn_(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(1, fmt, ap);
	va_end(ap);
}

void
die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(0, fmt, ap);
	va_end(ap);
	exit(status);
}

void
die_errno(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(1, fmt, ap);
	va_end(ap);
	exit(status);
}

static CTL_NORETURN void
oom(void)
{
	die(EXIT_SYSTEM, "out of memory");
}

void *
xmalloc(size_t n)
{
	void *p;

	if ((p = malloc(n == 0 ? 1 : n)) == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p;

	if ((p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size)) == NULL)
		oom();
	return p;
}

void *
xreallocarray(void *old, size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		oom();
	if ((p = realloc(old, n * size == 0 ? 1 : n * size)) == NULL)
		oom();
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p;
	size_t len;

	len = strnlen(s, n);
	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

int
parse_ll(const char *s, long long min, long long max, long long *out,
    const char **errstr)
{
	char *end;
	long long v;
	const char *e = NULL;

	errno = 0;
	if (s == NULL || *s == '\0' || *s == ' ' || *s == '\t' || *s == '+')
		e = "invalid";
	else {
		v = strtoll(s, &end, 10);
		if (*end != '\0')
			e = "invalid";
		else if ((errno == ERANGE && v == LLONG_MIN) || v < min)
			e = "too small";
		else if ((errno == ERANGE && v == LLONG_MAX) || v > max)
			e = "too large";
		else
			*out = v;
	}
	if (errstr != NULL)
		*errstr = e;
	return e == NULL ? 0 : -1;
}

long long
opt_ll(const char *opt, const char *s, long long min, long long max)
{
	const char *err;
	long long v;

	if (parse_ll(s, min, max, &v, &err) == -1)
		die(EXIT_USAGE, "%s %s: %s (%lld to %lld)", opt, s, err, min,
		    max);
	return v;
}

void
close_stdout(void)
{
	int bad;

	bad = fflush(stdout) != 0 || ferror(stdout);
	if (fclose(stdout) != 0)
		bad = 1;
	stdout_closed = 1;
	if (bad) {
		if (errno == 0)
			errno = EIO;
		die_errno(EXIT_SYSTEM, "write error");
	}
}

/* Length of the valid UTF-8 sequence at p, or 0. */
static size_t
utf8_len(const unsigned char *p)
{
	size_t n, i;
	unsigned long c;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, c = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, c = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, c = p[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)	/* the NUL ends here too */
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return n;
}

void
utf8_clean(char *s)
{
	unsigned char *p = (unsigned char *)s;
	size_t n;

	while (*p != '\0') {
		if ((n = utf8_len(p)) == 0) {
			*p++ = '?';
			continue;
		}
		p += n;
	}
}

void
print_version(void)
{
	printf("%s %s\n", progname, CTL_VERSION);
}
