/*
 * test-html.c - html_escape(): the markup characters, hostile strings,
 * malformed UTF-8 and control characters.  Owned by the render engineer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "t.h"

static char *
esc(const char *s, size_t n)
{
	static char *out;
	size_t len;
	FILE *fp;

	free(out);
	out = NULL;
	if ((fp = open_memstream(&out, &len)) == NULL)
		abort();
	html_escape(fp, s, n);
	fclose(fp);
	return out;
}

#define E(s)	esc((s), sizeof(s) - 1)

int
main(void)
{
	unsigned long cp;

	T(strcmp(E("plain text 123"), "plain text 123") == 0,
	    "plain text passes");
	T(strcmp(E("<script>alert(1)</script>"),
	    "&lt;script&gt;alert(1)&lt;/script&gt;") == 0, "script tag");
	T(strcmp(E("\"><img src=x onerror=alert(1)>"),
	    "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;") == 0,
	    "attribute breakout");
	T(strcmp(E("a'b&c"), "a&#39;b&amp;c") == 0, "quote and ampersand");
	T(strcmp(E("&amp;"), "&amp;amp;") == 0, "references are escaped");
	T(strcmp(E("</table>"), "&lt;/table&gt;") == 0, "closing tag");
	T(strcmp(E("x\xe2\x80\xa8y"), "x\xe2\x80\xa8y") == 0,
	    "U+2028 is fine in text");
	T(strcmp(E("caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x93\x9e"),
	    "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x93\x9e") == 0,
	    "2, 3 and 4 byte UTF-8 pass");
	T(strcmp(E("a\xff" "b"), "a\xef\xbf\xbd" "b") == 0,
	    "a stray byte becomes U+FFFD");
	T(strcmp(E("\xc0\xbc"), "\xef\xbf\xbd\xef\xbf\xbd") == 0,
	    "overlong '<' is not '<'");
	T(strcmp(E("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd")
	    == 0, "an encoded surrogate is replaced");
	T(strcmp(E("\xe2\x9c"), "\xef\xbf\xbd\xef\xbf\xbd") == 0,
	    "a truncated sequence at the end is replaced");
	T(strcmp(E("\xf4\x90\x80\x80"), "\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd\xef\xbf\xbd") == 0, "past U+10FFFF is replaced");
	T(strcmp(E("a\x01\x1b[31m\x7f"), "a\xef\xbf\xbd\xef\xbf\xbd[31m"
	    "\xef\xbf\xbd") == 0, "C0 controls and DEL are replaced");
	T(strcmp(E("\xc2\x85"), "\xef\xbf\xbd") == 0, "C1 NEL is replaced");
	T(strcmp(E("\xef\xbf\xbe"), "\xef\xbf\xbd") == 0,
	    "noncharacter U+FFFE is replaced");
	T(strcmp(E("t\tl\nc\r"), "t\tl\nc\r") == 0, "TAB LF CR stay");
	T(strcmp(esc("a\0<", 3), "a\xef\xbf\xbd&lt;") == 0,
	    "a NUL byte is replaced, not an end");
	T(strcmp(esc("<<<", 0), "") == 0, "n = 0 writes nothing");
	T(html_utf8((const unsigned char *)"\xe2\x9c\x93", 3, &cp) == 3 &&
	    cp == 0x2713, "html_utf8 decodes U+2713");
	T(html_utf8((const unsigned char *)"\xe2\x9c\x93", 2, &cp) == 0,
	    "html_utf8 respects n");
	esc(NULL, 0);
	return t_done();
}
