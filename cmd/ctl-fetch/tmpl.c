/*
 * tmpl.c - URL templates of ctl-fetch: "http://{ip}/x" names input columns
 * in braces.  Values from the input are untrusted, so the ip column must be
 * an address literal (a host name there would send the request wherever
 * DNS says) and every other value is percent-encoded.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "fetch.h"
#include "util.h"

/* Longest URL built: values come from input, so the URL is capped. */
#define URL_MAX	8192

static void
add_part(struct tmpl *t, const char *lit, size_t n, int col)
{
	struct tmpl_part *p;

	t->parts = xreallocarray(t->parts, t->nparts + 1, sizeof(*t->parts));
	p = &t->parts[t->nparts++];
	p->lit = lit != NULL ? xstrndup(lit, n) : NULL;
	p->col = col;
}

void
tmpl_parse(struct tmpl *t, const char *text, const struct tsv_reader *r)
{
	const char *p, *open, *close;
	char *name;
	int col;

	memset(t, 0, sizeof(*t));
	t->text = text;
	if (strncasecmp(text, "http://", 7) != 0 &&
	    strncasecmp(text, "https://", 8) != 0)
		die(EXIT_USAGE, "url template '%s': not http:// or "
		    "https://", text);
	if (strlen(text) > URL_MAX / 2)
		die(EXIT_USAGE, "url template '%s': too long", text);
	for (p = text; *p != '\0'; p = close + 1) {
		open = strchr(p, '{');
		if (strchr(p, '}') != NULL &&
		    (open == NULL || strchr(p, '}') < open))
			die(EXIT_USAGE, "url template '%s': '}' without "
			    "'{'", text);
		if (open == NULL) {
			add_part(t, p, strlen(p), -1);
			break;
		}
		if (open > p)
			add_part(t, p, (size_t)(open - p), -1);
		if ((close = strchr(open, '}')) == NULL)
			die(EXIT_USAGE, "url template '%s': '{' without "
			    "'}'", text);
		name = xstrndup(open + 1, (size_t)(close - open - 1));
		if ((col = tsv_col(r, name)) < 0)
			die(EXIT_USAGE, "url template '%s': no column '%s' "
			    "in the header", text, name);
		free(name);
		add_part(t, NULL, 0, col);
	}
}

void
tmpl_free(struct tmpl *t)
{
	size_t i;

	for (i = 0; i < t->nparts; i++)
		free(t->parts[i].lit);
	free(t->parts);
	t->parts = NULL;
	t->nparts = 0;
}

static int
put_ip(struct buf *b, const char *v)
{
	unsigned char a[16];

	if (inet_pton(AF_INET, v, a) == 1)
		return buf_puts(b, v);
	if (inet_pton(AF_INET6, v, a) == 1)
		return buf_putc(b, '[') | buf_puts(b, v) | buf_putc(b, ']');
	return -2;
}

static int
put_encoded(struct buf *b, const char *v)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s;
	int rc = 0;

	for (s = (const unsigned char *)v; *s != '\0'; s++) {
		if (isalnum(*s) || *s == '-' || *s == '.' || *s == '_' ||
		    *s == '~')
			rc |= buf_putc(b, *s);
		else {
			rc |= buf_putc(b, '%');
			rc |= buf_putc(b, hex[*s >> 4]);
			rc |= buf_putc(b, hex[*s & 15]);
		}
	}
	return rc;
}

int
tmpl_expand(const struct tmpl *t, char *const *fields, int col_ip,
    char **url)
{
	struct buf b;
	size_t i;
	int rc = 0, why = TMPL_OK;

	*url = NULL;
	buf_init(&b, URL_MAX);
	for (i = 0; i < t->nparts && why == TMPL_OK; i++) {
		const struct tmpl_part *p = &t->parts[i];
		const char *v;

		if (p->lit != NULL) {
			rc |= buf_puts(&b, p->lit);
			continue;
		}
		v = fields[p->col];
		if (*v == '\0')
			why = p->col == col_ip ? TMPL_NO_IP : TMPL_EMPTY;
		else if (p->col == col_ip) {
			int n = put_ip(&b, v);

			if (n == -2)
				why = TMPL_BAD_IP;
			else
				rc |= n;
		} else
			rc |= put_encoded(&b, v);
	}
	if (why == TMPL_OK && rc != 0)
		why = TMPL_TOO_LONG;
	if (why != TMPL_OK) {
		buf_free(&b);
		return why;
	}
	*url = buf_take(&b);
	return TMPL_OK;
}

int
httpd_off(const char *v)
{
	static const char *const off[] = {
		"no", "n", "false", "0", "off", "disabled", "disable"
	};
	size_t i, n;

	while (*v == ' ')
		v++;
	n = strlen(v);
	while (n > 0 && v[n - 1] == ' ')
		n--;
	for (i = 0; i < sizeof(off) / sizeof(off[0]); i++)
		if (strlen(off[i]) == n && strncasecmp(v, off[i], n) == 0)
			return 1;
	return 0;
}
