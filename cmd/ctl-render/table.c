/*
 * table.c - the phone table of the HTML report: which input columns it
 * shows, its header with the sort kinds the script reads, and one <tr>
 * per input row.  Owned by the render engineer (issue 7).
 *
 * A column appears only when the input has it.  The table shows what a
 * person needs to act; every column, extra ones too, is in the CSV.
 * Problem rows carry class "p" for the "problems only" switch; result
 * cells carry class "r-RESULT", which the stylesheet colours and the
 * script ranks, and their text says the result with a symbol.
 */
#include <stdio.h>
#include <string.h>

#include "html.h"
#include "render.h"

enum kind { K_TEXT, K_RESULT, K_CHECK, K_PAGE };

static const struct tcol {
	const char	*label;
	enum col	 c, sig, exp;
	enum kind	 kind;
	const char	*sort;		/* how the script sorts it */
	const char	*cls;		/* its width in a fixed layout */
} tcols[] = {
	{ "Result", C_RESULT, 0, 0, K_RESULT, "rank", "c-result" },
	{ "Name", C_NAME, 0, 0, K_TEXT, "text", "c-name" },
	{ "Description", C_DESCRIPTION, 0, 0, K_TEXT, "text", "c-text" },
	{ "Model", C_MODEL, 0, 0, K_TEXT, "nat", "c-model" },
	{ "Device pool", C_DEVICE_POOL, 0, 0, K_TEXT, "text", "c-pool" },
	{ "IP", C_IP, 0, 0, K_TEXT, "nat", "c-ip" },
	{ "TFTP server", C_TFTP_SERVER, 0, 0, K_TEXT, "nat", "c-ip" },
	{ "CTL", C_CTL_RESULT, C_CTL_SIGNATURE, C_CTL_EXPECTED, K_CHECK,
	    "rank", "c-check" },
	{ "ITL", C_ITL_RESULT, C_ITL_SIGNATURE, C_ITL_EXPECTED, K_CHECK,
	    "rank", "c-check" },
	{ "Fetch / parse", C_FETCH_STATUS, C_PARSE_STATUS, 0, K_PAGE,
	    "text", "c-page" },
	{ "Hint", C_HINT, 0, 0, K_TEXT, "text", "c-text" },
};
#define NTCOLS	(sizeof(tcols) / sizeof(tcols[0]))

static int
present(const struct tcol *t, const int *col)
{
	if (t->kind == K_PAGE)
		return col[t->c] >= 0 || col[t->sig] >= 0;
	return col[t->c] >= 0;
}

void
table_head(FILE *fp, const int *col)
{
	size_t i;

	fputs("<table id=\"phones-t\" class=\"sortable\">\n<caption>One row "
	    "per phone, problems first</caption>\n<thead><tr>", fp);
	for (i = 0; i < NTCOLS; i++) {
		if (!present(&tcols[i], col))
			continue;
		fprintf(fp, "<th scope=\"col\" class=\"%s\" data-sort=\"%s\"",
		    tcols[i].cls, tcols[i].sort);
		if (tcols[i].kind == K_RESULT)
			fputs(" aria-sort=\"ascending\"", fp);
		fprintf(fp, ">%s</th>", tcols[i].label);
	}
	fputs("</tr></thead>\n<tbody>\n", fp);
}

/*
 * A result cell: symbol and words, and an unknown value as it came.  An
 * empty check result is a blank cell (nothing to say); an empty overall
 * result is a problem and says "unknown".
 */
static void
result(FILE *fp, const char *v, enum res r, int blank)
{
	if (blank && r == R_OTHER && *v == '\0') {
		fputs("<td>", fp);
		return;
	}
	fprintf(fp, "<td class=\"r-%s\"><span aria-hidden=\"true\">%s</span> "
	    "%s", res_name(r), res_symbol(r), res_label(r));
	if (r == R_OTHER && *v != '\0') {
		fputs(": ", fp);
		html_escapes(fp, v);
	}
}

static void
hash(FILE *fp, const char *who, const char *v)
{
	if (*v == '\0')
		return;
	fprintf(fp, "<code><span class=\"muted\">%s</span> ", who);
	html_escapes(fp, v);
	fputs("</code>", fp);
}

static void
check(FILE *fp, const struct tcol *t, char *const *f, const int *col)
{
	const char *v = f[col[t->c]];
	enum res r = res_parse(v);

	result(fp, v, r, 1);
	/* The two hashes are what a person compares when they differ. */
	if (r != R_MATCH && r != R_NOT_APPLICABLE) {
		hash(fp, "phone", FIELD(f, col, t->sig));
		hash(fp, "cluster", FIELD(f, col, t->exp));
	}
	fputs("</td>", fp);
}

static void
page(FILE *fp, const struct tcol *t, char *const *f, const int *col)
{
	const char *fs = FIELD(f, col, t->c), *ps = FIELD(f, col, t->sig);

	fputs("<td>", fp);
	html_escapes(fp, fs);
	if (*fs != '\0' && *ps != '\0')
		fputs(" / ", fp);
	html_escapes(fp, ps);
	fputs("</td>", fp);
}

void
table_row(FILE *fp, char *const *f, const int *col, enum res r)
{
	const struct tcol *t;
	size_t i;

	fputs(R_PROBLEM(r) ? "<tr class=\"p\">" : "<tr>", fp);
	for (i = 0; i < NTCOLS; i++) {
		t = &tcols[i];
		if (!present(t, col))
			continue;
		switch (t->kind) {
		case K_RESULT:
			result(fp, f[col[t->c]], r, 0);
			fputs("</td>", fp);
			break;
		case K_CHECK:
			check(fp, t, f, col);
			break;
		case K_PAGE:
			page(fp, t, f, col);
			break;
		case K_TEXT:
			fputs("<td>", fp);
			html_escapes(fp, f[col[t->c]]);
			fputs("</td>", fp);
			break;
		}
	}
	fputs("</tr>\n", fp);
}
