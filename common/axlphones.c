/*
 * axlphones.c - read an AXL listPhone answer into the phone table.
 * See phones.h.
 */
#include <stdlib.h>
#include <string.h>

#include "phones.h"
#include "soap.h"
#include "util.h"

struct listctx {
	struct table	*t;
	struct phone	 cur;		/* the phone being read */
	long		 got;		/* phones in this page */
	int		 inphone;
};

static int
on_list(void *arg, const struct soap_walk *w, int ev)
{
	static const char *const phone[] = { "return", "phone" };
	static const struct { const char *tag; enum pfield f; } map[] = {
		{ "name", F_NAME }, { "description", F_DESCRIPTION },
		{ "model", F_MODEL }, { "protocol", F_PROTOCOL },
		{ "devicePoolName", F_DEVICE_POOL },
	};
	struct listctx *lc = arg;
	struct phone *p;
	size_t i;
	int isnew;

	if (soap_path_ends(w, phone, 2) && w->depth == 5) {
		if (ev == SOAP_START) {
			/* A phone inside a phone: drop what the outer had. */
			for (i = 0; i < F_NFIELDS; i++)
				free(lc->cur.f[i]);
			memset(&lc->cur, 0, sizeof(lc->cur));
			lc->inphone = 1;
			return 0;
		}
		lc->inphone = 0;
		lc->got++;
		if (lc->cur.f[F_NAME] != NULL && lc->cur.f[F_NAME][0] != '\0' &&
		    lc->t->n < MAXPHONES) {
			p = table_add(lc->t, lc->cur.f[F_NAME], &isnew);
			for (i = 1; i < F_NFIELDS; i++) {
				free(p->f[i]);
				p->f[i] = lc->cur.f[i];
				lc->cur.f[i] = NULL;
			}
		}
		for (i = 0; i < F_NFIELDS; i++)
			free(lc->cur.f[i]);
		memset(&lc->cur, 0, sizeof(lc->cur));
		return 0;
	}
	if (ev != SOAP_END || !lc->inphone || w->depth != 6)
		return 0;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(w->path[5], map[i].tag) == 0)
			phone_set(&lc->cur, map[i].f, w->text, w->textlen);
	return 0;
}

int
axl_phones_parse(const char *ans, size_t len, struct table *t, long *got,
    struct soap_fault *f, char *err, size_t errlen)
{
	struct listctx lc;
	size_t i;
	int rv;

	memset(&lc, 0, sizeof(lc));
	lc.t = t;
	rv = soap_walk(ans, len, on_list, &lc, f, err, errlen);
	/* An answer cut inside a phone leaves its fields here. */
	for (i = 0; i < F_NFIELDS; i++)
		free(lc.cur.f[i]);
	*got = lc.got;
	return rv;
}
