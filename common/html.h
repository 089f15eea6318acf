/*
 * html.h - the one escaping function of ctl-render: it makes any byte
 * string safe as HTML text and as the value of a double-quoted attribute.
 * Owned by the render engineer (issue 7).
 *
 * Rules for callers: untrusted text goes only into element content or
 * into attribute values written between double quotes, always through
 * html_escape(); never into <script>, <style>, event handlers, style
 * attributes or URLs.  Nothing here keeps state.
 */
#ifndef CTL_HTML_H
#define CTL_HTML_H

#include <stdio.h>

/*
 * Write n bytes of s to fp escaped: & < > " ' become character
 * references; bytes that are not well-formed UTF-8, control characters
 * other than TAB, LF and CR, C1 controls and noncharacters become U+FFFD.
 * The output is valid UTF-8 whatever the input.
 */
void	 html_escape(FILE *fp, const char *s, size_t n);
/* The same for a NUL-terminated string; NULL writes nothing. */
void	 html_escapes(FILE *fp, const char *s);

/*
 * Length of the well-formed UTF-8 sequence at s (n bytes left), or 0 if
 * it is not one.  *cp gets the code point.
 */
size_t	 html_utf8(const unsigned char *s, size_t n, unsigned long *cp);

#endif
