/*
 * csv.c - ctl-render -f csv: every input column, in input order, one
 * record per input row in input order, RFC 4180 with CRLF, written
 * through libcsv.  Owned by the render engineer (issue 7).
 *
 * libcsv's csv_fwrite() writes one field between double quotes and
 * doubles the quotes inside; the commas and the CRLF are ours.  It does
 * nothing against formula injection, so cells that a spreadsheet would
 * take for a formula get a leading apostrophe here, unless --raw.
 */
#include <stdio.h>
#include <string.h>

#include <csv.h>

#include "buf.h"
#include "render.h"
#include "util.h"

/*
 * A cell a spreadsheet may evaluate: = + - @ TAB CR LF first, or their
 * full-width forms U+FF1D U+FF0B U+FF0D U+FF20 (EF BC 9D/8B/8D/A0).
 */
static int
formula(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n == 0)
		return 0;
	switch (u[0]) {
	case '=': case '+': case '-': case '@':
	case '\t': case '\r': case '\n':
		return 1;
	}
	return n >= 3 && u[0] == 0xef && u[1] == 0xbc && (u[2] == 0x9d ||
	    u[2] == 0x8b || u[2] == 0x8d || u[2] == 0xa0);
}

static void
cell(FILE *fp, const char *s, size_t n, int raw, struct buf *tmp)
{
	if (!raw && formula(s, n)) {
		buf_reset(tmp);
		if (buf_putc(tmp, '\'') == -1 || buf_append(tmp, s, n) == -1)
			die(EXIT_SYSTEM, "cell too large");
		s = tmp->data;
		n = tmp->len;
	}
	if (csv_fwrite(fp, s, n) != 0)
		check_write(fp, "stdout");
}

static void
record(FILE *fp, char *const *f, const size_t *lens, size_t nf, int raw,
    struct buf *tmp)
{
	size_t i;

	for (i = 0; i < nf; i++) {
		if (i > 0)
			putc(',', fp);
		cell(fp, f[i], lens != NULL ? lens[i] : strlen(f[i]), raw,
		    tmp);
	}
	fputs("\r\n", fp);
}

void
csv_render(struct tsv_reader *r, const struct opts *o, FILE *fp)
{
	struct buf tmp;
	unsigned long rows = 0;

	buf_init(&tmp, 0);
	if (o->bom)
		fputs("\xef\xbb\xbf", fp);
	record(fp, r->cols, NULL, r->ncols, o->raw, &tmp);
	while (tsv_next(r) == 1) {
		record(fp, r->fields, r->lens, r->ncols, o->raw, &tmp);
		/* Fail early on a full disk rather than after 40,000 rows. */
		if ((++rows & 1023) == 0)
			check_write(fp, "stdout");
	}
	buf_free(&tmp);
}
