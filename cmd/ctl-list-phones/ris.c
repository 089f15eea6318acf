/*
 * ris.c - the RisPort70 side of ctl-list-phones: selectCmDeviceExt for
 * the listed phones in batches, paced to the cluster's rate limit, with
 * StateInfo paging, waiting on rate faults, and one row kept per phone.
 */
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
#define RIS_MAXANSWER	(64UL * 1024 * 1024)
#define RIS_MAXPAGES	20	/* StateInfo pages per batch */

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
    xmlDocPtr doc, struct table *t, struct ris_page *pg, char *err,
    size_t errlen)
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
		if (ris_parse(ans.data, ans.len, t, pg, &f, err, errlen) == -1)
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
		if (pg->badns) {
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
	struct ris_page pg = { 0, -1, NULL, 0 };
	size_t from, n, i, unknown = 0, nbatch = 0;
	char err[512], *prev;
	xmlDocPtr doc;
	long long seen;
	int page;

	for (from = 0; from < t->n; from += n) {
		n = t->n - from < (size_t)r->batch ? t->n - from :
		    (size_t)r->batch;
		nbatch++;
		ris_page_free(&pg);
		seen = 0;
		for (page = 0; page < RIS_MAXPAGES; page++) {
			prev = pg.state != NULL ? xstrdup(pg.state) : NULL;
			doc = request(t, from, n, prev);
			if (call(c, r, &pc, doc, t, &pg, err,
			    sizeof(err)) == -1) {
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
			seen += pg.devices;
			/* More pages only while the server says there are. */
			if (pg.devices == 0 || pg.total <= seen ||
			    pg.state == NULL ||
			    pg.state[0] == '\0' || (prev != NULL &&
			    strcmp(prev, pg.state) == 0)) {
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
	ris_page_free(&pg);
	return unknown;
}
