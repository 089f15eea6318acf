/*
 * hash.h - the four digests ctl compares (MD5, SHA-1, SHA-256, SHA-512)
 * through OpenSSL EVP, and the normalisation of hex hashes as phones and
 * people write them.  Owned by ctl-expect and ctl-compare.
 *
 * Ownership: no state; hex strings are written into caller buffers of at
 * least HASH_HEXMAX bytes.
 */
#ifndef CTL_HASH_H
#define CTL_HASH_H

#include <stddef.h>

enum hash_alg {
	HASH_MD5,
	HASH_SHA1,
	HASH_SHA256,
	HASH_SHA512,
	HASH_NALG
};

/* Longest hex digest plus its NUL (SHA-512: 128 digits). */
#define HASH_HEXMAX	129

/* "md5", "sha1", "sha256", "sha512". */
const char *hash_name(enum hash_alg);
/* The algorithm of that name, or -1. */
int	 hash_byname(const char *);
/* The algorithm whose hex digest has that many digits, or -1. */
int	 hash_bylen(size_t hexlen);

/*
 * Hash len bytes with every algorithm at once; hex[a] receives the
 * lower-case hex digest of algorithm a.  Returns 0, or -1 if OpenSSL
 * failed (which only a broken library does).
 */
int	 hash_all(const void *, size_t len, char hex[HASH_NALG][HASH_HEXMAX]);

/*
 * Normalise a hash as written by a phone or a person: hex digits in any
 * case, optionally separated by spaces, colons or dashes, with blanks at
 * either end.  Writes lower-case hex without separators to out.  Returns
 * the algorithm its length implies, or -1 if it is not hex, has an odd
 * number of digits, or no known length.
 */
int	 hash_normalize(const char *, char out[HASH_HEXMAX]);

/* Lower-case hex of len bytes into out (2 * len + 1 bytes). */
void	 hash_hex(const void *, size_t len, char *out);

#endif
