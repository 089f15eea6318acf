/*
 * tlv.c - see tlv.h.  The layout, from PROTOCOLS.md: each element is a tag
 * byte, a big-endian 16-bit length and the value, except header padding
 * (tag 13), a lone byte.  The header opens with tag 1 (version) and tag 2
 * (header length, counted from the start of the file); records follow,
 * each opening with tag 1 whose value is the record's length including
 * that element.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tlv.h"
#include "util.h"

/* Containers nest twice in real files (7 holds 9); allow a little more. */
#define MAXDEPTH	4

static enum tlv_status
fail(struct tlv_file *f, enum tlv_status st, size_t off, const char *fmt, ...)
	    CTL_PRINTF(4, 5);

static enum tlv_status
fail(struct tlv_file *f, enum tlv_status st, size_t off, const char *fmt, ...)
{
	va_list ap;

	f->err_off = off;
	va_start(ap, fmt);
	vsnprintf(f->err, sizeof(f->err), fmt, ap);
	va_end(ap);
	return st;
}

static unsigned
be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static void
setbytes(struct tlv_bytes *b, const unsigned char *p, size_t len)
{
	b->p = p;
	b->len = len;
}

/* Check a fixed-length element; 0 if right. */
static int
badfixed(struct tlv_file *f, enum tlv_status *st, size_t off, unsigned tag,
    size_t len, size_t want, const char *where)
{
	if (len == want)
		return 0;
	*st = fail(f, TLV_BAD_LENGTH, off, "%s tag %u at offset %zu: "
	    "length %zu, expected %zu", where, tag, off, len, want);
	return 1;
}

static enum tlv_status
header_elems(struct tlv_file *f, const unsigned char *p, size_t off,
    size_t end, int depth)
{
	enum tlv_status st = TLV_OK;
	unsigned tag;
	size_t len, v;

	while (off < end) {
		tag = p[off];
		if (tag == 13) {
			off++;
			continue;
		}
		if (end - off < 3)
			return fail(f, TLV_BAD_LENGTH, off, "header tag %u at "
			    "offset %zu: its length crosses the end of the %s",
			    tag, off, depth == 0 ? "header" : "container");
		len = be16(p + off + 1);
		v = off + 3;
		if (len > end - v)
			return fail(f, TLV_BAD_LENGTH, off, "header tag %u at "
			    "offset %zu: length %zu runs past the end of the "
			    "%s", tag, off, len,
			    depth == 0 ? "header" : "container");
		switch (tag) {
		case 1:
		case 2:
			return fail(f, TLV_MALFORMED, off, "header tag %u at "
			    "offset %zu: repeated", tag, off);
		case 3:
		case 7:
		case 9:
			if (depth + 1 >= MAXDEPTH)
				return fail(f, TLV_MALFORMED, off, "header tag "
				    "%u at offset %zu: containers nested too "
				    "deep", tag, off);
			st = header_elems(f, p, v, v + len, depth + 1);
			if (st != TLV_OK)
				return st;
			break;
		case 4:
			setbytes(&f->signer, p + v, len);
			break;
		case 5:
			setbytes(&f->serial, p + v, len);
			break;
		case 6:
			setbytes(&f->issuer, p + v, len);
			break;
		case 8:
			if (badfixed(f, &st, off, tag, len, 1, "header"))
				return st;
			f->digest = p[v];
			break;
		case 10:
			if (badfixed(f, &st, off, tag, len, 1, "header"))
				return st;
			f->sig_alg = p[v];
			break;
		case 11:
			if (badfixed(f, &st, off, tag, len, 1, "header"))
				return st;
			f->modulus = p[v];
			break;
		case 12:
			/* Two signatures would make the signed bytes moot. */
			if (f->signature.p != NULL)
				return fail(f, TLV_MALFORMED, off, "header tag "
				    "12 at offset %zu: a second signature",
				    off);
			setbytes(&f->signature, p + v, len);
			f->sig_off = off;
			break;
		case 14:
			setbytes(&f->file_name, p + v, len);
			break;
		case 15:
			if (badfixed(f, &st, off, tag, len, 4, "header"))
				return st;
			f->has_timestamp = 1;
			f->timestamp = (uint32_t)be16(p + v) << 16 |
			    be16(p + v + 2);
			break;
		case 28:
			if (badfixed(f, &st, off, tag, len, 2, "header"))
				return st;
			f->signer_major = p[v];
			f->signer_minor = p[v + 1];
			break;
		default:
			break;	/* unknown: skipped within its bounds */
		}
		off = v + len;
	}
	return TLV_OK;
}

static enum tlv_status
record_elems(struct tlv_file *f, struct tlv_record *r, const unsigned char *p,
    size_t off, size_t end, size_t n)
{
	enum tlv_status st = TLV_OK;
	unsigned tag;
	size_t len, v;

	while (off < end) {
		tag = p[off];
		if (end - off < 3)
			return fail(f, TLV_BAD_LENGTH, off, "record %zu tag %u "
			    "at offset %zu: its length crosses the end of the "
			    "record", n, tag, off);
		len = be16(p + off + 1);
		v = off + 3;
		if (len > end - v)
			return fail(f, TLV_BAD_LENGTH, off, "record %zu tag %u "
			    "at offset %zu: length %zu runs past the end of "
			    "the record", n, tag, off, len);
		switch (tag) {
		case 1:
			return fail(f, TLV_MALFORMED, off, "record %zu tag 1 "
			    "at offset %zu: repeated", n, off);
		case 2: setbytes(&r->dns_name, p + v, len); break;
		case 3: setbytes(&r->subject, p + v, len); break;
		case 4:
			if (badfixed(f, &st, off, tag, len, 2, "record"))
				return st;
			r->role = (int)be16(p + v);
			break;
		case 5: setbytes(&r->issuer, p + v, len); break;
		case 6: setbytes(&r->serial, p + v, len); break;
		case 7: setbytes(&r->public_key, p + v, len); break;
		case 8: setbytes(&r->signature, p + v, len); break;
		case 9: setbytes(&r->cert, p + v, len); break;
		case 10:
			/* IPv4 as documented; IPv6 and empty seen in the wild. */
			if (len != 0 && len != 4 && len != 16 &&
			    badfixed(f, &st, off, tag, len, 4, "record"))
				return st;
			if (len > 0)
				setbytes(&r->ip, p + v, len);
			break;
		case 11: setbytes(&r->cert_hash, p + v, len); break;
		case 12:
			if (badfixed(f, &st, off, tag, len, 1, "record"))
				return st;
			r->hash_alg = p[v];
			break;
		default:
			break;
		}
		off = v + len;
	}
	return TLV_OK;
}

static struct tlv_record *
newrec(struct tlv_file *f, size_t off, size_t len)
{
	struct tlv_record *r;

	f->rec = xreallocarray(f->rec, f->nrec + 1, sizeof(*f->rec));
	r = &f->rec[f->nrec++];
	memset(r, 0, sizeof(*r));
	r->offset = off;
	r->length = len;
	r->role = -1;
	r->hash_alg = -1;
	return r;
}

static enum tlv_status
records(struct tlv_file *f, const unsigned char *p, size_t off, size_t size)
{
	enum tlv_status st;
	size_t rl, n;

	for (n = 1; off < size; n++) {
		if (size - off < 3)
			return fail(f, TLV_TRAILING, off, "%zu stray byte%s at "
			    "offset %zu after the last record", size - off,
			    size - off == 1 ? "" : "s", off);
		if (p[off] == 13)
			return fail(f, TLV_MALFORMED, off, "offset %zu: "
			    "padding (tag 13) outside the header", off);
		if (p[off] != 1)
			return fail(f, TLV_MALFORMED, off, "record %zu at "
			    "offset %zu starts with tag %u, expected 1", n, off,
			    p[off]);
		if (be16(p + off + 1) != 2)
			return fail(f, TLV_BAD_LENGTH, off, "record %zu at "
			    "offset %zu: its length element has length %u, "
			    "expected 2", n, off, be16(p + off + 1));
		if (size - off < 5)
			return fail(f, TLV_TRUNCATED, off, "record %zu at "
			    "offset %zu: the file ends inside its length", n,
			    off);
		rl = be16(p + off + 3);
		if (rl == 0)
			return fail(f, TLV_EMPTY_RECORD, off, "record %zu at "
			    "offset %zu: length 0", n, off);
		if (rl < 5)
			return fail(f, TLV_BAD_LENGTH, off, "record %zu at "
			    "offset %zu: length %zu is shorter than its "
			    "length element", n, off, rl);
		if (rl > size - off)
			return fail(f, TLV_TRUNCATED, off, "record %zu at "
			    "offset %zu: length %zu, only %zu bytes left", n,
			    off, rl, size - off);
		if (rl == 5)
			return fail(f, TLV_EMPTY_RECORD, off, "record %zu at "
			    "offset %zu holds no elements", n, off);
		st = record_elems(f, newrec(f, off, rl), p, off + 5, off + rl,
		    n);
		if (st != TLV_OK)
			return st;
		off += rl;
	}
	return TLV_OK;
}

enum tlv_status
tlv_parse(struct tlv_file *f, const void *data, size_t size)
{
	const unsigned char *p = data;
	enum tlv_status st;
	size_t hl;

	memset(f, 0, sizeof(*f));
	f->digest = f->sig_alg = f->modulus = -1;
	f->signer_major = f->signer_minor = -1;
	f->major = f->minor = -1;
	if (size == 0)
		return fail(f, TLV_EMPTY, 0, "the file is empty");
	if (size < 3)
		return fail(f, TLV_TRUNCATED, 0, "the file ends inside its "
		    "first element (%zu bytes)", size);
	if (p[0] != 1)
		return fail(f, TLV_MALFORMED, 0, "not a TLV file: the first "
		    "tag is %u, expected 1 (version)", p[0]);
	if (be16(p + 1) != 2)
		return fail(f, TLV_BAD_LENGTH, 0, "version tag at offset 0: "
		    "length %u, expected 2", be16(p + 1));
	if (size < 10)
		return fail(f, TLV_TRUNCATED, 0, "the file ends inside the "
		    "header (%zu bytes)", size);
	f->major = p[3];
	f->minor = p[4];
	if (p[5] != 2)
		return fail(f, TLV_MALFORMED, 5, "the second tag is %u, "
		    "expected 2 (header length)", p[5]);
	if (be16(p + 6) != 2)
		return fail(f, TLV_BAD_LENGTH, 5, "header length tag at "
		    "offset 5: length %u, expected 2", be16(p + 6));
	hl = be16(p + 8);
	f->header_len = hl;
	if (hl < 10)
		return fail(f, TLV_BAD_LENGTH, 8, "header length %zu is "
		    "shorter than its first two elements", hl);
	if (hl > size)
		return fail(f, TLV_TRUNCATED, 8, "header length %zu, but the "
		    "file has %zu bytes", hl, size);
	if ((st = header_elems(f, p, 10, hl, 0)) != TLV_OK)
		return st;
	return records(f, p, hl, size);
}

void
tlv_free(struct tlv_file *f)
{
	free(f->rec);
	f->rec = NULL;
	f->nrec = 0;
}

const char *
tlv_status_name(enum tlv_status st)
{
	switch (st) {
	case TLV_OK: return "ok";
	case TLV_EMPTY: return "empty";
	case TLV_TRUNCATED: return "truncated";
	case TLV_BAD_LENGTH: return "bad_length";
	case TLV_EMPTY_RECORD: return "empty_record";
	case TLV_TRAILING: return "trailing_bytes";
	case TLV_MALFORMED: return "malformed";
	}
	return "malformed";
}

const char *
tlv_role_name(int role)
{
	switch (role) {
	case TLV_ROLE_SAST: return "sast";
	case TLV_ROLE_CCM: return "ccm";
	case TLV_ROLE_CCM_TFTP: return "ccm+tftp";
	case TLV_ROLE_TFTP: return "tftp";
	case TLV_ROLE_CAPF: return "capf";
	case TLV_ROLE_APP: return "app_server";
	case TLV_ROLE_TVS: return "tvs";
	}
	return NULL;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t
utf8len(const unsigned char *s, size_t n)
{
	size_t want, i;
	unsigned lo = 0x80, hi = 0xbf;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		want = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		want = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		want = 4;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (n < want || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < want; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return want;
}

char *
tlv_strdup(const struct tlv_bytes *b)
{
	size_t n, i, o, k;
	char *s;

	if (b->p == NULL)
		return NULL;
	n = b->len;
	if (n > 0 && b->p[n - 1] == '\0')
		n--;
	s = xmalloc(n + 1);
	for (i = o = 0; i < n; ) {
		if (b->p[i] >= 0x80 && (k = utf8len(b->p + i, n - i)) > 0) {
			memcpy(s + o, b->p + i, k);
			o += k;
			i += k;
			continue;
		}
		s[o++] = b->p[i] < 0x20 || b->p[i] >= 0x7f ? '?' :
		    (char)b->p[i];
		i++;
	}
	s[o] = '\0';
	return s;
}

char *
tlv_hexdup(const struct tlv_bytes *b)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;
	char *s;

	if (b->p == NULL)
		return NULL;
	s = xreallocarray(NULL, b->len + 1, 2);
	for (i = 0; i < b->len; i++) {
		s[2 * i] = digits[b->p[i] >> 4];
		s[2 * i + 1] = digits[b->p[i] & 15];
	}
	s[2 * b->len] = '\0';
	return s;
}
