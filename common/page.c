/*
 * page.c - parse one phone page with libxml2 and pick out the fields of
 * page.h.  Owned by the ctl-parse engineer.
 *
 * The body is hostile.  It is refused before parsing when it declares
 * entities, when it is not the UTF-8 it claims to be, or when it is too
 * deep; libxml2 runs without entity substitution, DTD loading, network or
 * HUGE, its messages go into the result instead of stderr, and an
 * external entity loader that refuses everything backs that up.  The tree
 * is walked without recursion and text is gathered by hand (never with
 * xmlNodeGetContent, which would expand entity references), with a cap on
 * bytes and on nodes visited per cell.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/dict.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "page.h"
#include "page_int.h"
#include "util.h"

struct page_parser {
	const struct page_map *map;
	xmlParserCtxtPtr	 xctx;
	htmlParserCtxtPtr	 hctx;
	struct page_result	*cur;	/* where libxml2 errors go */
};

static void
on_xml_error(void *arg, xmlErrorPtr e)
{
	struct page_parser *pp = arg;
	struct page_result *r = pp->cur;
	char *nl;

	if (r == NULL || e == NULL || e->level < XML_ERR_ERROR ||
	    r->xml_code != 0)
		return;
	r->xml_code = e->code != 0 ? e->code : -1;
	r->xml_line = e->line;
	snprintf(r->error, sizeof(r->error), "xml line %d: %s", e->line,
	    e->message != NULL ? e->message : "error");
	while ((nl = strpbrk(r->error, "\r\n")) != NULL)
		*nl = nl[1] == '\0' ? '\0' : ' ';
}

static void
on_generic_error(void *arg, const char *fmt, ...)
{
	(void)arg;
	(void)fmt;	/* routed away from stderr: errors come structured */
}

static xmlParserInputPtr
refuse_entity(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;	/* never read a file or URL for a page */
}

struct page_parser *
page_parser_new(const struct page_map *map)
{
	struct page_parser *pp;

	LIBXML_TEST_VERSION
	pp = xcalloc(1, sizeof(*pp));
	pp->map = map;
	xmlSetExternalEntityLoader(refuse_entity);
	xmlSetGenericErrorFunc(NULL, on_generic_error);
	xmlSetStructuredErrorFunc(pp, on_xml_error);
	if ((pp->xctx = xmlNewParserCtxt()) == NULL ||
	    (pp->hctx = htmlNewParserCtxt()) == NULL)
		die(EXIT_SYSTEM, "out of memory");
	return pp;
}

void
page_parser_free(struct page_parser *pp)
{
	if (pp == NULL)
		return;
	xmlFreeParserCtxt(pp->xctx);
	htmlFreeParserCtxt(pp->hctx);
	xmlSetStructuredErrorFunc(NULL, NULL);
	free(pp);
}

void
page_result_init(struct page_result *r)
{
	memset(r, 0, sizeof(*r));
}

void
page_result_free(struct page_result *r)
{
	int f;

	for (f = 0; f < PF_NFIELDS; f++)
		free(r->val[f]);
	page_result_init(r);
}

void
page_result_status(struct page_result *r, const char *status,
    const char *error)
{
	page_result_free(r);
	r->status = status;
	snprintf(r->parse_status, sizeof(r->parse_status), "%s", status);
	if (error != NULL)
		snprintf(r->error, sizeof(r->error), "%s", error);
}

int
page_status_failed(const char *s)
{
	static const char *const failed[] = { "too_large", "bad_encoding",
	    "entity_refused", "too_deep", "malformed", "not_phone_page" };
	size_t i;

	for (i = 0; i < sizeof(failed) / sizeof(failed[0]); i++)
		if (strcmp(s, failed[i]) == 0)
			return 1;
	return 0;
}

/* Length of the valid UTF-8 prefix (strict: no overlongs, surrogates). */
static size_t
utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0, k, need;
	unsigned long cp, min;

	while (i < n) {
		unsigned char c = s[i];

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1, cp = c & 0x1f, min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2, cp = c & 0x0f, min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3, cp = c & 0x07, min = 0x10000;
		} else
			return i;
		if (n - i <= need)
			return i;
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += need + 1;
	}
	return n;
}

static int
starts_ci(const char *s, size_t n, const char *prefix)
{
	size_t pl = strlen(prefix);

	return n >= pl && strncasecmp(s, prefix, pl) == 0;
}

/*
 * The encoding a page declares (XML declaration or HTML meta charset),
 * copied into enc; "" when none.  Only the head of the page is looked at.
 */
static void
declared_encoding(const char *s, size_t n, char *enc, size_t encsz)
{
	const char *p, *end, *key;
	size_t o = 0, lim;

	enc[0] = '\0';
	lim = n < 4096 ? n : 4096;
	end = s + lim;
	if (starts_ci(s, n, "<?xml")) {
		key = "encoding";
		for (p = s; p < end && !(p[0] == '?' && p + 1 < end &&
		    p[1] == '>'); p++)
			;
		end = p;
	} else
		key = "charset";
	for (p = s; p + strlen(key) <= end; p++)
		if (strncasecmp(p, key, strlen(key)) == 0)
			break;
	if (p + strlen(key) > end)
		return;
	p += strlen(key);
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' ||
	    *p == '\n'))
		p++;
	if (p >= end || *p++ != '=')
		return;
	while (p < end && (*p == ' ' || *p == '"' || *p == '\''))
		p++;
	while (p < end && o + 1 < encsz && (isalnum((unsigned char)*p) ||
	    *p == '-' || *p == '_' || *p == '.' || *p == ':'))
		enc[o++] = *p++;
	enc[o] = '\0';
}

static int
is_utf8_name(const char *enc)
{
	return enc[0] == '\0' || strcasecmp(enc, "utf-8") == 0 ||
	    strcasecmp(enc, "utf8") == 0;
}

void
page_set_status(struct page_result *r, const char *status)
{
	int f;

	for (f = 0; f < PF_NFIELDS; f++) {
		free(r->val[f]);
		r->val[f] = NULL;
	}
	r->status = status;
	snprintf(r->parse_status, sizeof(r->parse_status), "%s", status);
}

static int
has_entity_decl(const char *s, size_t n)
{
	static const char pat[] = "<!ENTITY";

	return n >= sizeof(pat) - 1 && memmem(s, n, pat, sizeof(pat) - 1)
	    != NULL;
}

/* Parse as XML; NULL on failure, with res->xml_code/error set. */
/*
 * A context's name dictionary lives across resets and libxml2 caps it (10
 * MB in 2.9.14): past the cap every new element name fails.  Hostile pages
 * full of distinct names must not break the pages after them.
 */
#define PAGE_DICTMAX	20000

static void
fresh_contexts(struct page_parser *pp)
{
	if (pp->xctx != NULL && pp->xctx->dict != NULL &&
	    xmlDictSize(pp->xctx->dict) > PAGE_DICTMAX) {
		xmlFreeParserCtxt(pp->xctx);
		if ((pp->xctx = xmlNewParserCtxt()) == NULL)
			die(EXIT_SYSTEM, "out of memory");
	}
	if (pp->hctx != NULL && pp->hctx->dict != NULL &&
	    xmlDictSize(pp->hctx->dict) > PAGE_DICTMAX) {
		htmlFreeParserCtxt(pp->hctx);
		if ((pp->hctx = htmlNewParserCtxt()) == NULL)
			die(EXIT_SYSTEM, "out of memory");
	}
}

static xmlDocPtr
try_xml(struct page_parser *pp, const char *s, size_t n, const char *enc,
    struct page_result *r)
{
	xmlDocPtr doc;

	fresh_contexts(pp);
	doc = xmlCtxtReadMemory(pp->xctx, s, (int)n, NULL, enc,
	    XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT |
	    XML_PARSE_NOWARNING);
	if (doc != NULL && !pp->xctx->wellFormed) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (doc == NULL && r->xml_code == 0) {
		r->xml_code = -1;
		snprintf(r->error, sizeof(r->error), "xml: not well-formed");
	}
	return doc;
}

static xmlDocPtr
try_html(struct page_parser *pp, const char *s, size_t n, const char *enc)
{
	fresh_contexts(pp);
	return htmlCtxtReadMemory(pp->hctx, s, (int)n, NULL, enc,
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_COMPACT);
}

static int
xml_too_deep(const struct page_result *r)
{
	return r->xml_code == XML_ERR_INTERNAL_ERROR &&
	    strstr(r->error, "depth") != NULL;
}

static int
xml_entity_error(int code)
{
	return code == XML_ERR_ENTITY_LOOP;
}

static void
too_deep(struct page_result *r)
{
	page_set_status(r, "too_deep");
	snprintf(r->error, sizeof(r->error), "elements nested deeper than %d",
	    PAGE_MAXDEPTH);
}

/* Parse and walk; the page-level checks are done. */
static void
parse_doc(struct page_parser *pp, const char *s, size_t n, const char *enc,
    int declared_xml, struct page_result *r)
{
	xmlDocPtr doc = NULL;
	int deep;

	if (!starts_ci(s, n, "<!doctype html") && !starts_ci(s, n, "<html")) {
		doc = try_xml(pp, s, n, enc, r);
		if (doc != NULL)
			r->format = "xml";
		else if (xml_too_deep(r)) {
			too_deep(r);
			return;
		} else if (xml_entity_error(r->xml_code)) {
			page_set_status(r, "entity_refused");
			return;
		} else if (declared_xml) {
			page_set_status(r, "malformed");
			return;
		}
	}
	if (doc == NULL) {
		r->xml_code = 0;	/* the HTML parser's errors now */
		r->error[0] = '\0';
		if ((doc = try_html(pp, s, n, enc)) == NULL) {
			page_set_status(r, "malformed");
			return;
		}
		if (xml_too_deep(r)) {
			xmlFreeDoc(doc);
			too_deep(r);
			return;
		}
		r->format = "html";
		r->error[0] = '\0';
	}
	deep = page_walk(pp->map, xmlDocGetRootElement(doc),
	    r->format[0] == 'h', r);
	xmlFreeDoc(doc);
	if (deep)
		too_deep(r);
}

void
page_charset(const char *ct, char *out, size_t outsz)
{
	const char *p;
	size_t o = 0;

	out[0] = '\0';
	if (ct == NULL || (p = strcasestr(ct, "charset")) == NULL)
		return;
	p += strlen("charset");
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p++ != '=')
		return;
	while (*p == ' ' || *p == '"' || *p == '\'')
		p++;
	while (o + 1 < outsz && (isalnum((unsigned char)*p) || *p == '-' ||
	    *p == '_' || *p == '.' || *p == ':'))
		out[o++] = *p++;
	out[o] = '\0';
}

void
page_parse(struct page_parser *pp, const char *body, size_t len,
    const char *charset, struct page_result *r)
{
	char enc[40], msg[128];
	const char *s = body, *force = NULL;
	size_t n = len, good;
	int declared_xml;

	page_result_free(r);
	r->parse_status[0] = '\0';
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		n -= 3;
		force = "UTF-8";
	}
	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\r' ||
	    *s == '\n')) {
		s++;
		n--;
	}
	if (n == 0) {
		page_result_status(r, "no_body",
		    "the body is only white space");
		return;
	}
	if (n > (size_t)INT32_MAX) {
		page_result_status(r, "too_large", "over 2 GB");
		return;
	}
	if (has_entity_decl(s, n)) {
		page_result_status(r, "entity_refused",
		    "the page declares entities (<!ENTITY)");
		return;
	}
	declared_encoding(s, n, enc, sizeof(enc));
	if (force == NULL && enc[0] == '\0' && charset != NULL &&
	    charset[0] != '\0' && !is_utf8_name(charset) &&
	    xmlParseCharEncoding(charset) > XML_CHAR_ENCODING_NONE) {
		/* The page says nothing: believe the server. */
		force = charset;
		snprintf(enc, sizeof(enc), "%s", charset);
	}
	if (is_utf8_name(enc) || (force != NULL && is_utf8_name(force))) {
		if ((good = utf8_valid((const unsigned char *)s, n)) != n) {
			snprintf(msg, sizeof(msg), "invalid UTF-8 at byte %zu",
			    good + (size_t)(s - body));
			page_result_status(r, "bad_encoding", msg);
			return;
		}
		if (force == NULL && enc[0] == '\0')
			force = "UTF-8";	/* HTML would guess Latin-1 */
	}
	declared_xml = starts_ci(s, n, "<?xml");
	pp->cur = r;
	parse_doc(pp, s, n, force, declared_xml, r);
	pp->cur = NULL;
}
