/*
 * html.c - ctl-render -f html: the page frame, the header, the summary
 * with its SVG chart, the breakdowns, and the order of it all.  Owned by
 * the render engineer (issue 7).
 *
 * The summary needs every row counted before the table starts, and the
 * table lists problems first, so each row is rendered once as it is read
 * into a temporary file per result; the files are copied out in rank
 * order at the end.  Memory holds the tallies, never the rows.
 * Everything from the input goes through html_escape(); numbers and the
 * constants here are the only other text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "render.h"
#include "util.h"

#define TOPN		100	/* values listed per breakdown */
#define DISTINCT	10000	/* distinct values counted per breakdown */

struct report {
	int		 col[C_N];
	FILE		*spool[R_N];
	unsigned long	 n[R_N], total;
	unsigned long	 check[2][R_N];	/* ctl_result, itl_result */
	struct tally	 model, tftp, pool, why, cluster, secmode;
};

static void
put(FILE *fp, const char *s)
{
	fputs(s, fp);
}

static void
esc(FILE *fp, const char *s)
{
	html_escapes(fp, s);
}

/* A value for people: "(empty)" when the field says nothing. */
static void
value(FILE *fp, const char *s)
{
	if (*s == '\0')
		put(fp, "<span class=\"muted\">(empty)</span>");
	else
		esc(fp, s);
}

static void
pct(FILE *fp, unsigned long n, unsigned long total)
{
	unsigned long t;

	if (total == 0) {
		put(fp, "&#8211;");
		return;
	}
	t = (unsigned long)(((unsigned long long)n * 1000 + total / 2) /
	    total);
	fprintf(fp, "%lu.%lu%%", t / 10, t % 10);
}

static void
symbol(FILE *fp, enum res r)
{
	fprintf(fp, "<span aria-hidden=\"true\">%s</span> %s", res_symbol(r),
	    res_label(r));
}

static void
count(struct report *rp, char *const *f)
{
	const int *col = rp->col;
	char tmp[TALLY_KEYMAX + 16];
	enum res r;

	r = res_parse(f[col[C_RESULT]]);
	rp->n[r]++;
	rp->total++;
	if (col[C_CTL_RESULT] >= 0)
		rp->check[0][res_parse(f[col[C_CTL_RESULT]])]++;
	if (col[C_ITL_RESULT] >= 0)
		rp->check[1][res_parse(f[col[C_ITL_RESULT]])]++;
	if (col[C_MODEL] >= 0)
		tally_add(&rp->model, f[col[C_MODEL]], r);
	if (col[C_TFTP_SERVER] >= 0)
		tally_add(&rp->tftp, f[col[C_TFTP_SERVER]], r);
	if (col[C_DEVICE_POOL] >= 0)
		tally_add(&rp->pool, f[col[C_DEVICE_POOL]], r);
	if (col[C_CLUSTER] >= 0)
		tally_add(&rp->cluster, f[col[C_CLUSTER]], r);
	if (col[C_CLUSTER_SECURITY_MODE] >= 0)
		tally_add(&rp->secmode, f[col[C_CLUSTER_SECURITY_MODE]], r);
	if (r == R_UNCHECKED)
		tally_add(&rp->why, unchecked_why(f, col, tmp, sizeof(tmp)),
		    r);
	table_row(rp->spool[r], f, col, r);
}

static void
head(FILE *fp, const struct opts *o, const char *cluster)
{
	char css[64], js[64];

	put(fp, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" "
	    "content=\"default-src 'none'; ");
	fprintf(fp, "style-src '%s'; script-src '%s'; ",
	    csp_hash(asset_css, css, sizeof(css)),
	    csp_hash(asset_js, js, sizeof(js)));
	put(fp, "base-uri 'none'; form-action 'none'\">\n"
	    "<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<meta name=\"color-scheme\" content=\"light dark\">\n"
	    "<meta name=\"referrer\" content=\"no-referrer\">\n"
	    "<meta name=\"generator\" content=\"ctl-render " CTL_VERSION
	    "\">\n<title>");
	esc(fp, o->title);
	if (cluster != NULL && *cluster != '\0') {
		put(fp, " &#8212; ");
		esc(fp, cluster);
	}
	put(fp, "</title>\n<style>");
	asset_put(fp, asset_css);
	put(fp, "</style>\n</head>\n<body>\n");
}

/* The distinct values of a tally, "a, b and 3 more". */
static void
values(FILE *fp, const struct tally *t, size_t show)
{
	struct tally_ent **v;
	size_t i, n;

	v = tally_sorted(t, &n);
	for (i = 0; i < n && i < show; i++) {
		if (i > 0)
			put(fp, ", ");
		value(fp, v[i]->key);
	}
	if (n > show || t->rest.total > 0)
		fprintf(fp, " and %zu more", n - i +
		    (t->rest.total > 0 ? 1 : 0));
	free(v);
}

/* ClusterSecurityMode: 0 non-secure, 1 mixed; several only by mistake. */
static void
secmode(FILE *fp, const struct tally *t)
{
	struct tally_ent **v;
	size_t i, n;

	v = tally_sorted(t, &n);
	for (i = 0; i < n; i++) {
		if (i > 0)
			put(fp, ", ");
		if (strcmp(v[i]->key, "1") == 0)
			put(fp, "mixed");
		else if (strcmp(v[i]->key, "0") == 0)
			put(fp, "non-secure");
		else
			value(fp, v[i]->key);
		if (n > 1)
			fprintf(fp, " (%lu phones)", v[i]->total);
	}
	if (n == 0)
		put(fp, "<span class=\"muted\">(unknown)</span>");
	free(v);
}

static void
metaitem(FILE *fp, const char *dt)
{
	fprintf(fp, "<div><dt>%s</dt><dd>", dt);
}

static void
header(FILE *fp, const struct opts *o, struct report *rp)
{
	char when[64], iso[64];

	fmt_time(when, sizeof(when), o->when, 0);
	fmt_time(iso, sizeof(iso), o->when, 1);
	put(fp, "<header>\n<h1>");
	esc(fp, o->title);
	put(fp, "</h1>\n<dl class=\"meta\">\n");
	metaitem(fp, "Cluster");
	if (o->cluster != NULL)
		value(fp, o->cluster);
	else if (rp->cluster.used > 0 || rp->cluster.rest.total > 0)
		values(fp, &rp->cluster, 5);
	else
		put(fp, "<span class=\"muted\">(unknown)</span>");
	put(fp, "</dd></div>\n");
	if (rp->col[C_CLUSTER_SECURITY_MODE] >= 0) {
		metaitem(fp, "Security mode");
		secmode(fp, &rp->secmode);
		put(fp, "</dd></div>\n");
	}
	metaitem(fp, "Run");
	fprintf(fp, "<time datetime=\"%s\">%s</time></dd></div>\n", iso,
	    when);
	metaitem(fp, "Phones");
	fprintf(fp, "%lu</dd></div>\n", rp->total);
	metaitem(fp, "Problems");
	fprintf(fp, "%lu</dd></div>\n", rp->n[R_MISMATCH] + rp->n[R_OTHER] +
	    rp->n[R_UNCHECKED] + rp->n[R_NOT_INSTALLED]);
	metaitem(fp, "Tool");
	put(fp, "ctl-render " CTL_VERSION "</dd></div>\n</dl>\n");
	put(fp, "<nav aria-label=\"Contents\"><ul>"
	    "<li><a href=\"#summary\">Summary</a></li>"
	    "<li><a href=\"#breakdowns\">Breakdowns</a></li>"
	    "<li><a href=\"#cluster\">Cluster side</a></li>"
	    "<li><a href=\"#phones\">Phones</a></li></ul></nav>\n"
	    "</header>\n<main>\n");
}

/* Results listed in summaries: the five of ctl-compare, and unknown. */
static int
shown(const struct report *rp, int r)
{
	return r != R_OTHER || rp->n[R_OTHER] > 0 ||
	    rp->check[0][R_OTHER] > 0 || rp->check[1][R_OTHER] > 0;
}

static void
chart(FILE *fp, const struct report *rp)
{
	unsigned long max = 1, w;
	int r, k = 0, y;

	for (r = 0; r < R_N; r++)
		if (rp->n[r] > max)
			max = rp->n[r];
	for (r = 0; r < R_N; r++)
		k += shown(rp, r);
	fprintf(fp, "<svg class=\"chart\" role=\"img\" "
	    "aria-labelledby=\"chart-t\" width=\"520\" height=\"%d\" "
	    "viewBox=\"0 0 520 %d\" xmlns=\"http://www.w3.org/2000/svg\">"
	    "\n<title id=\"chart-t\">Phones by result:", k * 30 + 8,
	    k * 30 + 8);
	for (r = 0; r < R_N; r++)
		if (shown(rp, r))
			fprintf(fp, " %s %lu%s", res_label((enum res)r),
			    rp->n[r], r < R_MATCH ? "," : "");
	put(fp, "</title>\n");
	for (r = 0, y = 4; r < R_N; r++) {
		if (!shown(rp, r))
			continue;
		w = (unsigned long)((unsigned long long)rp->n[r] * 300 / max);
		if (w == 0 && rp->n[r] > 0)
			w = 2;
		fprintf(fp, "<text x=\"0\" y=\"%d\">%s %s</text>"
		    "<rect class=\"track\" x=\"130\" y=\"%d\" width=\"300\" "
		    "height=\"20\"/>"
		    "<rect class=\"bar r-%s\" x=\"130\" y=\"%d\" "
		    "width=\"%lu\" height=\"20\"/>"
		    "<text x=\"438\" y=\"%d\">%lu</text>\n", y + 15,
		    res_symbol((enum res)r), res_label((enum res)r), y,
		    res_name((enum res)r), y, w, y + 15, rp->n[r]);
		y += 30;
	}
	put(fp, "</svg>\n");
}

static void
summary(FILE *fp, const struct report *rp)
{
	int r;

	put(fp, "<section id=\"summary\">\n<h2>Summary</h2>\n"
	    "<div class=\"sum\">\n<table class=\"counts\">"
	    "<caption>Phones by overall result</caption>\n<thead><tr>"
	    "<th scope=\"col\">Result</th><th scope=\"col\" class=\"n\">"
	    "Phones</th><th scope=\"col\" class=\"n\">Share</th></tr>"
	    "</thead>\n<tbody>\n");
	for (r = 0; r < R_N; r++) {
		if (!shown(rp, r))
			continue;
		fprintf(fp, "<tr><th scope=\"row\" class=\"r-%s\">",
		    res_name((enum res)r));
		symbol(fp, (enum res)r);
		fprintf(fp, "</th><td class=\"n\">%lu</td><td class=\"n\">",
		    rp->n[r]);
		pct(fp, rp->n[r], rp->total);
		put(fp, "</td></tr>\n");
	}
	fprintf(fp, "</tbody>\n<tfoot><tr><th scope=\"row\">Total</th>"
	    "<td class=\"n\">%lu</td><td class=\"n\">", rp->total);
	pct(fp, rp->total, rp->total);
	put(fp, "</td></tr></tfoot>\n</table>\n");
	chart(fp, rp);
	put(fp, "</div>\n");
}

/* One row of counts per result, for a tally entry or a check. */
static void
cells(FILE *fp, const struct report *rp, const unsigned long *n,
    unsigned long total)
{
	int r;

	fprintf(fp, "<td class=\"n\">%lu</td>", total);
	for (r = 0; r < R_N; r++)
		if (shown(rp, r))
			fprintf(fp, "<td class=\"n%s\">%lu</td>",
			    n[r] == 0 ? " z" : "", n[r]);
}

static void
countshead(FILE *fp, const struct report *rp, const char *first,
    int sortable)
{
	const char *num = sortable ? " data-sort=\"num\"" : "";
	int r;

	fprintf(fp, "<thead><tr><th scope=\"col\">%s</th>"
	    "<th scope=\"col\" class=\"n\"%s>Phones</th>", first, num);
	for (r = 0; r < R_N; r++) {
		if (!shown(rp, r))
			continue;
		fprintf(fp, "<th scope=\"col\" class=\"n\"%s>", num);
		symbol(fp, (enum res)r);
		put(fp, "</th>");
	}
	put(fp, "</tr></thead>\n");
}

static void
checks(FILE *fp, const struct report *rp)
{
	static const char *const names[2] = { "CTL", "ITL" };
	static const enum col cols[2] = { C_CTL_RESULT, C_ITL_RESULT };
	int i;

	if (rp->col[C_CTL_RESULT] < 0 && rp->col[C_ITL_RESULT] < 0)
		return;
	put(fp, "<div>\n<h3>By check</h3>\n<table class=\"counts\">\n");
	countshead(fp, rp, "Check", 0);
	put(fp, "<tbody>\n");
	for (i = 0; i < 2; i++) {
		if (rp->col[cols[i]] < 0)
			continue;
		fprintf(fp, "<tr><th scope=\"row\">%s</th>", names[i]);
		cells(fp, rp, rp->check[i], rp->total);
		put(fp, "</tr>\n");
	}
	put(fp, "</tbody>\n</table>\n</div>\n");
}

static void
why(FILE *fp, const struct report *rp)
{
	struct tally_ent **v;
	size_t i, n;

	if (rp->n[R_UNCHECKED] == 0)
		return;
	put(fp, "<div>\n<h3>Why phones are unchecked</h3>\n"
	    "<table class=\"counts\"><thead><tr><th scope=\"col\">Reason"
	    "</th><th scope=\"col\" class=\"n\">Phones</th></tr></thead>\n"
	    "<tbody>\n");
	v = tally_sorted(&rp->why, &n);
	for (i = 0; i < n && i < TOPN; i++) {
		put(fp, "<tr><td>");
		value(fp, v[i]->key);
		fprintf(fp, "</td><td class=\"n\">%lu</td></tr>\n",
		    v[i]->total);
	}
	if (i < n || rp->why.rest.total > 0) {
		unsigned long more = rp->why.rest.total;

		for (; i < n; i++)
			more += v[i]->total;
		fprintf(fp, "<tr><td class=\"muted\">other reasons</td>"
		    "<td class=\"n\">%lu</td></tr>\n", more);
	}
	free(v);
	put(fp, "</tbody>\n</table>\n</div>\n");
}

static void
breakdown(FILE *fp, const struct report *rp, const struct tally *t,
    enum col c, const char *title, const char *first)
{
	struct tally_ent **v;
	unsigned long more[R_N], mtotal = 0;
	size_t i, j, n, rest = 0;
	int r;

	if (rp->col[c] < 0) {
		fprintf(fp, "<h3>%s</h3>\n<p class=\"note\">The input has no "
		    "%s column.</p>\n", title, col_names[c]);
		return;
	}
	v = tally_sorted(t, &n);
	fprintf(fp, "<details open>\n<summary>%s (%zu value%s)</summary>\n"
	    "<div class=\"wide\"><table class=\"counts sortable\">\n", title,
	    n + (t->rest.total > 0), n == 1 && t->rest.total == 0 ? "" : "s");
	countshead(fp, rp, first, 1);
	put(fp, "<tbody>\n");
	for (i = 0; i < n && i < TOPN; i++) {
		put(fp, "<tr><td>");
		value(fp, v[i]->key);
		put(fp, "</td>");
		cells(fp, rp, v[i]->n, v[i]->total);
		put(fp, "</tr>\n");
	}
	memcpy(more, t->rest.n, sizeof(more));
	mtotal = t->rest.total;
	for (j = i; j < n; j++, rest++) {
		for (r = 0; r < R_N; r++)
			more[r] += v[j]->n[r];
		mtotal += v[j]->total;
	}
	put(fp, "</tbody>\n");
	if (mtotal > 0) {
		put(fp, "<tfoot><tr><td class=\"muted\">");
		if (rest > 0)
			fprintf(fp, "%zu more value%s", rest,
			    rest == 1 ? "" : "s");
		if (t->rest.total > 0)
			fprintf(fp, "%svalues past the first %zu",
			    rest > 0 ? " and " : "", t->max);
		put(fp, "</td>");
		cells(fp, rp, more, mtotal);
		put(fp, "</tr></tfoot>\n");
	}
	put(fp, "</table></div>\n</details>\n");
	free(v);
}

static void
breakdowns(FILE *fp, const struct report *rp)
{
	put(fp, "<div class=\"grid\">\n");
	why(fp, rp);
	checks(fp, rp);
	put(fp, "</div>\n</section>\n<section id=\"breakdowns\">\n"
	    "<h2>Breakdowns</h2>\n");
	breakdown(fp, rp, &rp->model, C_MODEL, "By model", "Model");
	breakdown(fp, rp, &rp->tftp, C_TFTP_SERVER, "By TFTP server",
	    "TFTP server");
	breakdown(fp, rp, &rp->pool, C_DEVICE_POOL, "By device pool",
	    "Device pool");
	put(fp, "</section>\n");
}

static void
phones(FILE *fp, struct report *rp)
{
	int r;

	put(fp, "<section id=\"phones\">\n<h2>Phones</h2>\n"
	    "<p id=\"nojs\" class=\"note\">Problems first: mismatches, "
	    "then unknown results, unchecked and not installed phones; "
	    "the table can be sorted and filtered when scripts run.</p>\n"
	    "<div id=\"controls\" hidden><label>Filter "
	    "<input type=\"search\" id=\"filter\" autocomplete=\"off\" "
	    "placeholder=\"name, model, IP, hint&#8230;\"></label>"
	    "<label><input type=\"checkbox\" id=\"problems\"> Problems "
	    "only</label><output id=\"shown\" aria-live=\"polite\">"
	    "</output><span id=\"sorted\" class=\"muted\" "
	    "aria-live=\"polite\"></span></div>\n"
	    "<div class=\"wide\">\n");
	table_head(fp, rp->col);
	for (r = 0; r < R_N; r++)
		spool_copy(fp, rp->spool[r]);
	put(fp, "</tbody>\n</table>\n</div>\n</section>\n");
}

void
html_render(struct tsv_reader *rd, const struct opts *o, FILE *fp)
{
	struct report rp;
	char *cluster = NULL;
	struct tally_ent **v;
	size_t i, n;
	int r;

	memset(&rp, 0, sizeof(rp));
	for (i = 0; i < C_N; i++)
		rp.col[i] = tsv_col(rd, col_names[i]);
	for (r = 0; r < R_N; r++)
		if ((rp.spool[r] = tmpfile()) == NULL)
			die_errno(EXIT_SYSTEM, "temporary file");
	tally_init(&rp.model, DISTINCT);
	tally_init(&rp.tftp, DISTINCT);
	tally_init(&rp.pool, DISTINCT);
	tally_init(&rp.why, DISTINCT);
	tally_init(&rp.cluster, 100);
	tally_init(&rp.secmode, 10);
	while (tsv_next(rd) == 1) {
		count(&rp, rd->fields);
		if ((rp.total & 1023) == 0)
			for (r = 0; r < R_N; r++)
				check_write(rp.spool[r], "temporary file");
	}
	if (o->cluster == NULL) {
		v = tally_sorted(&rp.cluster, &n);
		if (n > 0)
			cluster = xstrdup(v[0]->key);
		free(v);
	}
	head(fp, o, o->cluster != NULL ? o->cluster : cluster);
	header(fp, o, &rp);
	summary(fp, &rp);
	breakdowns(fp, &rp);
	cluster_render(fp, o);
	phones(fp, &rp);
	fprintf(fp, "</main>\n<footer><p>Written by ctl-render " CTL_VERSION
	    " from %lu input row%s. This file is self-contained: it makes "
	    "no network requests.</p></footer>\n<script>", rp.total,
	    rp.total == 1 ? "" : "s");
	asset_put(fp, asset_js);
	put(fp, "</script>\n</body>\n</html>\n");
	free(cluster);
	tally_free(&rp.model);
	tally_free(&rp.tftp);
	tally_free(&rp.pool);
	tally_free(&rp.why);
	tally_free(&rp.cluster);
	tally_free(&rp.secmode);
}
