/*
 * test-tlv.c - unit tests of common/tlv.c (the CTL/ITL parser) and
 * common/hash.c (digests, hex normalisation), on files built byte by
 * byte here so that every offset in an assertion can be checked by hand.
 */
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "t.h"
#include "tlv.h"

static unsigned char f[512];
static size_t n;

static void
put(const void *p, size_t len)
{
	memcpy(f + n, p, len);
	n += len;
}

static void
el(unsigned tag, const void *v, size_t len)
{
	unsigned char h[3] = { (unsigned char)tag, (unsigned char)(len >> 8),
	    (unsigned char)len };

	put(h, 3);
	put(v, len);
}

/* A header of 48 bytes, then one record of 28 bytes: 76 bytes in all. */
static void
build(void)
{
	static const unsigned char ver[2] = { 1, 2 }, hl[2] = { 0, 48 };
	static const unsigned char ser[2] = { 0xab, 0x01 }, ts[4] =
	    { 0x65, 0x00, 0x00, 0x01 }, dig = 1, role[2] = { 0, 2 },
	    ip[4] = { 127, 20, 0, 1 }, rl[2] = { 0, 28 };
	unsigned char signer[3 + 3 + 3 + 2];

	n = 0;
	el(1, ver, 2);			/* 0..4 */
	el(2, hl, 2);			/* 5..9 */
	signer[0] = 4; signer[1] = 0; signer[2] = 3;
	memcpy(signer + 3, "CN\0", 3);
	signer[6] = 5; signer[7] = 0; signer[8] = 2;
	memcpy(signer + 9, ser, 2);
	el(3, signer, sizeof(signer));	/* 10..23 */
	el(8, &dig, 1);			/* 24..27 */
	el(14, "F.tlv", 6);		/* 28..36 */
	el(15, ts, 4);			/* 37..43 */
	while (n < 48)
		f[n++] = 13;		/* padding, 44..47 */
	el(1, rl, 2);			/* record at 48 */
	el(4, role, 2);
	el(3, "CN\0", 3);
	el(6, ser, 2);
	el(10, ip, 4);			/* ends at 48 + 28 = 76 */
}

static enum tlv_status
parse(size_t len)
{
	struct tlv_file t;
	enum tlv_status st;

	st = tlv_parse(&t, f, len);
	tlv_free(&t);
	return st;
}

static void
test_valid(void)
{
	struct tlv_file t;
	char *s;
	int rc;

	build();
	T(n == 76, "built file is 76 bytes (%zu)", n);
	/* Parse first: T's arguments are evaluated in no set order. */
	rc = tlv_parse(&t, f, n);
	T(rc == TLV_OK, "valid file parses: %s", t.err);
	T(t.major == 1 && t.minor == 2, "version 1.2");
	T(t.header_len == 48, "header length 48");
	T(t.signer.len == 3 && memcmp(t.signer.p, "CN", 3) == 0,
	    "signer inside container 3");
	T(t.serial.len == 2 && t.serial.p[0] == 0xab, "signer serial");
	T(t.digest == 1, "digest sha1");
	T(t.has_timestamp && t.timestamp == 0x65000001, "timestamp");
	T(t.signature.p == NULL, "no signature element");
	T(t.nrec == 1, "one record");
	T(t.rec[0].role == 2 && t.rec[0].offset == 48 &&
	    t.rec[0].length == 28, "record role and place");
	T(t.rec[0].ip.len == 4 && t.rec[0].ip.p[1] == 20, "record ip");
	T(t.rec[0].cert.p == NULL, "record without certificate");
	s = tlv_hexdup(&t.rec[0].serial);
	T(strcmp(s, "ab01") == 0, "serial as hex: %s", s);
	free(s);
	s = tlv_strdup(&t.file_name);
	T(strcmp(s, "F.tlv") == 0, "file name without its NUL");
	free(s);
	T(tlv_strdup(&t.rec[0].dns_name) == NULL, "absent string is NULL");
	tlv_free(&t);
}

static void
test_errors(void)
{
	struct tlv_file t;
	int rc;

	build();
	T(parse(0) == TLV_EMPTY, "empty file");
	T(parse(2) == TLV_TRUNCATED, "two bytes: truncated");
	T(parse(30) == TLV_TRUNCATED, "cut inside the header");
	T(parse(60) == TLV_TRUNCATED, "cut inside the record");
	T(parse(49) == TLV_TRAILING, "one byte of a record: trailing");
	T(parse(48) == TLV_OK, "header alone is a file without records");

	build();
	f[n++] = 13;
	T(parse(n) == TLV_TRAILING, "tag 13 at the end");
	build();
	memcpy(f + n, "\x0d\x0d\x0d\x0d", 4);
	n += 4;
	T(parse(n) == TLV_MALFORMED, "padding run after the records");

	build();
	memcpy(f + n, "\x01\x00\x02\x00\x00", 5);
	n += 5;
	rc = tlv_parse(&t, f, n);
	T(rc == TLV_EMPTY_RECORD && t.err_off == 76,
	    "zero-length record at 76 (%zu: %s)", t.err_off, t.err);
	T(t.nrec == 1, "records before the bad one are kept");
	tlv_free(&t);
	build();
	memcpy(f + n, "\x01\x00\x02\x00\x05", 5);
	n += 5;
	T(parse(n) == TLV_EMPTY_RECORD, "record of only its length");
	build();
	memcpy(f + n, "\x01\x00\x02\x00\x03", 5);
	n += 5;
	T(parse(n) == TLV_BAD_LENGTH, "record shorter than its length");

	build();
	f[48 + 5 + 3 + 2 + 2] = 0xff;	/* subject length 0x??ff */
	T(parse(n) == TLV_BAD_LENGTH, "element past the end of its record");
	build();
	f[12] = 0x40;			/* signer name length 0x40.. */
	T(parse(n) == TLV_BAD_LENGTH, "element past its container");
	build();
	f[11] = 0xff;
	f[12] = 0xff;
	T(parse(n) == TLV_BAD_LENGTH, "length 65535 in the header");
	build();
	f[26] = 2;			/* digest length 2 */
	T(parse(n) == TLV_BAD_LENGTH, "fixed-length element of wrong length");
	build();
	f[0] = '<';
	T(parse(n) == TLV_MALFORMED, "not a TLV file");
	build();
	f[5] = 3;
	T(parse(n) == TLV_MALFORMED, "second tag not 2");
	build();
	f[9] = 200;
	T(parse(n) == TLV_TRUNCATED, "header length past the end");
	build();
	f[9] = 4;
	T(parse(n) == TLV_BAD_LENGTH, "header length below 10");
	build();
	f[48] = 2;
	T(parse(n) == TLV_MALFORMED, "record not opening with tag 1");
	build();
	f[24] = 99;			/* an unknown header tag, same length */
	T(parse(n) == TLV_OK, "unknown header tag skipped");
}

static void
test_nesting(void)
{
	unsigned char deep[64];
	size_t i, k = 0;

	/* Containers inside containers, deeper than any real file. */
	n = 0;
	el(1, "\1\2", 2);
	el(2, "\0\x25", 2);
	for (i = 0; i < 9; i++) {
		deep[k++] = 3;
		deep[k++] = 0;
		deep[k++] = (unsigned char)(3 * (8 - i));
	}
	put(deep, k);
	T(n == 37 && parse(n) == TLV_MALFORMED, "nesting too deep refused");
}

static void
test_strings(void)
{
	struct tlv_bytes b;
	char *s;

	b.p = (const unsigned char *)"a\x01" "b\xff" "c\xc3\xa9\0d\0";
	b.len = 10;
	s = tlv_strdup(&b);
	T(strcmp(s, "a?b?c\xc3\xa9?d") == 0, "controls, bad UTF-8, NUL: %s",
	    s);
	free(s);
	b.p = (const unsigned char *)"\xed\xa0\x80\xe0\x80\x80";
	b.len = 6;
	s = tlv_strdup(&b);
	T(strcmp(s, "??????") == 0, "surrogate and overlong refused: %s", s);
	free(s);
	T(strcmp(tlv_role_name(21), "tvs") == 0 && tlv_role_name(9) == NULL,
	    "role names");
	T(strcmp(tlv_status_name(TLV_TRAILING), "trailing_bytes") == 0,
	    "status names");
}

static void
test_hash(void)
{
	char hex[HASH_NALG][HASH_HEXMAX], out[HASH_HEXMAX];

	T(hash_all("abc", 3, hex) == 0, "hash abc");
	T(strcmp(hex[HASH_MD5], "900150983cd24fb0d6963f7d28e17f72") == 0,
	    "md5 abc");
	T(strcmp(hex[HASH_SHA1], "a9993e364706816aba3e25717850c26c9cd0d89d")
	    == 0, "sha1 abc");
	T(strncmp(hex[HASH_SHA256], "ba7816bf8f01cfea414140de5dae2223", 32)
	    == 0 && strlen(hex[HASH_SHA256]) == 64, "sha256 abc");
	T(strncmp(hex[HASH_SHA512], "ddaf35a193617aba", 16) == 0 &&
	    strlen(hex[HASH_SHA512]) == 128, "sha512 abc");
	T(hash_normalize("EE 5C 62 E0 5E 2B C6 82 2A 45 64 1E EB BA BF F2 "
	    "47 6E 1D 93 ", out) == HASH_SHA1 &&
	    strcmp(out, "ee5c62e05e2bc6822a45641eebbabff2476e1d93") == 0,
	    "phone format normalised: %s", out);
	T(hash_normalize("90:01:50:98:3C:D2:4F:B0:D6:96:3F:7D:28:E1:7F:72",
	    out) == HASH_MD5, "colons, upper case");
	T(hash_normalize("abc", out) == -1 && out[0] == '\0', "odd length");
	T(hash_normalize("zz", out) == -1, "not hex");
	T(hash_normalize("", out) == -1, "empty");
	T(hash_bylen(128) == HASH_SHA512 && hash_bylen(20) == -1,
	    "algorithm by length");
	T(hash_byname("sha256") == HASH_SHA256 && hash_byname("SHA1") == -1,
	    "algorithm by name");
}

int
main(void)
{
	test_valid();
	test_errors();
	test_nesting();
	test_strings();
	test_hash();
	return t_done();
}
