/*
 * expect.c - the expected CTL and ITL hashes of ctl-compare: read from
 * ctl-expect output or given by hand, and looked up for a phone.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "compare.h"
#include "hash.h"
#include "tsv.h"
#include "util.h"

const char *const kname[2] = { "CTL", "ITL" };
const char *const kpre[2] = { "ctl", "itl" };
const char *const rname[] = {
	"not_applicable", "match", "unchecked", "not_installed", "mismatch"
};
struct exp *ex;
size_t nex;

struct exp *
newexp(const char *server, int kind)
{
	struct exp *e;

	if (nex == MAXEXPECT)
		die(EXIT_USAGE, "more than %d expected files", MAXEXPECT);
	ex = xreallocarray(ex, nex + 1, sizeof(*ex));
	e = &ex[nex++];
	memset(e, 0, sizeof(*e));
	e->server = xstrdup(server);
	e->kind = kind;
	return e;
}

void
add_manual(int kind, const char *opt, const char *s)
{
	char hex[HASH_HEXMAX];
	struct exp *e;
	int a;

	if ((a = hash_normalize(s, hex)) < 0)
		die(EXIT_USAGE, "%s %s: not a hash (32, 40, 64 or 128 hex "
		    "digits)", opt, s);
	e = newexp("", kind);
	e->manual = 1;
	e->served = 1;
	memcpy(e->hex[a], hex, sizeof(hex));
}

void
read_expect(const char *path)
{
	static const char *const hcol[HASH_NALG] = {
		"md5", "sha1", "sha256", "sha512"
	};
	struct tsv_reader r;
	size_t cs, cf, ch[HASH_NALG], a;
	struct exp *e;
	const char *f;
	FILE *fp;
	int kind;

	if ((fp = fopen(path, "r")) == NULL)
		die_errno(EXIT_USAGE, "%s", path);
	tsv_open_or_die(&r, fp, path);
	cs = tsv_need(&r, "tftp_server");
	cf = tsv_need(&r, "file");
	for (a = 0; a < HASH_NALG; a++)
		ch[a] = tsv_need(&r, hcol[a]);
	while (tsv_next(&r) == 1) {
		f = r.fields[cf];
		if (strcasecmp(f, "CTLFile.tlv") == 0)
			kind = K_CTL;
		else if (strcasecmp(f, "ITLFile.tlv") == 0)
			kind = K_ITL;
		else
			continue;
		e = newexp(r.fields[cs], kind);
		for (a = 0; a < HASH_NALG; a++) {
			if (r.fields[ch[a]][0] == '\0')
				continue;
			if (hash_normalize(r.fields[ch[a]], e->hex[a]) !=
			    (int)a)
				die(EXIT_USAGE, "%s:%lu: %s is not a %s hash",
				    path, r.lineno, r.fields[ch[a]], hcol[a]);
			e->served = 1;
		}
	}
	tsv_close(&r);
	fclose(fp);
}

void
free_exp(void)
{
	size_t i;

	for (i = 0; i < nex; i++)
		free(ex[i].server);
	free(ex);
	ex = NULL;
	nex = 0;
}

int
rank(const struct exp *e, const char *s1, const char *s2)
{
	if (e->server[0] == '\0')
		return 3;
	if (s1[0] != '\0' && strcasecmp(e->server, s1) == 0)
		return 0;
	if (s2[0] != '\0' && strcasecmp(e->server, s2) == 0)
		return 1;
	return 2;
}

/* Best candidate of kind k in algorithm a: own server first. */
const struct exp *
lookup(int k, int a, const char *s1, const char *s2, const char *val,
    const struct exp **first, int *nserved, int *own_known, int *nless)
{
	const struct exp *best = NULL, *e;
	int r, bestr = 9, firstr = 9;
	size_t i;

	*first = NULL;
	*nserved = 0;
	*own_known = 0;
	*nless = 0;
	for (i = 0; i < nex; i++) {
		e = &ex[i];
		if (e->kind != k)
			continue;
		r = rank(e, s1, s2);
		if (r == 0)
			*own_known = 1;
		if (!e->served || e->hex[a][0] == '\0')
			continue;
		(*nserved)++;
		if (r == 3)
			(*nless)++;
		if (r < firstr) {
			*first = e;
			firstr = r;
		}
		if (strcmp(e->hex[a], val) == 0 && r < bestr) {
			best = e;
			bestr = r;
		}
	}
	return best;
}

/* Any expectation of kind k at all, and whether any says "served". */
void
kind_summary(int k, int *rows, int *served)
{
	size_t i;

	*rows = *served = 0;
	for (i = 0; i < nex; i++)
		if (ex[i].kind == k) {
			(*rows)++;
			if (ex[i].served)
				(*served)++;
		}
}

const char *
server_label(const struct exp *e)
{
	if (e->manual)
		return e->kind == K_CTL ? "--ctl" : "--itl";
	return e->server[0] != '\0' ? e->server : "local file";
}

