/*
 * fuzz-tlv.c - libFuzzer target for the CTL/ITL parser (common/tlv.c):
 * parse, then turn every element a row would print into text, so a bad
 * bound anywhere shows up under ASan.  Corpus: tests/fuzz/corpus/tlv/
 * (the tlvgen suite, valid and corrupt).
 */
#include <stdint.h>
#include <stdlib.h>

#include "tlv.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
text(const struct tlv_bytes *b)
{
	free(tlv_strdup(b));
	free(tlv_hexdup(b));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tlv_file f;
	size_t i;

	(void)tlv_parse(&f, data, size);
	text(&f.signer);
	text(&f.issuer);
	text(&f.serial);
	text(&f.file_name);
	text(&f.signature);
	for (i = 0; i < f.nrec; i++) {
		text(&f.rec[i].dns_name);
		text(&f.rec[i].subject);
		text(&f.rec[i].issuer);
		text(&f.rec[i].serial);
		text(&f.rec[i].cert);
		(void)tlv_role_name(f.rec[i].role);
	}
	tlv_free(&f);
	return 0;
}
