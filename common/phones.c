/*
 * phones.c - the phone table: insertion order kept, names hashed without
 * regard to case, as CUCM treats device names.  See phones.h.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "phones.h"
#include "util.h"

static size_t
hashname(const char *s)
{
	size_t h = 5381;

	for (; *s != '\0'; s++)
		h = h * 33 + (size_t)tolower((unsigned char)*s);
	return h;
}

static void
rehash(struct table *t)
{
	size_t i, j;

	free(t->slot);
	t->nslot = t->nslot == 0 ? 1024 : t->nslot * 2;
	t->slot = xcalloc(t->nslot, sizeof(*t->slot));
	for (i = 0; i < t->n; i++) {
		j = hashname(t->v[i].f[F_NAME]) & (t->nslot - 1);
		while (t->slot[j] != 0)
			j = (j + 1) & (t->nslot - 1);
		t->slot[j] = i + 1;
	}
}

struct phone *
table_find(const struct table *t, const char *name)
{
	size_t j;

	if (t->nslot == 0)
		return NULL;
	j = hashname(name) & (t->nslot - 1);
	for (; t->slot[j] != 0; j = (j + 1) & (t->nslot - 1))
		if (strcasecmp(t->v[t->slot[j] - 1].f[F_NAME], name) == 0)
			return &t->v[t->slot[j] - 1];
	return NULL;
}

struct phone *
table_add(struct table *t, const char *name, int *isnew)
{
	struct phone *p;

	if ((p = table_find(t, name)) != NULL) {
		*isnew = 0;
		return p;
	}
	*isnew = 1;
	if (t->n == t->cap) {
		t->cap = t->cap == 0 ? 256 : t->cap * 2;
		t->v = xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	p = &t->v[t->n++];
	memset(p, 0, sizeof(*p));
	p->f[F_NAME] = xstrdup(name);
	if (t->n * 2 > t->nslot)
		rehash(t);
	else {
		size_t j = hashname(name) & (t->nslot - 1);

		while (t->slot[j] != 0)
			j = (j + 1) & (t->nslot - 1);
		t->slot[j] = t->n;
	}
	return p;
}

void
phone_set(struct phone *p, enum pfield f, const char *s, size_t n)
{
	free(p->f[f]);
	p->f[f] = xstrndup(s, n);
}

void
table_free(struct table *t)
{
	size_t i, j;

	for (i = 0; i < t->n; i++)
		for (j = 0; j < F_NFIELDS; j++)
			free(t->v[i].f[j]);
	free(t->v);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

int
like(const char *pat, const char *s)
{
	for (; *pat != '\0'; pat++, s++) {
		if (*pat == '%') {
			while (pat[1] == '%')
				pat++;
			if (pat[1] == '\0')
				return 1;
			for (; *s != '\0'; s++)
				if (like(pat + 1, s))
					return 1;
			return 0;
		}
		if (*s == '\0')
			return 0;
		if (*pat != '_' && tolower((unsigned char)*pat) !=
		    tolower((unsigned char)*s))
			return 0;
	}
	return *s == '\0';
}

