/*
 * axl.c - the AXL side of ctl-list-phones: listPhone, paged with skip and
 * first, and executeSQLQuery for the cluster security mode.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cucm.h"
#include "list.h"
#include "soap.h"
#include "util.h"

#define AXL_PATH	"/axl/"
#define AXL_NS		"http://www.cisco.com/AXL/API/"
#define AXL_MAXANSWER	(64UL * 1024 * 1024)

static void
axl_call(struct cucm_conn *c, const struct run *r, const char *op,
    xmlDocPtr doc, struct buf *ans)
{
	struct buf body;
	char action[128], err[512];
	long code;
	int rc;

	buf_init(&body, AXL_MAXANSWER);
	if (soap_dump(doc, &body) == -1)
		die(EXIT_SYSTEM, "axl %s: request too large", op);
	snprintf(action, sizeof(action), "CUCM:DB ver=%s %s", r->axl_version,
	    op);
	rc = cucm_post(c, AXL_PATH, action, &body, ans, &code, err,
	    sizeof(err));
	buf_free(&body);
	if (rc != 0)
		die(EXIT_SYSTEM, "%s: axl %s: %s", cucm_url(c), op, err);
}

static xmlDocPtr
axl_new(const struct run *r, const char *op, xmlNodePtr *opnode)
{
	char ns[128];

	snprintf(ns, sizeof(ns), "%s%s", AXL_NS, r->axl_version);
	return soap_new(ns, "ns", op, opnode);
}

static void
fault_die(struct cucm_conn *c, const char *op, const struct soap_fault *f)
    CTL_NORETURN;

static void
fault_die(struct cucm_conn *c, const char *op, const struct soap_fault *f)
{
	die(EXIT_SYSTEM, "%s: axl %s: fault %s: %s", cucm_url(c), op,
	    f->axlcode[0] != '\0' ? f->axlcode : f->code,
	    f->axlmessage[0] != '\0' ? f->axlmessage : f->string);
}

void
axl_list_phones(struct cucm_conn *c, const struct run *r, struct table *t)
{
	struct soap_fault f;
	struct buf ans;
	xmlNodePtr op, n;
	xmlDocPtr doc;
	char err[256], skip[32], first[32];
	long page, got;
	size_t before;

	buf_init(&ans, AXL_MAXANSWER);
	for (page = 0; t->n < MAXPHONES; page++) {
		doc = axl_new(r, "listPhone", &op);
		n = soap_add(op, NULL, "searchCriteria", NULL);
		soap_add(n, NULL, "name", r->match);
		n = soap_add(op, NULL, "returnedTags", NULL);
		soap_add(n, NULL, "name", NULL);
		soap_add(n, NULL, "description", NULL);
		soap_add(n, NULL, "model", NULL);
		soap_add(n, NULL, "protocol", NULL);
		soap_add(n, NULL, "devicePoolName", NULL);
		snprintf(skip, sizeof(skip), "%ld", page * r->page);
		snprintf(first, sizeof(first), "%ld", r->page);
		soap_add(op, NULL, "skip", skip);
		soap_add(op, NULL, "first", first);
		axl_call(c, r, "listPhone", doc, &ans);
		xmlFreeDoc(doc);
		before = t->n;
		if (axl_phones_parse(ans.data, ans.len, t, &got, &f, err,
		    sizeof(err)) == -1)
			die(EXIT_SYSTEM, "%s: axl listPhone: %s", cucm_url(c),
			    err);
		if (f.present)
			fault_die(c, "listPhone", &f);
		if (r->tty)
			fprintf(stderr, "\rctl-list-phones: axl: %zu phones",
			    t->n);
		if (got < r->page)
			break;
		/*
		 * A full page of names already seen: the server ignores skip
		 * and would be asked forever.  A partial list must not pass
		 * for the whole cluster.
		 */
		if (t->n == before)
			die(EXIT_SYSTEM, "%s: axl listPhone: page %ld "
			    "(skip %s) holds no new phone; paging does not "
			    "advance", cucm_url(c), page + 1, skip);
	}
	if (r->tty)
		fputc('\n', stderr);
	if (t->n >= MAXPHONES)
		warnx_("axl: stopped at %d phones", MAXPHONES);
	buf_free(&ans);
}

struct sqlctx {
	char	 value[16];
	int	 rows;
};

static int
on_sql(void *arg, const struct soap_walk *w, int ev)
{
	static const char *const val[] = { "return", "row", "paramvalue" };
	struct sqlctx *sc = arg;

	if (ev == SOAP_END && soap_path_ends(w, val, 3)) {
		sc->rows++;
		snprintf(sc->value, sizeof(sc->value), "%.*s",
		    (int)(w->textlen < 15 ? w->textlen : 15), w->text);
	}
	return 0;
}

char *
axl_security_mode(struct cucm_conn *c, const struct run *r)
{
	struct sqlctx sc = { "", 0 };
	struct soap_fault f;
	struct buf ans;
	xmlNodePtr op;
	xmlDocPtr doc;
	char err[256];

	buf_init(&ans, 1024 * 1024);
	doc = axl_new(r, "executeSQLQuery", &op);
	soap_add(op, NULL, "sql", "select paramname,paramvalue from "
	    "processconfig where paramname='ClusterSecurityMode'");
	axl_call(c, r, "executeSQLQuery", doc, &ans);
	xmlFreeDoc(doc);
	if (soap_walk(ans.data, ans.len, on_sql, &sc, &f, err,
	    sizeof(err)) == -1)
		die(EXIT_SYSTEM, "%s: axl executeSQLQuery: %s", cucm_url(c),
		    err);
	buf_free(&ans);
	if (f.present) {
		warnx_("axl executeSQLQuery: fault %s: %s; cluster security "
		    "mode unknown", f.axlcode[0] != '\0' ? f.axlcode : f.code,
		    f.axlmessage[0] != '\0' ? f.axlmessage : f.string);
		return xstrdup("");
	}
	if (sc.rows != 1 || (strcmp(sc.value, "0") != 0 &&
	    strcmp(sc.value, "1") != 0)) {
		warnx_("axl: ClusterSecurityMode is not 0 or 1; cluster "
		    "security mode unknown");
		return xstrdup("");
	}
	return xstrdup(sc.value);
}
