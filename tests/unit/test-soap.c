/*
 * test-soap.c - SOAP envelopes built with escaping, and the streaming
 * walker on public sample answers, faults and hostile input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "soap.h"
#include "util.h"
#include "t.h"

static char *
slurp(const char *path, size_t *len)
{
	struct buf b;
	char chunk[4096];
	size_t n;
	FILE *fp;

	buf_init(&b, 0);
	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(&b, chunk, n);
	fclose(fp);
	*len = b.len;
	return buf_take(&b);
}

struct count {
	int	 starts, ends;
	char	 last[64];
};

static int
counter(void *arg, const struct soap_walk *w, int ev)
{
	struct count *c = arg;

	if (ev == SOAP_START)
		c->starts++;
	else {
		c->ends++;
		snprintf(c->last, sizeof(c->last), "%s", w->path[w->depth - 1]);
	}
	return 0;
}

static int
walkstr(const char *s, struct count *c, struct soap_fault *f, char *err,
    size_t errlen)
{
	memset(c, 0, sizeof(*c));
	return soap_walk(s, strlen(s), counter, c, f, err, errlen);
}

int
main(void)
{
	struct soap_fault f;
	struct count c;
	struct buf b;
	xmlNodePtr op;
	xmlDocPtr doc;
	char err[256], *s, *deep;
	size_t len, i;
	int rc;

	doc = soap_new("http://www.cisco.com/AXL/API/14.0", "ns", "listPhone",
	    &op);
	soap_add(soap_add(op, NULL, "searchCriteria", NULL), NULL, "name",
	    "AT&T<\"x\">");
	buf_init(&b, 0);
	T(soap_dump(doc, &b) == 0, "envelope serialises");
	T(strstr(b.data, "<name>AT&amp;T&lt;\"x\"&gt;</name>") != NULL,
	    "a value with & < > is escaped, not lost, in an unqualified "
	    "child");
	T(strstr(b.data, "xmlns:soapenv=\"" SOAP_ENV_NS "\"") != NULL &&
	    strstr(b.data, "<ns:listPhone>") != NULL,
	    "envelope and operation carry their namespaces");
	rc = walkstr(b.data, &c, &f, err, sizeof(err));
	T(rc == 0 && !f.present && c.starts == c.ends && c.starts == 6,
	    "our own request walks back: %d elements", c.starts);
	xmlFreeDoc(doc);
	buf_free(&b);

	s = slurp("tests/fixtures/soap/axl-fault-691-executesqlupdate-mpp-tool.xml",
	    &len);
	T(s != NULL, "sample AXL fault readable");
	if (s != NULL) {
		memset(&c, 0, sizeof(c));
		rc = soap_walk(s, len, counter, &c, &f, err, sizeof(err));
		T(rc == 0 && f.present && strcmp(f.axlcode, "-691") == 0 &&
		    strcmp(f.code, "soapenv:Client") == 0 &&
		    strncmp(f.axlmessage, "Missing key", 11) == 0,
		    "AXL fault: code, axlcode and message read");
		free(s);
	}
	s = slurp("tests/fixtures/soap/"
	    "risport70-selectcmdevice-response-empty-splunk-axl-app.xml", &len);
	if (s != NULL) {
		memset(&c, 0, sizeof(c));
		rc = soap_walk(s, len, counter, &c, &f, err, sizeof(err));
		T(rc == 0 && !f.present && strcmp(c.last, "Envelope") == 0,
		    "empty RisPort answer with xsi:nil walks cleanly");
		free(s);
	} else
		T(0, "sample RisPort answer readable");

	rc = walkstr("<a/>", &c, &f, err, sizeof(err));
	T(rc == -1 && strcmp(err, "answer is not a SOAP envelope") == 0,
	    "not an envelope: %s", err);
	rc = walkstr("<soapenv:Envelope xmlns:soapenv=\"" SOAP_ENV_NS
	    "\"><soapenv:Body><x>", &c, &f, err, sizeof(err));
	T(rc == -1 && strncmp(err, "not well-formed XML", 19) == 0,
	    "truncated answer: %s", err);
	rc = walkstr("<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x "
	    "SYSTEM \"file:///etc/passwd\">]><soapenv:Envelope xmlns:soapenv=\""
	    SOAP_ENV_NS "\">&x;</soapenv:Envelope>", &c, &f, err, sizeof(err));
	T(rc == -1 && strstr(err, "DTD") != NULL,
	    "a DTD with an external entity is refused: %s", err);
	rc = walkstr("", &c, &f, err, sizeof(err));
	T(rc == -1 && strcmp(err, "empty answer") == 0,
	    "empty answer is an error: %s", err);

	deep = xmalloc(100 * 4 + 200);
	len = (size_t)snprintf(deep, 200, "<soapenv:Envelope xmlns:soapenv=\""
	    SOAP_ENV_NS "\">");
	for (i = 0; i < 100; i++) {
		memcpy(deep + len, "<a>", 3);
		len += 3;
	}
	deep[len] = '\0';
	rc = walkstr(deep, &c, &f, err, sizeof(err));
	T(rc == -1 && strstr(err, "deeper") != NULL,
	    "nesting past %d is refused: %s", SOAP_MAXDEPTH, err);
	free(deep);
	return t_done();
}
