/*
 * ris.c - the RisPort70 side of ctl-list-phones: selectCmDeviceExt for
 * the listed phones in batches, paced to the cluster's rate limit, with
 * StateInfo paging, waiting on rate faults, and one row kept per phone.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cucm.h"
#include "list.h"
#include "soap.h"
#include "util.h"

#define RIS_PATH	"/realtimeservice2/services/RISService70"
#define RIS_NS		"http://schemas.cisco.com/ast/soap"
#define RIS_MAXANSWER	(64UL * 1024 * 1024)
#define RIS_MAXPAGES	20	/* StateInfo pages per batch */

struct risctx {
	struct table	*t;
	struct phone	 dev;		/* the device being read */
	char		*node;		/* CmNodes/item/Name */
	char		*state;		/* StateInfo to send back */
	long		 devices;	/* devices in this answer */
	long long	 total;		/* TotalDevicesFound */
	int		 gotip;
	int		 badns;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
sleep_until(double when)
{
	struct timespec ts;
	double d;

	while ((d = when - now()) > 0) {
		ts.tv_sec = (time_t)d;
		ts.tv_nsec = (long)((d - (double)ts.tv_sec) * 1e9);
		if (nanosleep(&ts, NULL) == -1 && errno != EINTR)
			break;
	}
}

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
		rc->badns = 1;
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
			rc->devices++;
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
			rc->total = v;
		return 0;
	}
	if (soap_path_ends(w, nodename, 3)) {
		free(rc->node);
		rc->node = xstrndup(w->text, w->textlen);
		return 0;
	}
	if (soap_path_ends(w, state, 1) && w->depth >= 2 &&
	    strcmp(w->path[w->depth - 2], "CmSelectionCriteria") != 0) {
		free(rc->state);
		rc->state = xstrndup(w->text, w->textlen);
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

static xmlDocPtr
request(const struct table *t, size_t from, size_t n, const char *state)
{
	xmlNodePtr op, crit, items, item;
	xmlDocPtr doc;
	xmlNsPtr ns;
	size_t i;

	doc = soap_new(RIS_NS, "soap", "selectCmDeviceExt", &op);
	ns = op->ns;
	soap_add(op, ns, "StateInfo", state);
	crit = soap_add(op, ns, "CmSelectionCriteria", NULL);
	soap_add(crit, ns, "MaxReturnedDevices", "1000");
	soap_add(crit, ns, "DeviceClass", "Phone");
	soap_add(crit, ns, "Model", "255");
	soap_add(crit, ns, "Status", "Any");
	soap_add(crit, ns, "NodeName", NULL);
	soap_add(crit, ns, "SelectBy", "Name");
	items = soap_add(crit, ns, "SelectItems", NULL);
	for (i = from; i < from + n; i++) {
		item = soap_add(items, ns, "item", NULL);
		soap_add(item, ns, "Item", t->v[i].f[F_NAME]);
	}
	soap_add(crit, ns, "Protocol", "Any");
	soap_add(crit, ns, "DownloadStatus", "Any");
	return doc;
}

static int
is_rate_fault(const struct soap_fault *f)
{
	return strstr(f->code, "RateControl") != NULL ||
	    strstr(f->string, "Exceeded allowed rate") != NULL;
}

struct pacer {
	double	 next;		/* earliest time of the next request */
	double	 interval;
};

/*
 * One selectCmDeviceExt call with retries.  Returns 0, or -1 when the
 * batch is given up (the reason in err).
 */
static int
call(struct cucm_conn *c, const struct run *r, struct pacer *pc,
    xmlDocPtr doc, struct risctx *rc, char *err, size_t errlen)
{
	struct soap_fault f;
	struct buf body, ans;
	double wait;
	long code;
	int try, rv = -1, ratefaults = 0;

	buf_init(&body, RIS_MAXANSWER);
	buf_init(&ans, RIS_MAXANSWER);
	if (soap_dump(doc, &body) == -1)
		die(EXIT_SYSTEM, "risport: request too large");
	for (try = 1; try <= r->tries; try++) {
		sleep_until(pc->next);
		pc->next = now() + pc->interval;
		switch (cucm_post(c, RIS_PATH, "selectCmDeviceExt", &body,
		    &ans, &code, err, errlen)) {
		case 0:
			break;
		case CUCM_ERR_AUTH:
			die(EXIT_SYSTEM, "%s: risport: %s", cucm_url(c), err);
		default:
			continue;
		}
		rc->devices = 0;
		rc->total = -1;
		rc->badns = 0;
		if (soap_walk(ans.data, ans.len, on_ris, rc, &f, err,
		    errlen) == -1)
			continue;
		if (f.present && is_rate_fault(&f)) {
			/* The limit is shared by every RIS client. */
			wait = r->backoff * (1 << (ratefaults < 4 ?
			    ratefaults : 4));
			ratefaults++;
			warnx_("risport: rate limited (%s); waiting %.0f s",
			    f.string, wait);
			snprintf(err, errlen, "rate limited: %.400s", f.string);
			pc->next = now() + wait;
			continue;
		}
		if (f.present) {
			snprintf(err, errlen, "fault %.100s: %.300s", f.code,
			    f.string);
			continue;
		}
		if (rc->badns) {
			snprintf(err, errlen, "answer not in namespace %s",
			    RIS_NS);
			continue;
		}
		rv = 0;
		break;
	}
	buf_free(&body);
	buf_free(&ans);
	return rv;
}

size_t
ris_fill(struct cucm_conn *c, const struct run *r, struct table *t)
{
	struct pacer pc = { 0, 60.0 / r->rate };
	struct risctx rc;
	size_t from, n, i, unknown = 0, nbatch = 0;
	char err[512], *prev;
	xmlDocPtr doc;
	long long seen;
	int page;

	memset(&rc, 0, sizeof(rc));
	rc.t = t;
	for (from = 0; from < t->n; from += n) {
		n = t->n - from < (size_t)r->batch ? t->n - from :
		    (size_t)r->batch;
		nbatch++;
		free(rc.state);
		rc.state = NULL;
		seen = 0;
		for (page = 0; page < RIS_MAXPAGES; page++) {
			prev = rc.state != NULL ? xstrdup(rc.state) : NULL;
			doc = request(t, from, n, prev);
			if (call(c, r, &pc, doc, &rc, err, sizeof(err)) == -1) {
				warnx_("%s: risport batch %zu (%zu phones): "
				    "gave up after %d tries: %s", cucm_url(c),
				    nbatch, n, r->tries, err);
				for (i = from; i < from + n; i++)
					if (!t->v[i].ris)
						phone_set(&t->v[i], F_STATUS,
						    "unknown", 7);
				xmlFreeDoc(doc);
				free(prev);
				break;
			}
			xmlFreeDoc(doc);
			seen += rc.devices;
			/* More pages only while the server says there are. */
			if (rc.devices == 0 || rc.total <= seen ||
			    rc.state == NULL ||
			    rc.state[0] == '\0' || (prev != NULL &&
			    strcmp(prev, rc.state) == 0)) {
				free(prev);
				break;
			}
			free(prev);
		}
		if (r->tty)
			fprintf(stderr, "\rctl-list-phones: risport: %zu/%zu",
			    from + n, t->n);
	}
	if (r->tty && t->n > 0)
		fputc('\n', stderr);
	for (i = 0; i < t->n; i++) {
		if (t->v[i].f[F_STATUS] != NULL &&
		    strcmp(t->v[i].f[F_STATUS], "unknown") == 0)
			unknown++;
		else if (!t->v[i].ris)
			phone_set(&t->v[i], F_STATUS, "not_found", 9);
	}
	clear(&rc.dev);
	free(rc.node);
	free(rc.state);
	return unknown;
}
