/*
 * test-tsv.c - the TSV reader and writer: a table of inputs with the
 * fields or the error each must give, the column layout, and a property:
 * random bytes written as a field and read back come out identical.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tsv.h"
#include "util.h"
#include "t.h"

static const struct {
	const char	*what;
	const char	*in;
	size_t		 inlen;		/* 0: strlen */
	const char	*fields;	/* records joined by '|', fields by ',' */
	const char	*err;		/* expected error, or NULL */
} cases[] = {
	{ "header only", "a\tb\n", 0, "", NULL },
	{ "one record", "a\tb\nx\ty\n", 0, "x,y", NULL },
	{ "empty fields", "a\tb\tc\n\t\t\n", 0, ",,", NULL },
	{ "escapes", "a\n\\\\\\t\\n\\r\n", 0, "\\\t\n\r", NULL },
	{ "two records", "a\n1\n2\n", 0, "1|2", NULL },
	{ "utf-8 passes", "a\n\xc3\xa9\n", 0, "\xc3\xa9", NULL },
	{ "empty input", "", 0, NULL, "t: empty input: no header line" },
	{ "ragged short", "a\tb\nx\n", 0, NULL, "t:2: 1 field, header has 2" },
	{ "ragged long", "a\nx\ty\n", 0, NULL, "t:2: 2 fields, header has 1" },
	{ "unknown escape", "a\nx\\y\n", 0, NULL,
	  "t:2: bad escape: only \\\\ \\t \\n \\r are allowed" },
	{ "trailing backslash", "a\nx\\\n", 0, NULL,
	  "t:2: bad escape: only \\\\ \\t \\n \\r are allowed" },
	{ "no final newline", "a\nx", 0, NULL,
	  "t:2: no newline at end of input" },
	{ "nul byte", "a\nx\0y\n", 6, NULL, "t:2: NUL byte" },
	{ "crlf record", "a\nx\r\n", 0, NULL,
	  "t:2: carriage return in a field (CRLF line endings?)" },
	{ "crlf header", "a\r\nx\n", 0, NULL,
	  "t:1: carriage return in the header (CRLF line endings?)" },
	{ "bad name", "a\tB\n", 0, NULL,
	  "t:1: bad column name in header: field 2 is not [a-z][a-z0-9_]*" },
	{ "digit first", "1a\n", 0, NULL,
	  "t:1: bad column name in header: field 1 is not [a-z][a-z0-9_]*" },
	{ "empty name", "a\t\n", 0, NULL,
	  "t:1: bad column name in header: field 2 is not [a-z][a-z0-9_]*" },
	{ "duplicate", "a\tb\ta\n", 0, NULL, "t:1: duplicate column 'a'" },
	{ "blank header", "\n", 0, NULL,
	  "t:1: bad column name in header: field 1 is not [a-z][a-z0-9_]*" },
};

/* Read all of in; return the records in the '|' ',' form, or the error. */
static char *
readall(const char *in, size_t len, size_t maxline, int *failed)
{
	struct tsv_reader r;
	struct buf out;
	FILE *fp;
	size_t i;
	int rc, nrec = 0;

	fp = fmemopen((void *)(uintptr_t)in, len, "r");
	buf_init(&out, 0);
	*failed = 0;
	if (tsv_open(&r, fp, "t", maxline) == -1) {
		*failed = 1;
		buf_puts(&out, r.err);
	} else {
		while ((rc = tsv_read(&r)) == 1) {
			if (nrec++ > 0)
				buf_putc(&out, '|');
			for (i = 0; i < r.ncols; i++) {
				if (i > 0)
					buf_putc(&out, ',');
				buf_puts(&out, r.fields[i]);
			}
		}
		if (rc == -1) {
			*failed = 1;
			buf_reset(&out);
			buf_puts(&out, r.err);
		}
	}
	tsv_close(&r);
	fclose(fp);
	return buf_take(&out);
}

static void
table(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = cases[i].inlen ? cases[i].inlen :
		    strlen(cases[i].in);
		int failed;
		char *got = readall(cases[i].in, len, 0, &failed);

		if (cases[i].err != NULL)
			T(failed && strcmp(got, cases[i].err) == 0,
			    "%s: error \"%s\"", cases[i].what, got);
		else
			T(!failed && strcmp(got, cases[i].fields) == 0,
			    "%s: fields \"%s\"", cases[i].what, got);
		free(got);
	}
}

static void
longline(void)
{
	char *in;
	char *got;
	int failed;
	size_t n = 5 * 1024 * 1024;

	/* A 5 MB field reads whole under the default cap... */
	in = xmalloc(n + 8);
	memcpy(in, "a\n", 2);
	memset(in + 2, 'x', n);
	in[n + 2] = '\n';
	got = readall(in, n + 3, 0, &failed);
	T(!failed && strlen(got) == n, "a 5 MB field reads whole");
	free(got);
	/* ...and is refused, naming the line, under a smaller one. */
	got = readall(in, n + 3, 1024 * 1024, &failed);
	T(failed && strcmp(got, "t:2: line longer than 1048576 bytes") == 0,
	    "a line over the cap is an error: %s", got);
	free(got);
	free(in);
}

static void
columns(void)
{
	static const char in[] = "name\tip\tresult\tbody\tx\nn1\t1\told\tB\tX\n";
	static const char *const own[] = { "result", "hint" };
	static const char *const drop[] = { "body" };
	const char *vals[] = { "new", NULL };
	struct tsv_reader r;
	struct tsv_layout l;
	char *obuf = NULL;
	size_t olen = 0;
	FILE *fp, *out;

	fp = fmemopen((void *)(uintptr_t)in, sizeof(in) - 1, "r");
	out = open_memstream(&obuf, &olen);
	T(tsv_open(&r, fp, "t", 0) == 0, "layout: header reads");
	T(tsv_col(&r, "ip") == 1 && tsv_col(&r, "nope") == -1,
	    "tsv_col finds columns by name");
	tsv_layout_init(&l, &r, own, 2, drop, 1);
	tsv_layout_header(&l, &r, out);
	T(tsv_read(&r) == 1, "layout: record reads");
	tsv_layout_row(&l, r.fields, vals, NULL, out);
	fclose(out);
	T(strcmp(obuf, "name\tip\tx\tresult\thint\nn1\t1\tX\tnew\t\n") == 0,
	    "own columns replaced at the end, dropped column gone, "
	    "others in order");
	tsv_layout_free(&l);
	tsv_close(&r);
	fclose(fp);
	free(obuf);
}

static void
roundtrip(void)
{
	unsigned int seed = 12345;
	int iter, bad = 0, nulbad = 0;

	for (iter = 0; iter < 2000; iter++) {
		char field[512], expect[1024];
		char *obuf = NULL;
		size_t olen = 0, n, i, elen = 0;
		struct tsv_reader r;
		FILE *out, *in;

		n = (size_t)(rand_r(&seed) % sizeof(field));
		for (i = 0; i < n; i++) {
			field[i] = (char)(rand_r(&seed) % 256);
			/* Bias toward the bytes the codec treats specially. */
			if (rand_r(&seed) % 4 == 0)
				field[i] = "\\\t\n\r\0"[rand_r(&seed) % 5];
			if (field[i] == '\0') {
				memcpy(expect + elen, "\xef\xbf\xbd", 3);
				elen += 3;
			} else
				expect[elen++] = field[i];
		}
		out = open_memstream(&obuf, &olen);
		fputs("f\tg\n", out);
		tsv_put(out, field, n);
		fputs("\tz\n", out);
		fclose(out);
		in = fmemopen(obuf, olen, "r");
		if (tsv_open(&r, in, "t", 0) == -1 || tsv_read(&r) != 1 ||
		    r.lens[0] != elen || memcmp(r.fields[0], expect, elen) ||
		    strcmp(r.fields[1], "z") != 0 || tsv_read(&r) != 0)
			bad++;
		if (memchr(obuf, '\0', olen) != NULL)
			nulbad++;
		tsv_close(&r);
		fclose(in);
		free(obuf);
	}
	T(bad == 0, "2000 random fields survive write then read (%d bad)",
	    bad);
	T(nulbad == 0, "the writer never writes a NUL byte");
}

static void
rowdup(void)
{
	static const char in[] = "a\tb\nxy\t\\tz\n";
	struct tsv_reader r;
	char **row;
	FILE *fp;

	fp = fmemopen((void *)(uintptr_t)in, sizeof(in) - 1, "r");
	tsv_open(&r, fp, "t", 0);
	tsv_read(&r);
	row = tsv_row_dup(&r);
	tsv_read(&r);
	T(strcmp(row[0], "xy") == 0 && strcmp(row[1], "\tz") == 0,
	    "a duplicated row outlives the reader's buffer");
	free(row);
	tsv_close(&r);
	fclose(fp);
}

int
main(void)
{
	table();
	longline();
	columns();
	roundtrip();
	rowdup();
	return t_done();
}
