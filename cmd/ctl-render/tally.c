/*
 * tally.c - results, their names and ranks, and the bounded counting of
 * distinct values (models, TFTP servers, device pools, reasons) behind
 * the summary.  Owned by the render engineer (issue 7).
 *
 * Memory stays bounded whatever the input: a tally holds at most max
 * distinct keys of at most TALLY_KEYMAX bytes each; the rest is counted
 * in one bucket, which the report shows as such.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "render.h"
#include "util.h"

const char *const col_names[C_N] = {
	"name", "description", "model", "device_pool", "status", "ip",
	"node", "active_load", "cluster", "cluster_security_mode",
	"fetch_status", "http_code", "fetch_error", "parse_status",
	"ctl_signature", "itl_signature", "tftp_server", "security_mode",
	"ctl_expected", "ctl_result", "itl_expected", "itl_result",
	"result", "hint"
};

static const struct {
	const char *name, *label, *symbol;
} results[R_N] = {
	[R_MISMATCH] = { "mismatch", "mismatch", "\xe2\x9c\x97" },
	[R_OTHER] = { "other", "unknown", "!" },
	[R_UNCHECKED] = { "unchecked", "unchecked", "?" },
	[R_NOT_INSTALLED] = { "not_installed", "not installed",
	    "\xe2\x88\x85" },
	[R_NOT_APPLICABLE] = { "not_applicable", "not applicable",
	    "\xe2\x80\x93" },
	[R_MATCH] = { "match", "match", "\xe2\x9c\x93" },
};

enum res
res_parse(const char *s)
{
	int i;

	for (i = 0; i < R_N; i++)
		if (i != R_OTHER && strcmp(s, results[i].name) == 0)
			return (enum res)i;
	return R_OTHER;
}

const char *
res_name(enum res r)
{
	return results[r].name;
}

const char *
res_label(enum res r)
{
	return results[r].label;
}

const char *
res_symbol(enum res r)
{
	return results[r].symbol;
}

const char *
unchecked_why(char *const *f, const int *col, char *tmp, size_t tmpsz)
{
	const char *fs = FIELD(f, col, C_FETCH_STATUS);
	const char *ps = FIELD(f, col, C_PARSE_STATUS);
	const char *hint = FIELD(f, col, C_HINT);

	if (*fs != '\0' && strcmp(fs, "ok") != 0) {
		snprintf(tmp, tmpsz, "fetch: %s", fs);
		return tmp;
	}
	if (*ps != '\0' && strcmp(ps, "ok") != 0) {
		snprintf(tmp, tmpsz, "parse: %s", ps);
		return tmp;
	}
	if (*hint != '\0')
		return hint;
	return "no reason given";
}

void
tally_init(struct tally *t, size_t max)
{
	memset(t, 0, sizeof(*t));
	t->max = max;
	t->cap = 64;
	t->ent = xcalloc(t->cap, sizeof(*t->ent));
	t->rest.key = NULL;
}

static uint64_t
hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static struct tally_ent *
slot(struct tally_ent *ent, size_t cap, const char *key, size_t n)
{
	size_t i = (size_t)hash(key, n) & (cap - 1);

	while (ent[i].key != NULL && (strlen(ent[i].key) != n ||
	    memcmp(ent[i].key, key, n) != 0))
		i = (i + 1) & (cap - 1);
	return &ent[i];
}

static void
grow(struct tally *t)
{
	struct tally_ent *old = t->ent, *e;
	size_t i, ocap = t->cap;

	t->cap *= 2;
	t->ent = xcalloc(t->cap, sizeof(*t->ent));
	for (i = 0; i < ocap; i++) {
		if (old[i].key == NULL)
			continue;
		e = slot(t->ent, t->cap, old[i].key, strlen(old[i].key));
		*e = old[i];
	}
	free(old);
}

/* Length of key cut to at most KEYMAX bytes on a character boundary. */
static size_t
cutlen(const char *key, size_t n)
{
	unsigned long cp;
	size_t i, len;

	if (n <= TALLY_KEYMAX)
		return n;
	for (i = 0; i < TALLY_KEYMAX; i += len)
		if ((len = html_utf8((const unsigned char *)key + i, n - i,
		    &cp)) == 0 || i + len > TALLY_KEYMAX)
			break;
	return i;
}

void
tally_add(struct tally *t, const char *key, enum res r)
{
	struct tally_ent *e;
	size_t n = strlen(key), cut;

	cut = cutlen(key, n);
	if (cut < n)
		t->cut++;
	e = slot(t->ent, t->cap, key, cut);
	if (e->key == NULL) {
		if (t->used >= t->max)
			e = &t->rest;
		else {
			e->key = xstrndup(key, cut);
			if (++t->used * 2 > t->cap) {
				grow(t);
				e = slot(t->ent, t->cap, key, cut);
			}
		}
	}
	e->n[r]++;
	e->total++;
}

static int
bycount(const void *a, const void *b)
{
	const struct tally_ent *x = *(struct tally_ent *const *)a;
	const struct tally_ent *y = *(struct tally_ent *const *)b;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return strcmp(x->key, y->key);
}

struct tally_ent **
tally_sorted(const struct tally *t, size_t *n)
{
	struct tally_ent **v;
	size_t i, k = 0;

	v = xreallocarray(NULL, t->used + 1, sizeof(*v));
	for (i = 0; i < t->cap; i++)
		if (t->ent[i].key != NULL)
			v[k++] = &t->ent[i];
	qsort(v, k, sizeof(*v), bycount);
	*n = k;
	return v;
}

void
tally_free(struct tally *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		free(t->ent[i].key);
	free(t->ent);
	t->ent = NULL;
}
