/*
 * fuzz-tsv.c - the TSV reader on arbitrary bytes: it must accept or reject
 * every input without crashing, and what it accepts must write back and
 * read again to the same fields.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tsv.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsv_reader r, r2;
	FILE *in, *out, *in2;
	char *obuf = NULL;
	size_t olen = 0, i;
	int rc, rc2;

	if (size == 0)
		return 0;
	if ((in = fmemopen((void *)(uintptr_t)data, size, "r")) == NULL)
		return 0;
	if (tsv_open(&r, in, "fuzz", 4096) == -1) {
		tsv_close(&r);
		fclose(in);
		return 0;
	}
	if ((out = open_memstream(&obuf, &olen)) == NULL)
		abort();
	tsv_put_row(out, (const char *const *)r.cols, r.ncols);
	while ((rc = tsv_read(&r)) == 1)
		tsv_put_row(out, (const char *const *)r.fields, r.ncols);
	fclose(out);
	if (rc == 0) {
		/* Accepted input must survive a round trip unchanged. */
		if ((in2 = fmemopen(obuf, olen, "r")) == NULL)
			abort();
		if (tsv_open(&r2, in2, "again", 0) == -1)
			abort();
		rewind(in);
		tsv_close(&r);
		if (tsv_open(&r, in, "fuzz", 4096) == -1)
			abort();
		for (;;) {
			rc = tsv_read(&r);
			rc2 = tsv_read(&r2);
			if (rc != rc2)
				abort();
			if (rc != 1)
				break;
			for (i = 0; i < r.ncols; i++)
				if (r.lens[i] != r2.lens[i] ||
				    memcmp(r.fields[i], r2.fields[i],
				    r.lens[i]) != 0)
					abort();
		}
		tsv_close(&r2);
		fclose(in2);
	}
	tsv_close(&r);
	fclose(in);
	free(obuf);
	return 0;
}
