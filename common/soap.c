/*
 * soap.c - see soap.h.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlsave.h>

#include "soap.h"
#include "util.h"

#define SOAP_MAXTEXT	(64 * 1024)

xmlDocPtr
soap_new(const char *ns, const char *pfx, const char *op, xmlNodePtr *opnode)
{
	xmlDocPtr doc;
	xmlNodePtr env, body;
	xmlNsPtr envns, opns;

	if ((doc = xmlNewDoc(BAD_CAST "1.0")) == NULL)
		die(EXIT_SYSTEM, "out of memory");
	env = xmlNewNode(NULL, BAD_CAST "Envelope");
	if (env == NULL)
		die(EXIT_SYSTEM, "out of memory");
	envns = xmlNewNs(env, BAD_CAST SOAP_ENV_NS, BAD_CAST "soapenv");
	opns = xmlNewNs(env, BAD_CAST ns, BAD_CAST pfx);
	if (envns == NULL || opns == NULL)
		die(EXIT_SYSTEM, "out of memory");
	xmlSetNs(env, envns);
	xmlDocSetRootElement(doc, env);
	if (xmlNewChild(env, envns, BAD_CAST "Header", NULL) == NULL ||
	    (body = xmlNewChild(env, envns, BAD_CAST "Body", NULL)) == NULL ||
	    (*opnode = xmlNewChild(body, opns, BAD_CAST op, NULL)) == NULL)
		die(EXIT_SYSTEM, "out of memory");
	return doc;
}

xmlNodePtr
soap_add(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *text)
{
	xmlNodePtr n;

	/* xmlNewTextChild escapes; xmlNewChild would take "AT&T" as markup. */
	if ((n = xmlNewTextChild(parent, ns, BAD_CAST name,
	    text != NULL ? BAD_CAST text : NULL)) == NULL)
		die(EXIT_SYSTEM, "out of memory");
	/* Without this a child takes its parent's namespace: AXL wants none. */
	if (ns == NULL)
		xmlSetNs(n, NULL);
	return n;
}

int
soap_dump(xmlDocPtr doc, struct buf *b)
{
	xmlChar *mem = NULL;
	int len = 0, rc;

	xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
	if (mem == NULL)
		die(EXIT_SYSTEM, "out of memory");
	buf_reset(b);
	rc = buf_append(b, mem, (size_t)len);
	xmlFree(mem);
	return rc;
}

int
soap_path_ends(const struct soap_walk *w, const char *const *names, size_t n)
{
	size_t i;

	if (n > w->depth)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(w->path[w->depth - n + i], names[i]) != 0)
			return 0;
	return 1;
}

struct errctx {
	char	*err;
	size_t	 errlen;
	int	 seen;
};

static void
structured_err(void *arg, xmlErrorPtr e)
{
	struct errctx *ec = arg;
	size_t n;

	if (ec->seen || e == NULL || e->level < XML_ERR_ERROR)
		return;
	ec->seen = 1;
	snprintf(ec->err, ec->errlen, "not well-formed XML at line %d: %s",
	    e->line, e->message != NULL ? e->message : "error");
	/* libxml2 messages end with a newline; a diagnostic is one line. */
	n = strlen(ec->err);
	while (n > 0 && (ec->err[n - 1] == '\n' || ec->err[n - 1] == ' '))
		ec->err[--n] = '\0';
}

static void
copyfield(char *dst, size_t dstlen, const char *src, size_t n)
{
	if (n >= dstlen)
		n = dstlen - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void
note_fault(const struct soap_walk *w, struct soap_fault *f)
{
	static const char *const fc[] = { "Fault", "faultcode" };
	static const char *const fs[] = { "Fault", "faultstring" };
	static const char *const ac[] = { "axlError", "axlcode" };
	static const char *const am[] = { "axlError", "axlmessage" };

	if (soap_path_ends(w, fc, 2)) {
		f->present = 1;
		copyfield(f->code, sizeof(f->code), w->text, w->textlen);
	} else if (soap_path_ends(w, fs, 2)) {
		f->present = 1;
		copyfield(f->string, sizeof(f->string), w->text, w->textlen);
	} else if (soap_path_ends(w, ac, 2))
		copyfield(f->axlcode, sizeof(f->axlcode), w->text,
		    w->textlen);
	else if (soap_path_ends(w, am, 2))
		copyfield(f->axlmessage, sizeof(f->axlmessage), w->text,
		    w->textlen);
}

static int
fail(char *err, size_t errlen, const char *fmt, ...) CTL_PRINTF(3, 4);

static int
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Names and namespaces of the open elements, owned by the walk. */
struct stack {
	struct soap_walk w;
	char	*names[SOAP_MAXDEPTH];
	char	*nss[SOAP_MAXDEPTH];
};

static void
stack_pop(struct stack *s)
{
	s->w.depth--;
	free(s->names[s->w.depth]);
	free(s->nss[s->w.depth]);
}

static int
walk(xmlTextReaderPtr rd, struct stack *s, struct buf *text, soap_cb cb,
    void *ctx, struct soap_fault *fault, char *err, size_t errlen)
{
	int rc, type, empty, saw_env = 0;
	const xmlChar *v;

	while ((rc = xmlTextReaderRead(rd)) == 1) {
		type = xmlTextReaderNodeType(rd);
		switch (type) {
		case XML_READER_TYPE_DOCUMENT_TYPE:
		case XML_READER_TYPE_ENTITY_REFERENCE:
			return fail(err, errlen, "SOAP answer holds a DTD "
			    "or an entity reference");
		case XML_READER_TYPE_ELEMENT:
			if (s->w.depth == SOAP_MAXDEPTH)
				return fail(err, errlen, "SOAP answer nested "
				    "deeper than %d", SOAP_MAXDEPTH);
			v = xmlTextReaderConstNamespaceUri(rd);
			s->nss[s->w.depth] = xstrdup(v != NULL ?
			    (const char *)v : "");
			v = xmlTextReaderConstLocalName(rd);
			s->names[s->w.depth] = xstrdup(v != NULL ?
			    (const char *)v : "");
			s->w.path[s->w.depth] = s->names[s->w.depth];
			s->w.ns[s->w.depth] = s->nss[s->w.depth];
			s->w.depth++;
			if (s->w.depth == 1) {
				if (strcmp(s->names[0], "Envelope") != 0 ||
				    strcmp(s->nss[0], SOAP_ENV_NS) != 0)
					return fail(err, errlen, "answer is "
					    "not a SOAP envelope");
				saw_env = 1;
			}
			buf_reset(text);
			s->w.text = "";
			s->w.textlen = 0;
			if (cb != NULL && cb(ctx, &s->w, SOAP_START) == -1)
				return -1;
			empty = xmlTextReaderIsEmptyElement(rd);
			if (!empty)
				break;
			/* An empty element ends where it starts. */
			/* FALLTHROUGH */
		case XML_READER_TYPE_END_ELEMENT:
			if (s->w.depth == 0)
				break;
			s->w.text = text->data != NULL ? text->data : "";
			s->w.textlen = text->len;
			note_fault(&s->w, fault);
			if (cb != NULL && cb(ctx, &s->w, SOAP_END) == -1)
				return -1;
			buf_reset(text);
			stack_pop(s);
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
		case XML_READER_TYPE_WHITESPACE:
			v = xmlTextReaderConstValue(rd);
			if (v != NULL && buf_append(text, v,
			    strlen((const char *)v)) == -1)
				return fail(err, errlen, "SOAP answer has a "
				    "text over %d bytes", SOAP_MAXTEXT);
			break;
		default:
			break;
		}
	}
	if (rc == -1)
		return -1;
	if (!saw_env)
		return fail(err, errlen, "answer is not a SOAP envelope");
	return 0;
}

int
soap_walk(const char *in, size_t len, soap_cb cb, void *ctx,
    struct soap_fault *fault, char *err, size_t errlen)
{
	xmlTextReaderPtr rd;
	struct stack s;
	struct buf text;
	struct errctx ec;
	int rc;

	memset(fault, 0, sizeof(*fault));
	memset(&s, 0, sizeof(s));
	if (len == 0)
		return fail(err, errlen, "empty answer");
	snprintf(err, errlen, "answer is not well-formed XML");
	if (len > (size_t)INT32_MAX)
		return fail(err, errlen, "answer too large");
	/* No NOENT, no DTD loading, no network: an answer is hostile. */
	rd = xmlReaderForMemory(in, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (rd == NULL)
		return fail(err, errlen, "cannot start the XML reader");
	ec.err = err;
	ec.errlen = errlen;
	ec.seen = 0;
	xmlTextReaderSetStructuredErrorHandler(rd, structured_err, &ec);
	buf_init(&text, SOAP_MAXTEXT);
	rc = walk(rd, &s, &text, cb, ctx, fault, err, errlen);
	while (s.w.depth > 0)
		stack_pop(&s);
	buf_free(&text);
	xmlFreeTextReader(rd);
	return rc;
}
