/*
 * tlv.h - a strict parser of the CTLFile.tlv / ITLFile.tlv format that
 * CUCM serves (PROTOCOLS.md, "TLV file format").  Pure: no I/O, no
 * diagnostics, so it can be fuzzed and unit tested.  Owned by ctl-expect.
 *
 * Every element is checked against the bounds of what encloses it (the
 * header, a container, a record, the file).  Unknown tags are skipped
 * within their bounds; lengths are never trusted.
 *
 * Ownership: struct tlv_file owns its records array (tlv_free()).  Every
 * struct tlv_bytes points into the caller's input, which must outlive the
 * tlv_file.
 */
#ifndef CTL_TLV_H
#define CTL_TLV_H

#include <stddef.h>
#include <stdint.h>

enum tlv_status {
	TLV_OK,
	TLV_EMPTY,		/* zero bytes */
	TLV_TRUNCATED,		/* the file ends inside the header or a record */
	TLV_BAD_LENGTH,		/* a length crosses its container, or is wrong */
	TLV_EMPTY_RECORD,	/* a record whose length is 0 or holds nothing */
	TLV_TRAILING,		/* bytes after the last record that are none */
	TLV_MALFORMED		/* a wrong tag where the format fixes one */
};

/* Record roles ("function") as CUCM numbers them. */
enum {
	TLV_ROLE_SAST = 0,
	TLV_ROLE_CCM = 1,
	TLV_ROLE_CCM_TFTP = 2,
	TLV_ROLE_TFTP = 3,
	TLV_ROLE_CAPF = 4,
	TLV_ROLE_APP = 7,
	TLV_ROLE_TVS = 21
};

/* Header digest algorithm (tag 8). */
enum {
	TLV_DIGEST_SHA1 = 1,
	TLV_DIGEST_SHA256 = 2,
	TLV_DIGEST_SHA512 = 3
};

struct tlv_bytes {
	const unsigned char *p;		/* NULL when the element is absent */
	size_t		 len;
};

struct tlv_record {
	size_t		 offset;	/* of its tag-1 element in the file */
	size_t		 length;	/* as its tag-1 element says */
	int		 role;		/* -1 when absent */
	int		 hash_alg;	/* tag 12, -1 when absent */
	struct tlv_bytes dns_name, subject, issuer, serial, public_key,
			 signature, cert, ip, cert_hash;
};

struct tlv_file {
	int		 major, minor;		/* tag 1 */
	size_t		 header_len;		/* tag 2 */
	struct tlv_bytes signer, issuer, serial;	/* tags 4, 6, 5 */
	int		 digest;		/* tag 8, -1 when absent */
	int		 sig_alg;		/* tag 10, -1 when absent */
	int		 modulus;		/* tag 11, -1 when absent */
	struct tlv_bytes signature;		/* tag 12 value */
	size_t		 sig_off;		/* offset of the tag-12 element */
	struct tlv_bytes file_name;		/* tag 14 */
	int		 has_timestamp;
	uint32_t	 timestamp;		/* tag 15, Unix time */
	int		 signer_major, signer_minor;	/* tag 28, -1 absent */
	struct tlv_record *rec;
	size_t		 nrec;
	/* Where and why parsing stopped, when it did not return TLV_OK. */
	size_t		 err_off;
	char		 err[160];
};

/*
 * Parse len bytes.  Returns TLV_OK or the first problem found; f is
 * filled as far as parsing got (records before the bad one stay) and
 * must be released with tlv_free() either way.
 */
enum tlv_status tlv_parse(struct tlv_file *f, const void *data, size_t len);
void	 tlv_free(struct tlv_file *);

/* "ok", "empty", "truncated", "bad_length", ... as ctl-expect(1) says. */
const char *tlv_status_name(enum tlv_status);
/* "sast", "ccm", "ccm+tftp", "tftp", "capf", "app_server", "tvs", or NULL. */
const char *tlv_role_name(int role);

/*
 * A printable copy of a string element: one trailing NUL dropped, other
 * NULs, control characters and invalid UTF-8 replaced by '?'.  Returns
 * NULL for an absent element.  The caller frees it.
 */
char	*tlv_strdup(const struct tlv_bytes *);

/* Lower-case hex of an element (serials), or NULL when absent. */
char	*tlv_hexdup(const struct tlv_bytes *);

#endif
