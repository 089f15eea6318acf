/*
 * page_walk.c - find the fields of page.h in a parsed page: by element
 * name, by a table row's label cell and its value cell, or by a label
 * element and its next sibling; then judge the signatures and compose
 * parse_status.  Owned by the ctl-parse engineer.
 *
 * Labels are matched on whole cells after normalisation (page_key), never
 * by patterns over flattened text, so an empty value stays empty instead
 * of taking the next label.  The walk keeps no recursion and gathering
 * text costs at most GATHER_NODES nodes, so hostile trees cost linear
 * time; entity references are skipped, never expanded.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "buf.h"
#include "page.h"
#include "page_int.h"
#include "util.h"

/* Nodes one cell's text may cost: a label is a few inline elements. */
#define GATHER_NODES	512

struct walk {
	const struct page_map	*map;
	struct page_result	*res;
	int			 html;
	int			 too_deep;
	struct buf		 text;
};

static int
name_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name != NULL &&
	    strcasecmp((const char *)n->name, name) == 0;
}

static int
is_cell(const xmlNode *n)
{
	return name_is(n, "td") || name_is(n, "th");
}

/* Does the element start a new line for a reader (a space in text)? */
static int
is_break(const xmlNode *n)
{
	char s[8];
	size_t i;

	if (n->name == NULL)
		return 0;
	for (i = 0; i < sizeof(s) - 1 && n->name[i] != '\0'; i++)
		s[i] = (char)tolower(n->name[i]);
	if (n->name[i] != '\0')
		return 0;
	s[i] = '\0';
	switch (s[0]) {
	case 'b':
		return strcmp(s, "br") == 0;
	case 'd':
		return strcmp(s, "div") == 0 || strcmp(s, "dt") == 0 ||
		    strcmp(s, "dd") == 0;
	case 'h':
		return strcmp(s, "hr") == 0;
	case 'l':
		return strcmp(s, "li") == 0;
	case 'p':
		return s[1] == '\0';
	case 't':
		return strcmp(s, "td") == 0 || strcmp(s, "th") == 0 ||
		    strcmp(s, "tr") == 0 || strcmp(s, "table") == 0;
	}
	return 0;
}

static int
has_element_child(const xmlNode *n)
{
	const xmlNode *c;

	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
}

/*
 * The text of a subtree, into w->text: text and CDATA only (entity
 * references are skipped, never expanded), a space at block boundaries,
 * at most cap bytes and GATHER_NODES nodes.  Returns 0, or -1 when a
 * limit was hit (the text is then not a label).
 */
static int
gather(struct walk *w, const xmlNode *top, size_t cap)
{
	const xmlNode *n = top;
	int nodes = 0, over = 0;

	buf_reset(&w->text);
	while (n != NULL) {
		if (++nodes > GATHER_NODES)
			return -1;
		if (n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) {
			size_t len;

			if (n->content == NULL)
				goto next;
			len = strlen((const char *)n->content);
			if (w->text.len + len > cap) {
				len = cap - w->text.len;
				over = 1;
			}
			buf_append(&w->text, n->content, len);
			if (over)
				return -1;
		} else if (n->type == XML_ELEMENT_NODE) {
			if (n != top && (name_is(n, "script") ||
			    name_is(n, "style")))
				goto next;	/* not what a person sees */
			if (n != top && is_break(n))
				buf_putc(&w->text, ' ');
			if (n->children != NULL) {
				n = n->children;
				continue;
			}
		}
next:
		while (n != top && n->next == NULL)
			n = n->parent;
		if (n == top)
			break;
		n = n->next;
	}
	return 0;
}

/*
 * A value as written to the output: white space (NBSP too) and control
 * characters collapsed to single spaces, trimmed, at most PAGE_VALMAX
 * bytes, cut on a character boundary.
 */
static char *
clean(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out = xmalloc(n + 1);
	size_t i, o = 0;
	int space = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = p[i];

		if (c < 0x20 || c == ' ' || c == 0x7f) {
			space = 1;
			continue;
		}
		if (c == 0xc2 && i + 1 < n && p[i + 1] == 0xa0) {
			i++;
			space = 1;
			continue;
		}
		if (space && o > 0)
			out[o++] = ' ';
		space = 0;
		out[o++] = (char)c;
	}
	if (o > PAGE_VALMAX) {
		o = PAGE_VALMAX;
		while (o > 0 && ((unsigned char)out[o] & 0xc0) == 0x80)
			o--;
	}
	out[o] = '\0';
	return out;
}

static void
candidate(struct walk *w, int field, int prio, const char *text, size_t len)
{
	struct page_result *r = w->res;

	if (r->val[field] != NULL && r->prio[field] <= prio)
		return;
	free(r->val[field]);
	r->val[field] = clean(text, len);
	r->prio[field] = prio;
}

/* The map entry a piece of text or a name is the label of, or -1. */
static int
label_of(const struct page_map *m, const char *s, size_t n)
{
	char key[PAGE_KEYMAX + 1];

	if (page_key(s, n, key) <= 0)
		return -1;
	return page_map_find(m, key, 0);
}

/*
 * Element names no table lists but that plainly carry a CTL or ITL hash
 * (CTLFileMD5, ITLSignatureSHA1, ...): ranked after every table entry.
 */
static int
generic_name(const char *key)
{
	static const char *const what[] = { "sig", "hash", "file", "md5",
	    "sha", "checksum" };
	size_t i;
	int f;

	if (strstr(key, "ctl") != NULL)
		f = PF_CTL;
	else if (strstr(key, "itl") != NULL)
		f = PF_ITL;
	else
		return -1;
	for (i = 0; i < sizeof(what) / sizeof(what[0]); i++)
		if (strstr(key, what[i]) != NULL)
			return f;
	return -1;
}

/* <tr>: the first cell that is a label; its value is the next non-empty. */
static void
visit_row(struct walk *w, const xmlNode *tr)
{
	const xmlNode *c, *v;
	int idx;

	for (c = tr->children; c != NULL; c = c->next) {
		if (!is_cell(c))
			continue;
		if (gather(w, c, PAGE_KEYMAX * 2) == -1)
			continue;
		if ((idx = label_of(w->map, w->text.data, w->text.len)) == -1)
			continue;
		for (v = c->next; v != NULL; v = v->next) {
			char *t;

			if (!is_cell(v))
				continue;
			gather(w, v, PAGE_VALMAX);
			t = clean(w->text.data, w->text.len);
			if (t[0] != '\0') {
				candidate(w, w->map->v[idx].field, idx, t,
				    strlen(t));
				free(t);
				return;
			}
			free(t);
		}
		candidate(w, w->map->v[idx].field, idx, "", 0);
		return;
	}
}

/* <name>Label</name><value>...</value>, <dt>/<dd>: outside table rows. */
static void
visit_sibling(struct walk *w, const xmlNode *n)
{
	const xmlNode *v;
	char *t;
	int idx;

	size_t seen = 0;

	if (is_cell(n) || has_element_child(n) || name_is(n, "br"))
		return;
	/*
	 * Bounded: without it every leaf of a run of N <br> scanned the
	 * rest of the run, N^2 steps for one hostile page.
	 */
	for (v = n->next; v != NULL && ++seen <= GATHER_NODES; v = v->next)
		if (v->type == XML_ELEMENT_NODE && !name_is(v, "br"))
			break;
	if (v == NULL || seen > GATHER_NODES)
		return;		/* nothing after it: not a label */
	if (gather(w, n, PAGE_KEYMAX * 2) == -1)
		return;
	if ((idx = label_of(w->map, w->text.data, w->text.len)) == -1)
		return;
	gather(w, v, PAGE_VALMAX);
	t = clean(w->text.data, w->text.len);
	/* A label right after a label: this one is empty, take nothing. */
	if (label_of(w->map, t, strlen(t)) != -1)
		t[0] = '\0';
	candidate(w, w->map->v[idx].field, idx, t, strlen(t));
	free(t);
}

static void
visit(struct walk *w, const xmlNode *n)
{
	char key[PAGE_KEYMAX + 1];
	int idx, f;
	size_t len;

	if (n->name == NULL)
		return;
	len = strlen((const char *)n->name);
	if (!has_element_child(n) && page_key((const char *)n->name, len,
	    key) > 0) {
		if ((idx = page_map_find(w->map, key, 0)) != -1) {
			gather(w, n, PAGE_VALMAX);
			candidate(w, w->map->v[idx].field, idx, w->text.data,
			    w->text.len);
			return;
		}
		if (!w->html && (f = generic_name(key)) != -1) {
			gather(w, n, PAGE_VALMAX);
			candidate(w, f, (int)w->map->n, w->text.data,
			    w->text.len);
			return;
		}
	}
	if (name_is(n, "tr"))
		visit_row(w, n);
	else
		visit_sibling(w, n);
}

/* Pre-order over the elements under root, without recursion. */
static void
walk_tree(struct walk *w, const xmlNode *root)
{
	const xmlNode *n = root;
	int depth = 0;

	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE) {
			visit(w, n);
			if (n->children != NULL) {
				if (depth < PAGE_MAXDEPTH) {
					n = n->children;
					depth++;
					continue;
				}
				w->too_deep = 1;
			}
		}
		while (n != root && n->next == NULL) {
			n = n->parent;
			depth--;
		}
		if (n == root)
			break;
		n = n->next;
	}
}

static const char *const sig_token[] = { "ok", "missing", "empty",
    "not_installed", "not_hex", "odd_hex", "bad_length" };

/* Judge and normalise a signature in place; why gets the detail. */
static int
judge_sig(const struct page_map *m, char **valp, const char **hash,
    char *why, size_t whysz)
{
	char key[PAGE_KEYMAX + 1], *v = *valp, *hex;
	size_t i, n = 0;

	*hash = NULL;
	why[0] = '\0';
	if (v == NULL)
		return SIG_MISSING;
	if (v[0] == '\0')
		return SIG_EMPTY;
	if (page_key(v, strlen(v), key) > 0 && page_map_find(m, key, 1) != -1)
		return SIG_NOT_INSTALLED;
	hex = xmalloc(strlen(v) + 1);
	for (i = 0; v[i] != '\0'; i++) {
		unsigned char c = (unsigned char)v[i];

		if (isxdigit(c))
			hex[n++] = (char)tolower(c);
		else if (c != ' ' && c != ':' && c != '-') {
			free(hex);
			snprintf(why, whysz, "not hex: %.48s", v);
			utf8_clean(why);
			return SIG_NOT_HEX;
		}
	}
	hex[n] = '\0';
	if (n == 0) {
		free(hex);
		snprintf(why, whysz, "not hex: %.48s", v);
		utf8_clean(why);
		return SIG_NOT_HEX;
	}
	if (n % 2 != 0) {
		snprintf(why, whysz, "%zu hex digits: %.48s", n, v);
		free(hex);
		return SIG_ODD_HEX;
	}
	switch (n) {
	case 32:
		*hash = "md5";
		break;
	case 40:
		*hash = "sha1";
		break;
	case 64:
		*hash = "sha256";
		break;
	case 128:
		*hash = "sha512";
		break;
	default:
		snprintf(why, whysz, "%zu hex digits, not 32, 40, 64 or 128",
		    n);
		free(hex);
		return SIG_BAD_LENGTH;
	}
	free(v);
	*valp = hex;
	return SIG_OK;
}

/* After the walk: judge signatures, compose parse_status and error. */
static void
finish(const struct page_map *m, struct page_result *r, const char *root)
{
	char why[2][96];
	size_t o = 0;
	int f, any = 0, s;

	for (f = 0; f < PF_NFIELDS; f++)
		if (r->val[f] != NULL)
			any = 1;
	if (!any) {
		r->status = "not_phone_page";
		snprintf(r->parse_status, sizeof(r->parse_status), "%s",
		    r->status);
		snprintf(r->error, sizeof(r->error),
		    "no field ctl-parse knows (root element %.64s)", root);
		return;
	}
	r->error[0] = '\0';
	for (s = 0; s < 2; s++) {
		r->sig[s] = judge_sig(m, &r->val[s], &r->hash[s], why[s],
		    sizeof(why[s]));
		if (r->sig[s] != SIG_OK && r->val[s] != NULL) {
			free(r->val[s]);	/* unusable: unknown */
			r->val[s] = NULL;
		}
	}
	r->parse_status[0] = '\0';
	for (s = 0; s < 2; s++) {
		if (r->sig[s] == SIG_OK)
			continue;
		o += (size_t)snprintf(r->parse_status + o,
		    sizeof(r->parse_status) - o, "%s%s_%s", o > 0 ? "," : "",
		    s == 0 ? "ctl" : "itl", sig_token[r->sig[s]]);
		if (why[s][0] != '\0') {
			size_t el = strlen(r->error);

			snprintf(r->error + el, sizeof(r->error) - el,
			    "%s%s: %s", el > 0 ? "; " : "",
			    page_field_name(s), why[s]);
		}
	}
	if (o == 0)
		snprintf(r->parse_status, sizeof(r->parse_status), "ok");
}


int
page_walk(const struct page_map *map, xmlNodePtr root, int html,
    struct page_result *r)
{
	struct walk w;
	char rootname[80];

	memset(&w, 0, sizeof(w));
	w.map = map;
	w.res = r;
	w.html = html;
	buf_init(&w.text, PAGE_VALMAX + 1);
	if (root != NULL)
		walk_tree(&w, root);
	buf_free(&w.text);
	if (w.too_deep)
		return 1;
	snprintf(rootname, sizeof(rootname), "%s",
	    root != NULL && root->name != NULL ? (const char *)root->name : "");
	finish(map, r, rootname);
	return 0;
}
