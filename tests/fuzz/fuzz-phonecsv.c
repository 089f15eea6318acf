/*
 * fuzz-phonecsv.c - the CUCM CSV export reader on arbitrary bytes: it
 * accepts or refuses with a message, never crashes or leaks, and every
 * phone it keeps has a name.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phones.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct table t;
	char err[512];
	size_t i;
	FILE *fp;
	int sys, rc;

	if (size == 0)
		return 0;
	if ((fp = fmemopen((void *)(uintptr_t)data, size, "r")) == NULL)
		return 0;
	memset(&t, 0, sizeof(t));
	err[0] = '\0';
	rc = phones_csv(fp, "fuzz", "%", &t, err, sizeof(err), &sys);
	if (rc == -1 && err[0] == '\0')
		abort();
	for (i = 0; i < t.n; i++)
		if (t.v[i].f[F_NAME] == NULL || t.v[i].f[F_NAME][0] == '\0')
			abort();
	table_free(&t);
	fclose(fp);
	return 0;
}
