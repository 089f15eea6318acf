/*
 * check.c - what a trust-list file's bytes say: the four hashes of the
 * exact bytes, the TLV structure (common/tlv.c), each certificate's
 * validity read with OpenSSL, and the file signature checked against the
 * signer's own record, as a phone would check it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "expect.h"
#include "util.h"

/* Phones refuse an ITL file larger than this. */
#define ITL_MAX	65536

void
iso_time(time_t t, char *out, size_t len)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, len, "%lld", (long long)t);
}

static void
warn_add(struct checked *c, const char *w)
{
	const char *p = c->warnings.data;
	size_t n = strlen(w);

	/* Each warning once: the records view gives the details. */
	while (p != NULL && (p = strstr(p, w)) != NULL) {
		if ((p == c->warnings.data || p[-1] == ',') &&
		    (p[n] == '\0' || p[n] == ','))
			return;
		p += n;
	}
	if (c->warnings.len > 0)
		buf_putc(&c->warnings, ',');
	buf_puts(&c->warnings, w);
}

static int
asn1_time(const ASN1_TIME *a, time_t *t, char *out, size_t len)
{
	struct tm tm;

	if (a == NULL || ASN1_TIME_to_tm(a, &tm) != 1)
		return -1;
	*t = timegm(&tm);
	iso_time(*t, out, len);
	return 0;
}

/* Read one record's certificate; returns it (caller frees) or NULL. */
static X509 *
read_cert(struct checked *c, const struct tlv_record *r,
    struct cert_info *ci, const struct opts *o)
{
	const unsigned char *p = r->cert.p;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen;
	time_t nb, na;
	X509 *x;

	if (r->cert.p == NULL) {
		ci->status = "none";
		return NULL;
	}
	x = d2i_X509(NULL, &p, (long)r->cert.len);
	if (x == NULL || p != r->cert.p + r->cert.len ||
	    asn1_time(X509_get0_notBefore(x), &nb, ci->not_before,
	    sizeof(ci->not_before)) == -1 ||
	    asn1_time(X509_get0_notAfter(x), &na, ci->not_after,
	    sizeof(ci->not_after)) == -1) {
		ERR_clear_error();
		X509_free(x);
		ci->not_before[0] = ci->not_after[0] = '\0';
		ci->status = "bad_cert";
		return NULL;
	}
	if (EVP_Digest(r->cert.p, r->cert.len, md, &mdlen, EVP_sha1(),
	    NULL) == 1)
		hash_hex(md, mdlen, ci->sha1);
	if (nb > o->now) {
		ci->status = "not_yet_valid";
		warn_add(c, "cert_not_yet_valid");
	} else if (na < o->now) {
		ci->status = "expired";
		warn_add(c, "cert_expired");
	} else if (na - o->now < (time_t)o->days * 86400) {
		ci->status = "expiring";
		warn_add(c, "cert_expiring");
	} else
		ci->status = "ok";
	return x;
}

static int
same_bytes(const struct tlv_bytes *a, const struct tlv_bytes *b)
{
	return a->p != NULL && b->p != NULL && a->len == b->len &&
	    memcmp(a->p, b->p, a->len) == 0;
}

/*
 * The signer is the record whose serial is the header's, preferring one
 * whose subject is also the header's signer name.
 */
static X509 *
find_signer(const struct tlv_file *f, X509 **x)
{
	X509 *best = NULL;
	size_t i;

	for (i = 0; i < f->nrec; i++) {
		if (x[i] == NULL || !same_bytes(&f->rec[i].serial, &f->serial))
			continue;
		if (same_bytes(&f->rec[i].subject, &f->signer))
			return x[i];
		if (best == NULL)
			best = x[i];
	}
	return best;
}

static const EVP_MD *
digest_md(int d)
{
	switch (d) {
	case TLV_DIGEST_SHA1: return EVP_sha1();
	case TLV_DIGEST_SHA256: return EVP_sha256();
	case TLV_DIGEST_SHA512: return EVP_sha512();
	}
	return NULL;
}

/* PKCS#1 v1.5 (or the key's own scheme) over the file less tag 12. */
static const char *
verify(const struct tlv_file *f, const struct buf *body, X509 *signer)
{
	size_t cut = 3 + f->signature.len, n = body->len - cut;
	const EVP_MD *md;
	EVP_MD_CTX *ctx;
	EVP_PKEY *key;
	unsigned char *data;
	int ok;

	if ((md = digest_md(f->digest)) == NULL)
		return "unsupported";
	if ((key = X509_get0_pubkey(signer)) == NULL) {
		ERR_clear_error();
		return "unsupported";
	}
	data = xmalloc(n);
	memcpy(data, body->data, f->sig_off);
	memcpy(data + f->sig_off, body->data + f->sig_off + cut,
	    body->len - f->sig_off - cut);
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		die(EXIT_SYSTEM, "out of memory");
	ok = EVP_DigestVerifyInit(ctx, NULL, md, NULL, key) == 1 &&
	    EVP_DigestVerify(ctx, f->signature.p, f->signature.len, data,
	    n) == 1;
	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	free(data);
	return ok ? "valid" : "invalid";
}

static void
check_parsed(struct checked *c, const struct got *g, const struct opts *o)
{
	struct tlv_file *f = &c->tlv;
	X509 **x, *signer;
	size_t i;
	int badcert = 0;

	c->certs = xcalloc(f->nrec, sizeof(*c->certs));
	x = xcalloc(f->nrec, sizeof(*x));
	for (i = 0; i < f->nrec; i++)
		if ((x[i] = read_cert(c, &f->rec[i], &c->certs[i], o)) ==
		    NULL && strcmp(c->certs[i].status, "bad_cert") == 0)
			badcert = 1;
	if (f->signature.p == NULL)
		c->signature = "unsigned";
	else if ((signer = find_signer(f, x)) == NULL) {
		c->signature = "no_signer";
		warn_add(c, "no_signer_cert");
	} else {
		c->signature = verify(f, &g->body, signer);
		if (strcmp(c->signature, "unsupported") == 0)
			warn_add(c, "unsupported_digest");
	}
	for (i = 0; i < f->nrec; i++)
		X509_free(x[i]);
	free(x);
	if (strcmp(c->signature, "invalid") == 0 ||
	    strcmp(c->signature, "unsigned") == 0) {
		c->status = "bad_signature";
		c->error = xstrdup(c->signature[0] == 'i' ?
		    "the file signature does not verify against the signer's "
		    "certificate" : "the file has no signature (tag 12)");
	} else if (badcert) {
		c->status = "bad_cert";
		for (i = 0; i < f->nrec; i++)
			if (strcmp(c->certs[i].status, "bad_cert") == 0)
				break;
		c->error = xasprintf("record %zu: the certificate is not "
		    "DER X.509", i + 1);
	}
}

void
check_file(struct checked *c, const struct got *g, int is_itl,
    const struct opts *o)
{
	enum tlv_status st;

	memset(c, 0, sizeof(*c));
	buf_init(&c->warnings, 4096);
	if (g->status[0] != '\0') {
		c->status = g->status;
		if (g->error != NULL)
			c->error = xstrdup(g->error);
		return;
	}
	if (hash_all(g->body.data != NULL ? g->body.data : "", g->body.len,
	    c->hex) == -1)
		die(EXIT_SYSTEM, "openssl: cannot hash");
	c->hashed = 1;
	c->status = "ok";
	if (is_itl && g->body.len > ITL_MAX)
		warn_add(c, "itl_too_large");
	st = tlv_parse(&c->tlv, g->body.data, g->body.len);
	if (st != TLV_OK) {
		c->status = tlv_status_name(st);
		c->error = xstrdup(c->tlv.err);
		return;
	}
	c->parsed = 1;
	check_parsed(c, g, o);
}

void
checked_free(struct checked *c)
{
	free(c->error);
	free(c->certs);
	tlv_free(&c->tlv);
	buf_free(&c->warnings);
}
