/*
 * risport.c - read a RisPort70 selectCmDeviceExt answer into the phone
 * table: one entry per device and node, the registered one kept, by
 * namespace and local name whatever the prefixes.  See phones.h.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phones.h"
#include "soap.h"
#include "util.h"

struct risctx {
	struct table	*t;
	struct ris_page	*pg;
	struct phone	 dev;		/* the device being read */
	char		*node;		/* CmNodes/item/Name */
	int		 gotip;
};

/* Lower-case, and only [a-z0-9_]: the status is a word, not a payload. */
static void
set_word(struct phone *p, enum pfield f, const char *s, size_t n)
{
	char w[32];
	size_t i, o = 0;

	for (i = 0; i < n && o < sizeof(w) - 1; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isalnum(c))
			w[o++] = (char)tolower(c);
		else if (c == '_' || c == ' ' || c == '-')
			w[o++] = '_';
	}
	w[o] = '\0';
	if (f == F_STATUS && strcmp(w, "partiallyregistered") == 0)
		phone_set(p, f, "partially_registered", 20);
	else
		phone_set(p, f, w, o);
}

static void
clear(struct phone *p)
{
	size_t i;

	for (i = 0; i < F_NFIELDS; i++)
		free(p->f[i]);
	memset(p, 0, sizeof(*p));
}

/* Keep the registered entry of a device seen on several nodes. */
static void
merge(struct risctx *rc)
{
	static const enum pfield from_ris[] = {
		F_STATUS, F_IP, F_NODE, F_ACTIVE_LOAD, F_HTTPD
	};
	struct phone *p, *d = &rc->dev;
	size_t i;
	int reg;

	if (d->f[F_NAME] == NULL || (p = table_find(rc->t,
	    d->f[F_NAME])) == NULL)
		return;
	reg = d->f[F_STATUS] != NULL && strcmp(d->f[F_STATUS],
	    "registered") == 0;
	if (p->ris && (p->registered > reg ||
	    (p->registered == reg && p->stamp > d->stamp)))
		return;
	p->ris = 1;
	p->registered = reg;
	p->stamp = d->stamp;
	if (rc->node != NULL)
		phone_set(d, F_NODE, rc->node, strlen(rc->node));
	for (i = 0; i < sizeof(from_ris) / sizeof(from_ris[0]); i++) {
		free(p->f[from_ris[i]]);
		p->f[from_ris[i]] = d->f[from_ris[i]];
		d->f[from_ris[i]] = NULL;
	}
}

static int
on_ris(void *arg, const struct soap_walk *w, int ev)
{
	static const char *const node[] = { "CmNodes", "item" };
	static const char *const nodename[] = { "CmNodes", "item", "Name" };
	static const char *const dev[] = { "CmDevices", "item" };
	static const char *const ip[] = { "IPAddress", "item", "IP" };
	static const char *const state[] = { "StateInfo" };
	static const char *const total[] = { "TotalDevicesFound" };
	struct risctx *rc = arg;
	const char *tag;
	long long v;

	if (w->depth == 3 && ev == SOAP_START &&
	    strcmp(w->path[2], "Fault") != 0 && strcmp(w->ns[2], RIS_NS) != 0)
		rc->pg->badns = 1;
	if (soap_path_ends(w, node, 2) && ev == SOAP_START) {
		free(rc->node);
		rc->node = NULL;
		return 0;
	}
	if (ev != SOAP_END && !(soap_path_ends(w, dev, 2) &&
	    ev == SOAP_START))
		return 0;
	if (soap_path_ends(w, dev, 2)) {
		if (ev == SOAP_START) {
			clear(&rc->dev);
			rc->gotip = 0;
		} else {
			rc->pg->devices++;
			merge(rc);
			clear(&rc->dev);
		}
		return 0;
	}
	if (soap_path_ends(w, total, 1)) {
		char num[32];

		snprintf(num, sizeof(num), "%.*s",
		    (int)(w->textlen < 31 ? w->textlen : 31), w->text);
		if (parse_ll(num, 0, 1LL << 40, &v, NULL) == 0)
			rc->pg->total = v;
		return 0;
	}
	if (soap_path_ends(w, nodename, 3)) {
		free(rc->node);
		rc->node = xstrndup(w->text, w->textlen);
		return 0;
	}
	if (soap_path_ends(w, state, 1) && w->depth >= 2 &&
	    strcmp(w->path[w->depth - 2], "CmSelectionCriteria") != 0) {
		free(rc->pg->state);
		rc->pg->state = xstrndup(w->text, w->textlen);
		return 0;
	}
	if (soap_path_ends(w, ip, 3) && w->depth >= 4 &&
	    strcmp(w->path[w->depth - 4], "item") == 0) {
		if (!rc->gotip && w->textlen > 0) {
			phone_set(&rc->dev, F_IP, w->text, w->textlen);
			rc->gotip = 1;
		}
		return 0;
	}
	if (w->depth < 3 || strcmp(w->path[w->depth - 2], "item") != 0 ||
	    strcmp(w->path[w->depth - 3], "CmDevices") != 0)
		return 0;
	tag = w->path[w->depth - 1];
	if (strcmp(tag, "Name") == 0)
		phone_set(&rc->dev, F_NAME, w->text, w->textlen);
	else if (strcmp(tag, "Status") == 0)
		set_word(&rc->dev, F_STATUS, w->text, w->textlen);
	else if (strcmp(tag, "ActiveLoadID") == 0)
		phone_set(&rc->dev, F_ACTIVE_LOAD, w->text, w->textlen);
	else if (strcmp(tag, "Httpd") == 0) {
		set_word(&rc->dev, F_HTTPD, w->text, w->textlen);
		if (strcmp(rc->dev.f[F_HTTPD], "yes") != 0 &&
		    strcmp(rc->dev.f[F_HTTPD], "no") != 0)
			phone_set(&rc->dev, F_HTTPD, "", 0);
	} else if (strcmp(tag, "TimeStamp") == 0) {
		char num[32];

		snprintf(num, sizeof(num), "%.*s",
		    (int)(w->textlen < 31 ? w->textlen : 31), w->text);
		if (parse_ll(num, 0, 1LL << 62, &v, NULL) == 0)
			rc->dev.stamp = v;
	}
	return 0;
}


int
ris_parse(const char *ans, size_t len, struct table *t, struct ris_page *pg,
    struct soap_fault *f, char *err, size_t errlen)
{
	struct risctx rc;
	int rv;

	memset(&rc, 0, sizeof(rc));
	rc.t = t;
	rc.pg = pg;
	free(pg->state);
	memset(pg, 0, sizeof(*pg));
	pg->total = -1;
	rv = soap_walk(ans, len, on_ris, &rc, f, err, errlen);
	clear(&rc.dev);
	free(rc.node);
	return rv;
}

void
ris_page_free(struct ris_page *pg)
{
	free(pg->state);
	pg->state = NULL;
}
