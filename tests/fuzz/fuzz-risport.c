/*
 * fuzz-risport.c - the RisPort70 and AXL listPhone answer readers on
 * arbitrary bytes, into a table that holds phones the answer may name:
 * no crash, no leak, and the table stays consistent.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "phones.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "SEP1", "SEP2", "SEPAT&T" };
	struct ris_page pg = { 0, -1, NULL, 0 };
	struct soap_fault f;
	struct table t;
	char err[256];
	size_t i;
	long got;
	int isnew;

	memset(&t, 0, sizeof(t));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		table_add(&t, names[i], &isnew);
	(void)ris_parse((const char *)data, size, &t, &pg, &f, err,
	    sizeof(err));
	ris_page_free(&pg);
	if (t.n != 3)		/* RisPort never adds phones */
		abort();
	(void)axl_phones_parse((const char *)data, size, &t, &got, &f, err,
	    sizeof(err));
	for (i = 0; i < t.n; i++)
		if (table_find(&t, t.v[i].f[F_NAME]) != &t.v[i] &&
		    table_find(&t, t.v[i].f[F_NAME]) == NULL)
			abort();
	table_free(&t);
	return 0;
}
