/*
 * hash.c - see hash.h.
 */
#include <string.h>

#include <openssl/evp.h>

#include "hash.h"

static const char *const names[HASH_NALG] = {
	"md5", "sha1", "sha256", "sha512"
};
static const size_t hexlens[HASH_NALG] = { 32, 40, 64, 128 };

const char *
hash_name(enum hash_alg a)
{
	return (unsigned)a < HASH_NALG ? names[a] : "unknown";
}

int
hash_byname(const char *s)
{
	int a;

	for (a = 0; a < HASH_NALG; a++)
		if (strcmp(s, names[a]) == 0)
			return a;
	return -1;
}

int
hash_bylen(size_t hexlen)
{
	int a;

	for (a = 0; a < HASH_NALG; a++)
		if (hexlens[a] == hexlen)
			return a;
	return -1;
}

void
hash_hex(const void *p, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * len] = '\0';
}

static const EVP_MD *
md(int a)
{
	switch (a) {
	case HASH_MD5: return EVP_md5();
	case HASH_SHA1: return EVP_sha1();
	case HASH_SHA256: return EVP_sha256();
	default: return EVP_sha512();
	}
}

int
hash_all(const void *p, size_t len, char hex[HASH_NALG][HASH_HEXMAX])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int dlen;
	EVP_MD_CTX *ctx;
	int a, rc = 0;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return -1;
	for (a = 0; a < HASH_NALG; a++) {
		hex[a][0] = '\0';
		if (EVP_DigestInit_ex(ctx, md(a), NULL) != 1 ||
		    EVP_DigestUpdate(ctx, p, len) != 1 ||
		    EVP_DigestFinal_ex(ctx, d, &dlen) != 1 ||
		    dlen * 2 != hexlens[a]) {
			rc = -1;
			break;
		}
		hash_hex(d, dlen, hex[a]);
	}
	EVP_MD_CTX_free(ctx);
	return rc;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
hash_normalize(const char *s, char out[HASH_HEXMAX])
{
	static const char digits[] = "0123456789abcdef";
	size_t n = 0;
	int v;

	out[0] = '\0';
	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == ':' || *s == '-' || *s == '\t')
			continue;
		if ((v = hexval((unsigned char)*s)) < 0 ||
		    n + 1 >= HASH_HEXMAX) {
			out[0] = '\0';
			return -1;
		}
		out[n++] = digits[v];
	}
	out[n] = '\0';
	if (hash_bylen(n) < 0)
		out[0] = '\0';
	return hash_bylen(n);
}
