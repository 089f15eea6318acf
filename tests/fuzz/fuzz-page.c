/*
 * fuzz-page.c - the page parser (common/page*.c) on arbitrary bytes, as
 * ctl-parse runs it: it must give every input a parse_status, never crash,
 * leak or read outside the body, and what it writes must hold to its own
 * rules (signatures lower-case hex of a known length, a known status).
 * Owned by the ctl-parse engineer.  Corpus: tests/fuzz/corpus/page/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct page_map map;
static struct page_parser *pp;

static void
check_sig(const char *sig, const char *hash)
{
	size_t i, n;

	if (sig == NULL) {
		if (hash != NULL)
			abort();
		return;
	}
	n = strlen(sig);
	for (i = 0; i < n; i++)
		if (!((sig[i] >= '0' && sig[i] <= '9') ||
		    (sig[i] >= 'a' && sig[i] <= 'f')))
			abort();
	if (hash == NULL || !((n == 32 && strcmp(hash, "md5") == 0) ||
	    (n == 40 && strcmp(hash, "sha1") == 0) ||
	    (n == 64 && strcmp(hash, "sha256") == 0) ||
	    (n == 128 && strcmp(hash, "sha512") == 0)))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct page_result r;
	char *copy;
	int f;

	if (pp == NULL) {
		page_map_init(&map);
		pp = page_parser_new(&map);
	}
	/* An exact-size copy, so ASan sees any read past the body. */
	copy = xmalloc(size > 0 ? size : 1);
	memcpy(copy, data, size);
	page_result_init(&r);
	page_parse(pp, copy, size, size > 0 && data[0] == 'L' ?
	    "iso-8859-1" : NULL, &r);
	if (r.parse_status[0] == '\0')
		abort();
	check_sig(r.val[PF_CTL], r.hash[0]);
	check_sig(r.val[PF_ITL], r.hash[1]);
	for (f = 0; f < PF_NFIELDS; f++)
		if (r.val[f] != NULL && (strlen(r.val[f]) > PAGE_VALMAX ||
		    strpbrk(r.val[f], "\t\r\n") != NULL))
			abort();
	page_result_free(&r);
	free(copy);
	return 0;
}
