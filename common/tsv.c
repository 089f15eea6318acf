/*
 * tsv.c - see tsv.h and ctl-tsv(5).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tsv.h"
#include "util.h"

#define RBUFSZ	65536

static void
seterr(struct tsv_reader *r, int sys, const char *fmt, ...)
	    CTL_PRINTF(3, 4);

static void
seterr(struct tsv_reader *r, int sys, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (r->lineno > 0)
		n = snprintf(r->err, sizeof(r->err), "%s:%lu: ", r->name,
		    r->lineno);
	else
		n = snprintf(r->err, sizeof(r->err), "%s: ", r->name);
	if (n < 0 || (size_t)n >= sizeof(r->err))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(r->err + n, sizeof(r->err) - (size_t)n, fmt, ap);
	va_end(ap);
	r->syserr = sys;
}

/*
 * Refill the read buffer with what there is.  On a descriptor, read(2)
 * returns as soon as a row arrives, where fread() would wait for a full
 * buffer and hold rows from a slow upstream stage back.
 */
static int
fill(struct tsv_reader *r)
{
	ssize_t n;

	if (r->fd < 0) {
		r->rlen = fread(r->rbuf, 1, RBUFSZ, r->fp);
		return r->rlen == 0 && ferror(r->fp) ? -1 : 0;
	}
	while ((n = read(r->fd, r->rbuf, RBUFSZ)) == -1 && errno == EINTR)
		;
	if (n == -1)
		return -1;
	r->rlen = (size_t)n;
	return 0;
}

/*
 * Read one line into r->line without its LF.  Returns 1, 0 at a clean end
 * of input, -1 on error.
 */
static int
getline_capped(struct tsv_reader *r)
{
	char *nl;
	size_t n;

	buf_reset(&r->line);
	for (;;) {
		if (r->rpos == r->rlen) {
			if (r->eof)
				break;
			r->rpos = 0;
			if (fill(r) == -1) {
				seterr(r, 1, "read error: %s",
				    strerror(errno));
				return -1;
			}
			if (r->rlen == 0) {
				r->eof = 1;
				break;
			}
		}
		n = r->rlen - r->rpos;
		nl = memchr(r->rbuf + r->rpos, '\n', n);
		if (nl != NULL)
			n = (size_t)(nl - (r->rbuf + r->rpos));
		if (buf_append(&r->line, r->rbuf + r->rpos, n) == -1) {
			r->lineno++;
			seterr(r, 0, "line longer than %zu bytes",
			    r->line.max);
			return -1;
		}
		r->rpos += n;
		if (nl != NULL) {
			r->rpos++;
			r->lineno++;
			return 1;
		}
	}
	if (r->line.len > 0) {
		r->lineno++;
		seterr(r, 0, "no newline at end of input");
		return -1;
	}
	return 0;
}

long
tsv_unescape(char *s, size_t n)
{
	size_t i, o;

	for (i = o = 0; i < n; i++) {
		if (s[i] != '\\') {
			s[o++] = s[i];
			continue;
		}
		if (++i == n)
			return -1;
		switch (s[i]) {
		case '\\': s[o++] = '\\'; break;
		case 't': s[o++] = '\t'; break;
		case 'n': s[o++] = '\n'; break;
		case 'r': s[o++] = '\r'; break;
		default: return -1;
		}
	}
	s[o] = '\0';
	return (long)o;
}

/* Split and decode r->line into at most max fields; returns the count. */
static long
split(struct tsv_reader *r, char **f, size_t *lens, size_t max)
{
	char *p, *start, *end;
	size_t nf = 0;
	long len;

	p = start = r->line.data;
	end = r->line.data + r->line.len;
	if (memchr(p, '\0', r->line.len) != NULL) {
		seterr(r, 0, "NUL byte");
		return -1;
	}
	if (memchr(p, '\r', r->line.len) != NULL) {
		seterr(r, 0, "carriage return in a field "
		    "(CRLF line endings?)");
		return -1;
	}
	for (;; p++) {
		if (p < end && *p != '\t')
			continue;
		if (nf < max) {
			len = tsv_unescape(start, (size_t)(p - start));
			if (len < 0) {
				seterr(r, 0, "bad escape: only \\\\ \\t \\n "
				    "\\r are allowed");
				return -1;
			}
			f[nf] = start;
			lens[nf] = (size_t)len;
		}
		nf++;
		if (p == end)
			break;
		start = p + 1;
	}
	return (long)nf;
}

static int
goodname(const char *s)
{
	if (*s < 'a' || *s > 'z')
		return 0;
	for (s++; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_'))
			return 0;
	return 1;
}

int
tsv_open(struct tsv_reader *r, FILE *fp, const char *name, size_t maxline)
{
	size_t i, j, n;
	char *p, *end;
	int rc;

	memset(r, 0, sizeof(*r));
	r->fp = fp;
	r->fd = fileno(fp);
	r->name = name;
	r->rbuf = xmalloc(RBUFSZ);
	buf_init(&r->line, maxline == 0 ? TSV_MAXLINE : maxline);
	if ((rc = getline_capped(r)) <= 0) {
		if (rc == 0)
			seterr(r, 0, "empty input: no header line");
		return -1;
	}
	if (memchr(r->line.data, '\r', r->line.len) != NULL) {
		seterr(r, 0, "carriage return in the header "
		    "(CRLF line endings?)");
		return -1;
	}
	/* Names are plain [a-z][a-z0-9_]*, so no escapes to undo. */
	for (n = 1, i = 0; i < r->line.len; i++)
		if (r->line.data[i] == '\t')
			n++;
	r->ncols = n;
	r->cols = xreallocarray(NULL, n, sizeof(*r->cols));
	r->fields = xreallocarray(NULL, n, sizeof(*r->fields));
	r->lens = xreallocarray(NULL, n, sizeof(*r->lens));
	p = r->line.data;
	end = p + r->line.len;
	for (i = 0; i < n; i++) {
		char *tab = memchr(p, '\t', (size_t)(end - p));

		if (tab == NULL)
			tab = end;
		r->cols[i] = xstrndup(p, (size_t)(tab - p));
		if (memchr(p, '\0', (size_t)(tab - p)) != NULL ||
		    !goodname(r->cols[i])) {
			seterr(r, 0, "bad column name in header: field %zu "
			    "is not [a-z][a-z0-9_]*", i + 1);
			r->ncols = i + 1;
			return -1;
		}
		for (j = 0; j < i; j++)
			if (strcmp(r->cols[j], r->cols[i]) == 0) {
				seterr(r, 0, "duplicate column '%s'",
				    r->cols[i]);
				r->ncols = i + 1;
				return -1;
			}
		p = tab + 1;
	}
	return 0;
}

int
tsv_read(struct tsv_reader *r)
{
	long nf;
	int rc;

	if ((rc = getline_capped(r)) <= 0)
		return rc;
	nf = split(r, r->fields, r->lens, r->ncols);
	if (nf < 0)
		return -1;
	if ((size_t)nf != r->ncols) {
		seterr(r, 0, "%ld field%s, header has %zu", nf,
		    nf == 1 ? "" : "s", r->ncols);
		return -1;
	}
	return 1;
}

void
tsv_open_or_die(struct tsv_reader *r, FILE *fp, const char *name)
{
	if (tsv_open(r, fp, name, 0) == -1)
		die(r->syserr ? EXIT_SYSTEM : EXIT_USAGE, "%s", r->err);
}

int
tsv_next(struct tsv_reader *r)
{
	int rc;

	if ((rc = tsv_read(r)) == -1)
		die(r->syserr ? EXIT_SYSTEM : EXIT_USAGE, "%s", r->err);
	return rc;
}

void
tsv_close(struct tsv_reader *r)
{
	size_t i;

	if (r->cols != NULL)
		for (i = 0; i < r->ncols; i++)
			free(r->cols[i]);
	free(r->cols);
	free(r->fields);
	free(r->lens);
	free(r->rbuf);
	buf_free(&r->line);
	r->cols = r->fields = NULL;
	r->lens = NULL;
	r->rbuf = NULL;
}

int
tsv_col(const struct tsv_reader *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->ncols; i++)
		if (strcmp(r->cols[i], name) == 0)
			return (int)i;
	return -1;
}

size_t
tsv_need(const struct tsv_reader *r, const char *name)
{
	int i;

	if ((i = tsv_col(r, name)) < 0)
		die(EXIT_USAGE, "%s: no column '%s' in the header", r->name,
		    name);
	return (size_t)i;
}

char **
tsv_row_dup(const struct tsv_reader *r)
{
	size_t i, total;
	char **v, *p;

	total = r->ncols * sizeof(char *);
	for (i = 0; i < r->ncols; i++)
		total += r->lens[i] + 1;
	v = xmalloc(total);
	p = (char *)(v + r->ncols);
	for (i = 0; i < r->ncols; i++) {
		memcpy(p, r->fields[i], r->lens[i] + 1);
		v[i] = p;
		p += r->lens[i] + 1;
	}
	return v;
}

void
tsv_put(FILE *fp, const char *s, size_t n)
{
	size_t i, run;

	for (i = run = 0; i < n; i++) {
		const char *esc;

		switch (s[i]) {
		case '\\': esc = "\\\\"; break;
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\0': esc = "\xef\xbf\xbd"; break;
		default: continue;
		}
		if (i > run)
			fwrite(s + run, 1, i - run, fp);
		fputs(esc, fp);
		run = i + 1;
	}
	if (n > run)
		fwrite(s + run, 1, n - run, fp);
}

void
tsv_puts(FILE *fp, const char *s)
{
	if (s != NULL)
		tsv_put(fp, s, strlen(s));
}

void
tsv_put_row(FILE *fp, const char *const *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			putc('\t', fp);
		tsv_puts(fp, f[i]);
	}
	putc('\n', fp);
}

static int
inlist(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

void
tsv_layout_init(struct tsv_layout *l, const struct tsv_reader *r,
    const char *const *own, size_t nown, const char *const *drop,
    size_t ndrop)
{
	size_t i;

	l->nin = r->ncols;
	l->pass = xcalloc(r->ncols, 1);
	for (i = 0; i < r->ncols; i++)
		l->pass[i] = !inlist(r->cols[i], own, nown) &&
		    !inlist(r->cols[i], drop, ndrop);
	l->own = own;
	l->nown = nown;
}

void
tsv_layout_header(const struct tsv_layout *l, const struct tsv_reader *r,
    FILE *fp)
{
	size_t i;
	int first = 1;

	for (i = 0; i < l->nin; i++) {
		if (!l->pass[i])
			continue;
		if (!first)
			putc('\t', fp);
		fputs(r->cols[i], fp);
		first = 0;
	}
	for (i = 0; i < l->nown; i++) {
		if (!first)
			putc('\t', fp);
		fputs(l->own[i], fp);
		first = 0;
	}
	putc('\n', fp);
}

void
tsv_layout_row(const struct tsv_layout *l, char *const *in,
    const char *const *vals, const size_t *lens, FILE *fp)
{
	size_t i;
	int first = 1;

	for (i = 0; i < l->nin; i++) {
		if (!l->pass[i])
			continue;
		if (!first)
			putc('\t', fp);
		tsv_puts(fp, in[i]);
		first = 0;
	}
	for (i = 0; i < l->nown; i++) {
		if (!first)
			putc('\t', fp);
		if (vals[i] != NULL)
			tsv_put(fp, vals[i], lens != NULL ? lens[i] :
			    strlen(vals[i]));
		first = 0;
	}
	putc('\n', fp);
}

void
tsv_layout_free(struct tsv_layout *l)
{
	free(l->pass);
	l->pass = NULL;
}
