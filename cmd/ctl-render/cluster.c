/*
 * cluster.c - the cluster side of the HTML report, from ctl-expect's
 * TSV (-e: one row per TFTP server and file) and its --records TSV (-r:
 * one row per record, with each certificate's validity): the files and
 * their hashes, the certificates and their expiry, and the warnings a
 * person should read first.  Owned by the render engineer (issue 7).
 *
 * These files are small (servers times files, records times that), so
 * they are read whole, with a cap on rows.  Columns are found by name
 * and any may be missing.  Their values are as untrusted as the phones'.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "render.h"
#include "util.h"

#define MAXROWS		100000
#define MAXWARN		200
#define SOON		(30L * 86400)	/* "expires soon" */

enum { E_TFTP, E_FILE, E_STATUS, E_BYTES, E_MD5, E_SHA1, E_SHA256,
	E_SHA512, E_VERSION, E_SIGNER, E_TIMESTAMP, E_RECORDS, E_N };
static const char *const ecols[E_N] = { "tftp_server", "file",
	"expect_status", "bytes", "md5", "sha1", "sha256", "sha512",
	"version", "signer", "timestamp", "records" };

enum { K_TFTP, K_FILE, K_RECORD, K_ROLE, K_DNS, K_SUBJECT, K_ISSUER,
	K_SERIAL, K_NOT_BEFORE, K_NOT_AFTER, K_N };
static const char *const kcols[K_N] = { "tftp_server", "file", "record",
	"role", "dns_name", "subject", "issuer", "serial", "not_before",
	"not_after" };

struct table {
	char	***rowv;
	size_t	 nrows;
	int	 col[16];
};

struct warning {
	int	 bad;		/* an error rather than a warning */
	char	*text;		/* raw: escaped when written */
};

struct warnings {
	struct warning	 w[MAXWARN];
	size_t		 n, dropped;
};

static const char *
get(const struct table *t, size_t row, int c)
{
	return t->col[c] < 0 ? "" : t->rowv[row][t->col[c]];
}

static void
load(struct table *t, const char *path, const char *const *names,
    size_t ncols)
{
	struct tsv_reader r;
	FILE *fp;
	size_t i;

	memset(t, 0, sizeof(*t));
	if ((fp = fopen(path, "r")) == NULL)
		die_errno(EXIT_USAGE, "%s", path);
	if (tsv_open(&r, fp, path, 0) == -1)
		die(r.syserr ? EXIT_SYSTEM : EXIT_USAGE, "%s", r.err);
	for (i = 0; i < ncols; i++)
		t->col[i] = tsv_col(&r, names[i]);
	for (;;) {
		int rc = tsv_read(&r);

		if (rc == -1)
			die(r.syserr ? EXIT_SYSTEM : EXIT_USAGE, "%s", r.err);
		if (rc == 0)
			break;
		if (t->nrows == MAXROWS)
			die(EXIT_USAGE, "%s: more than %d rows", path, MAXROWS);
		if ((t->nrows & (t->nrows - 1)) == 0)
			t->rowv = xreallocarray(t->rowv,
			    t->nrows == 0 ? 1 : t->nrows * 2,
			    sizeof(*t->rowv));
		t->rowv[t->nrows++] = tsv_row_dup(&r);
	}
	tsv_close(&r);
	fclose(fp);
}

static void
unload(struct table *t)
{
	size_t i;

	for (i = 0; i < t->nrows; i++)
		free(t->rowv[i]);
	free(t->rowv);
}

static void
warn_add(struct warnings *w, int bad, char *text)
{
	if (w->n == MAXWARN) {
		w->dropped++;
		free(text);
		return;
	}
	w->w[w->n].bad = bad;
	w->w[w->n++].text = text;
}

static void
esc(FILE *fp, const char *s)
{
	html_escapes(fp, s);
}

static void
td(FILE *fp, const char *s)
{
	fputs("<td>", fp);
	esc(fp, s);
	fputs("</td>", fp);
}

/* A time as ctl-expect wrote it, in UTC when it can be read. */
static void
tdtime(FILE *fp, const char *s)
{
	char buf[64];
	time_t t;

	if (*s != '\0' && parse_time(s, &t) == 0) {
		fmt_time(buf, sizeof(buf), t, 0);
		fprintf(fp, "<td class=\"t\">%s</td>", buf);
	} else
		td(fp, s);
}

static int
ok(const char *status)
{
	return strcmp(status, "ok") == 0;
}

/* The strongest hash the row has, for comparing files across servers. */
static const char *
best(const struct table *t, size_t i)
{
	static const int order[] = { E_SHA512, E_SHA256, E_SHA1, E_MD5 };
	size_t k;

	for (k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		if (*get(t, i, order[k]) != '\0')
			return get(t, i, order[k]);
	return "";
}

static void
files_warn(const struct table *t, struct warnings *w)
{
	size_t i, j;
	int differs;

	for (i = 0; i < t->nrows; i++)
		if (!ok(get(t, i, E_STATUS)))
			warn_add(w, 1, xasprintf("%s on TFTP server %s: %s",
			    *get(t, i, E_FILE) ? get(t, i, E_FILE) : "file",
			    *get(t, i, E_TFTP) ? get(t, i, E_TFTP) : "?",
			    *get(t, i, E_STATUS) ? get(t, i, E_STATUS) :
			    "no status"));
	/* The CTL file is the same on every node; the ITL need not be. */
	for (i = 0, differs = 0; i < t->nrows && !differs; i++) {
		if (strcmp(get(t, i, E_FILE), "CTLFile.tlv") != 0 ||
		    !ok(get(t, i, E_STATUS)))
			continue;
		for (j = i + 1; j < t->nrows && !differs; j++)
			if (strcmp(get(t, j, E_FILE), "CTLFile.tlv") == 0 &&
			    ok(get(t, j, E_STATUS)) &&
			    strcmp(best(t, i), best(t, j)) != 0)
				differs = 1;
	}
	if (differs)
		warn_add(w, 1, xstrdup("CTLFile.tlv differs between TFTP "
		    "servers: every node should serve the same file"));
}

static void
hashes(FILE *fp, const struct table *t, size_t i)
{
	static const int h[] = { E_MD5, E_SHA1, E_SHA256, E_SHA512 };
	size_t k;

	fputs("<td class=\"h\">", fp);
	for (k = 0; k < sizeof(h) / sizeof(h[0]); k++) {
		if (*get(t, i, h[k]) == '\0')
			continue;
		fprintf(fp, "<code><span class=\"muted\">%s</span> ",
		    ecols[h[k]]);
		esc(fp, get(t, i, h[k]));
		fputs("</code>", fp);
	}
	fputs("</td>", fp);
}

static void
files(FILE *fp, const struct table *t)
{
	size_t i;

	fputs("<h3>Trust list files</h3>\n<div class=\"wide\">"
	    "<table class=\"sortable\">\n<thead><tr>"
	    "<th scope=\"col\" data-sort=\"nat\">TFTP server</th>"
	    "<th scope=\"col\">File</th>"
	    "<th scope=\"col\">Status</th>"
	    "<th scope=\"col\" class=\"n\" data-sort=\"num\">Bytes</th>"
	    "<th scope=\"col\">Hashes</th><th scope=\"col\">Version</th>"
	    "<th scope=\"col\">Signer</th><th scope=\"col\">Timestamp</th>"
	    "<th scope=\"col\" class=\"n\" data-sort=\"num\">Records</th>"
	    "</tr></thead>\n<tbody>\n", fp);
	for (i = 0; i < t->nrows; i++) {
		const char *st = get(t, i, E_STATUS);

		fputs("<tr>", fp);
		td(fp, get(t, i, E_TFTP));
		td(fp, get(t, i, E_FILE));
		fprintf(fp, "<td class=\"%s\"><span aria-hidden=\"true\">%s"
		    "</span> ", ok(st) ? "r-match" : "r-mismatch",
		    ok(st) ? "\xe2\x9c\x93" : "\xe2\x9c\x97");
		esc(fp, *st ? st : "no status");
		fputs("</td><td class=\"n\">", fp);
		esc(fp, get(t, i, E_BYTES));
		fputs("</td>", fp);
		hashes(fp, t, i);
		td(fp, get(t, i, E_VERSION));
		td(fp, get(t, i, E_SIGNER));
		tdtime(fp, get(t, i, E_TIMESTAMP));
		fputs("<td class=\"n\">", fp);
		esc(fp, get(t, i, E_RECORDS));
		fputs("</td></tr>\n", fp);
	}
	fputs("</tbody>\n</table></div>\n", fp);
}

/* Validity of record i at time now: class, symbol and words. */
static void
expiry(FILE *fp, const struct table *t, size_t i, time_t now,
    struct warnings *w)
{
	const char *na = get(t, i, K_NOT_AFTER), *nb = get(t, i, K_NOT_BEFORE);
	const char *who = *get(t, i, K_SUBJECT) ? get(t, i, K_SUBJECT) :
	    get(t, i, K_DNS);
	time_t a, b;
	long days;

	if (*na == '\0' || parse_time(na, &a) == -1) {
		fputs("<td class=\"muted\">unknown</td>", fp);
		return;
	}
	days = (long)((a - now) / 86400);
	if (a < now) {
		fprintf(fp, "<td class=\"r-mismatch\"><span aria-hidden=\"true"
		    "\">\xe2\x9c\x97</span> expired %ld day%s ago</td>",
		    -days, days == -1 ? "" : "s");
		warn_add(w, 1, xasprintf("%s on %s: certificate of %s "
		    "expired %s", get(t, i, K_FILE), get(t, i, K_TFTP),
		    *who ? who : "a record", na));
	} else if (*nb != '\0' && parse_time(nb, &b) == 0 && b > now) {
		fputs("<td class=\"r-unchecked\"><span aria-hidden=\"true\">!"
		    "</span> not valid yet</td>", fp);
		warn_add(w, 0, xasprintf("%s on %s: certificate of %s is "
		    "not valid before %s", get(t, i, K_FILE),
		    get(t, i, K_TFTP), *who ? who : "a record", nb));
	} else if (a - now < SOON) {
		fprintf(fp, "<td class=\"r-unchecked\"><span aria-hidden=\""
		    "true\">!</span> expires in %ld day%s</td>", days,
		    days == 1 ? "" : "s");
		warn_add(w, 0, xasprintf("%s on %s: certificate of %s "
		    "expires %s", get(t, i, K_FILE), get(t, i, K_TFTP),
		    *who ? who : "a record", na));
	} else
		fprintf(fp, "<td class=\"r-match\"><span aria-hidden=\"true\">"
		    "\xe2\x9c\x93</span> valid, %ld days left</td>", days);
}

static void
records(FILE *fp, const struct table *t, time_t now, struct warnings *w)
{
	size_t i;

	fputs("<h3>Records and certificates</h3>\n<div class=\"wide\">"
	    "<table class=\"sortable\">\n<thead><tr>"
	    "<th scope=\"col\" data-sort=\"nat\">TFTP server</th>"
	    "<th scope=\"col\">File</th>"
	    "<th scope=\"col\" class=\"n\" data-sort=\"num\">#</th>"
	    "<th scope=\"col\">Role</th><th scope=\"col\">DNS name</th>"
	    "<th scope=\"col\">Subject</th><th scope=\"col\">Issuer</th>"
	    "<th scope=\"col\">Serial</th><th scope=\"col\">Valid from</th>"
	    "<th scope=\"col\">Valid until</th>"
	    "<th scope=\"col\" data-sort=\"rank\">Expiry</th>"
	    "</tr></thead>\n<tbody>\n", fp);
	for (i = 0; i < t->nrows; i++) {
		fputs("<tr>", fp);
		td(fp, get(t, i, K_TFTP));
		td(fp, get(t, i, K_FILE));
		fputs("<td class=\"n\">", fp);
		esc(fp, get(t, i, K_RECORD));
		fputs("</td>", fp);
		td(fp, get(t, i, K_ROLE));
		td(fp, get(t, i, K_DNS));
		td(fp, get(t, i, K_SUBJECT));
		td(fp, get(t, i, K_ISSUER));
		fputs("<td><code>", fp);
		esc(fp, get(t, i, K_SERIAL));
		fputs("</code></td>", fp);
		tdtime(fp, get(t, i, K_NOT_BEFORE));
		tdtime(fp, get(t, i, K_NOT_AFTER));
		expiry(fp, t, i, now, w);
		fputs("</tr>\n", fp);
	}
	fputs("</tbody>\n</table></div>\n", fp);
}

static void
warnings(FILE *fp, struct warnings *w)
{
	size_t i;

	if (w->n == 0) {
		fputs("<p class=\"note\">No warnings: every file was read "
		    "and no certificate expires within 30 days.</p>\n", fp);
		return;
	}
	fputs("<h3>Warnings</h3>\n<ul class=\"warn\">\n", fp);
	for (i = 0; i < w->n; i++) {
		fprintf(fp, "<li%s><span aria-hidden=\"true\">%s</span> %s: ",
		    w->w[i].bad ? " class=\"bad\"" : "",
		    w->w[i].bad ? "\xe2\x9c\x97" : "!",
		    w->w[i].bad ? "error" : "warning");
		esc(fp, w->w[i].text);
		fputs("</li>\n", fp);
		free(w->w[i].text);
	}
	if (w->dropped > 0)
		fprintf(fp, "<li>and %zu more</li>\n", w->dropped);
	fputs("</ul>\n", fp);
}

void
cluster_render(FILE *fp, const struct opts *o)
{
	struct table e, k;
	struct warnings *w;
	FILE *body;

	fputs("<section id=\"cluster\">\n<h2>Cluster side</h2>\n", fp);
	if (o->expect == NULL && o->records == NULL) {
		fputs("<p class=\"note\">No cluster data: pass ctl-expect's "
		    "output with -e, and its records with -r.</p>\n"
		    "</section>\n", fp);
		return;
	}
	/* Warnings come first on the page but are found while writing. */
	if ((body = tmpfile()) == NULL)
		die_errno(EXIT_SYSTEM, "temporary file");
	w = xcalloc(1, sizeof(*w));
	if (o->expect != NULL) {
		load(&e, o->expect, ecols, E_N);
		files_warn(&e, w);
		files(body, &e);
		unload(&e);
	}
	if (o->records != NULL) {
		load(&k, o->records, kcols, K_N);
		records(body, &k, o->when, w);
		unload(&k);
	}
	warnings(fp, w);
	free(w);
	spool_copy(fp, body);
	fputs("</section>\n", fp);
}
