/*
 * phonecsv.c - read a phone list exported from CUCM (Bulk Administration
 * or the Device > Phone list) as CSV, through libcsv in strict mode, into
 * the table AXL fills.  Header names are matched case-insensitively
 * against the names CUCM's exports use.  See phones.h.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>

#include "buf.h"
#include "phones.h"
#include "util.h"

#define CSV_MAXFIELD	(64 * 1024)
#define CSV_MAXCOLS	1024

static const struct {
	const char	*header;
	enum pfield	 f;
} headers[] = {
	{ "device name", F_NAME }, { "name", F_NAME },
	{ "description", F_DESCRIPTION },
	{ "device type", F_MODEL }, { "model", F_MODEL },
	{ "phone type", F_MODEL }, { "product type", F_MODEL },
	{ "device protocol", F_PROTOCOL }, { "protocol", F_PROTOCOL },
	{ "device pool", F_DEVICE_POOL }, { "device pool name", F_DEVICE_POOL },
	{ "status", F_STATUS },
	{ "ip address", F_IP }, { "ipv4 address", F_IP }, { "ip", F_IP },
	{ "node", F_NODE },
	{ "active load id", F_ACTIVE_LOAD }, { "active load", F_ACTIVE_LOAD },
};

struct csvctx {
	const char	*path;
	const char	*match;
	struct table	*t;
	unsigned long	 line;		/* line being fed */
	size_t		 nfield;	/* fields of the row so far */
	size_t		 ncols;		/* fields of the header */
	int		 map[CSV_MAXCOLS];	/* column -> pfield or -1 */
	int		 header_done;
	int		 namecol;
	char		*row[F_NFIELDS];
	int		 toolong;
	int		 failed;	/* err holds why */
	char		*err;
	size_t		 errlen;
};

static void
bad(struct csvctx *c, const char *fmt, ...) CTL_PRINTF(2, 3);

/* Keep the first error; libcsv's callbacks cannot stop it. */
static void
bad(struct csvctx *c, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (c->failed)
		return;
	c->failed = 1;
	n = snprintf(c->err, c->errlen, "%s:%lu: ", c->path, c->line);
	if (n < 0 || (size_t)n >= c->errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

static void
on_field(void *s, size_t len, void *arg)
{
	struct csvctx *c = arg;
	const char *p = s != NULL ? s : "";
	size_t i;

	if (len > CSV_MAXFIELD) {
		c->toolong = 1;
		return;
	}
	if (!c->header_done) {
		if (c->nfield < CSV_MAXCOLS) {
			c->map[c->nfield] = -1;
			/* A UTF-8 BOM starts some exports. */
			if (c->nfield == 0 && len >= 3 &&
			    memcmp(p, "\xef\xbb\xbf", 3) == 0) {
				p += 3;
				len -= 3;
			}
			for (i = 0; i < sizeof(headers) / sizeof(headers[0]);
			    i++)
				if (strlen(headers[i].header) == len &&
				    strncasecmp(headers[i].header, p,
				    len) == 0) {
					c->map[c->nfield] = (int)headers[i].f;
					break;
				}
		}
	} else if (c->nfield < c->ncols && c->map[c->nfield] >= 0) {
		free(c->row[c->map[c->nfield]]);
		c->row[c->map[c->nfield]] = xstrndup(p, len);
	}
	c->nfield++;
}

static void
on_row(int term, void *arg)
{
	struct csvctx *c = arg;
	struct phone *p;
	size_t i;
	int isnew, seen[F_NFIELDS] = { 0 };

	(void)term;
	if (c->failed)
		goto done;
	if (c->toolong) {
		bad(c, "field longer than %d bytes", CSV_MAXFIELD);
		goto done;
	}
	if (!c->header_done) {
		if (c->nfield > CSV_MAXCOLS) {
			bad(c, "more than %d columns", CSV_MAXCOLS);
			goto done;
		}
		c->ncols = c->nfield;
		c->header_done = 1;
		for (i = 0; i < c->ncols; i++) {
			if (c->map[i] < 0)
				continue;
			if (seen[c->map[i]])	/* the first of two wins */
				c->map[i] = -1;
			else
				seen[c->map[i]] = 1;
		}
		if (!seen[F_NAME])
			bad(c, "no \"Device Name\" column in the header");
		goto done;
	}
	if (c->nfield != c->ncols) {
		bad(c, "%zu field%s, header has %zu", c->nfield,
		    c->nfield == 1 ? "" : "s", c->ncols);
		goto done;
	}
	if (c->row[F_NAME] == NULL || c->row[F_NAME][0] == '\0') {
		bad(c, "empty device name");
		goto done;
	}
	if (c->t->n >= MAXPHONES) {
		bad(c, "more than %d phones", MAXPHONES);
		goto done;
	}
	if (like(c->match, c->row[F_NAME])) {
		p = table_add(c->t, c->row[F_NAME], &isnew);
		if (!isnew)
			warnx_("%s:%lu: %s listed again; the last row wins",
			    c->path, c->line, c->row[F_NAME]);
		for (i = 1; i < F_NFIELDS; i++) {
			free(p->f[i]);
			p->f[i] = c->row[i];
			c->row[i] = NULL;
		}
		/* Statuses are words, as RisPort's are. */
		for (i = 0; p->f[F_STATUS] != NULL && p->f[F_STATUS][i]; i++)
			p->f[F_STATUS][i] = p->f[F_STATUS][i] == ' ' ? '_' :
			    (char)tolower((unsigned char)p->f[F_STATUS][i]);
	}
done:
	c->nfield = 0;
	c->toolong = 0;
	for (i = 0; i < F_NFIELDS; i++) {
		free(c->row[i]);
		c->row[i] = NULL;
	}
}

int
phones_csv(FILE *fp, const char *path, const char *match, struct table *t,
    char *err, size_t errlen, int *syserr)
{
	struct csv_parser p;
	struct csvctx c;
	struct buf line;
	int ch, rv = -1;

	memset(&c, 0, sizeof(c));
	c.path = path;
	c.match = match;
	c.t = t;
	c.err = err;
	c.errlen = errlen;
	*syserr = 0;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		die(EXIT_SYSTEM, "out of memory");
	buf_init(&line, 16 * 1024 * 1024);
	/* Fed a line at a time, so an error can name its line. */
	while (!c.failed) {
		buf_reset(&line);
		while ((ch = getc(fp)) != EOF) {
			if (buf_putc(&line, ch) == -1)
				break;
			if (ch == '\n')
				break;
		}
		if (line.len == 0)
			break;
		c.line++;
		if (line.len == line.max) {
			bad(&c, "line too long");
			break;
		}
		if (csv_parse(&p, line.data, line.len, on_field, on_row, &c) !=
		    line.len)
			bad(&c, "%s", csv_error(&p) == CSV_EPARSE ?
			    "bad quoting: a quote inside an unquoted field, "
			    "or text after a closing quote" :
			    csv_strerror(csv_error(&p)));
	}
	if (!c.failed && ferror(fp)) {
		snprintf(err, errlen, "%s: read error: %s", path,
		    strerror(errno));
		*syserr = 1;
		c.failed = 1;
	}
	if (!c.failed && csv_fini(&p, on_field, on_row, &c) != 0)
		bad(&c, "%s", csv_error(&p) == CSV_EPARSE ?
		    "unterminated quoted field" : csv_strerror(csv_error(&p)));
	if (!c.failed && !c.header_done)
		snprintf(err, errlen, "%s: empty file: no header line", path);
	else if (!c.failed)
		rv = 0;
	for (ch = 0; ch < F_NFIELDS; ch++)
		free(c.row[ch]);
	csv_free(&p);
	buf_free(&line);
	return rv;
}
