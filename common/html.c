/*
 * html.c - see html.h.  Owned by the render engineer (issue 7).
 */
#include <stdio.h>
#include <string.h>

#include "html.h"

#define REPLACEMENT	"\xef\xbf\xbd"

size_t
html_utf8(const unsigned char *s, size_t n, unsigned long *cp)
{
	unsigned long c, min;
	size_t len, i;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2, c = s[0] & 0x1f, min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3, c = s[0] & 0x0f, min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, UTF-16 surrogates and values past U+10FFFF. */
	if (c < min || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return len;
}

/* Characters HTML calls parse errors when they appear raw. */
static int
unwanted(unsigned long c)
{
	if (c < 0x20)
		return c != '\t' && c != '\n' && c != '\r';
	if (c >= 0x7f && c <= 0x9f)
		return 1;
	if (c >= 0xfdd0 && c <= 0xfdef)
		return 1;
	return (c & 0xfffe) == 0xfffe;
}

void
html_escape(FILE *fp, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	const char *rep;
	unsigned long c;
	size_t i, run, len;

	for (i = run = 0; i < n; i += len) {
		len = html_utf8(s + i, n - i, &c);
		if (len == 0) {
			rep = REPLACEMENT;
			len = 1;
		} else if (unwanted(c))
			rep = REPLACEMENT;
		else {
			switch (c) {
			case '&': rep = "&amp;"; break;
			case '<': rep = "&lt;"; break;
			case '>': rep = "&gt;"; break;
			case '"': rep = "&quot;"; break;
			case '\'': rep = "&#39;"; break;
			default: continue;
			}
		}
		if (i > run)
			fwrite(s + run, 1, i - run, fp);
		fputs(rep, fp);
		run = i + len;
	}
	if (n > run)
		fwrite(s + run, 1, n - run, fp);
}

void
html_escapes(FILE *fp, const char *s)
{
	if (s != NULL)
		html_escape(fp, s, strlen(s));
}
