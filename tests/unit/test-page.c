/*
 * test-page.c - the page parser's pieces one by one: key normalisation,
 * the label table and mapping files, Content-Type charsets, signature
 * judgement, value cleaning, encodings and the structural label rules.
 * Owned by the ctl-parse engineer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "page.h"
#include "t.h"

static struct page_map map;
static struct page_parser *pp;
static struct page_result r;

static void
parse(const char *page)
{
	page_parse(pp, page, strlen(page), NULL, &r);
}

/* A one-row HTML table: label, spacer, value. */
static void
parse_row(const char *label, const char *value)
{
	char page[4096];

	snprintf(page, sizeof(page), "<html><body><table>"
	    "<tr><td><b>Host name</b></td><td></td><td><b>SEP1</b></td></tr>"
	    "<tr><td><b>%s</b></td><td width=20></td><td><b>%s</b></td></tr>"
	    "</table></body></html>", label, value);
	parse(page);
}

static int
is(const char *got, const char *want)
{
	if (got == NULL || want == NULL)
		return got == want;
	return strcmp(got, want) == 0;
}

static void
test_key(void)
{
	char k[PAGE_KEYMAX + 1], big[200];

	T(page_key("TFTP server 1", 13, k) == 11 && is(k, "tftpserver1"),
	    "key: case and spaces dropped");
	page_key("TFTPServer1", 11, k);
	T(is(k, "tftpserver1"), "key: element name and label agree");
	page_key("ITL_file-signature:", 19, k);
	T(is(k, "itlfilesignature"), "key: _ - : dropped");
	page_key("Host\xc2\xa0name", 10, k);
	T(is(k, "hostname"), "key: NBSP dropped");
	page_key("MODE DE S\xc3\x89" "CURIT\xc3\x89", 19, k);
	T(is(k, "modedes\xc3\xa9" "curit\xc3\xa9"),
	    "key: Latin-1 capitals fold");
	memset(big, 'a', sizeof(big));
	T(page_key(big, sizeof(big), k) == -1, "key: too long is refused");
	T(page_key(" \t", 2, k) == 0, "key: blank is empty");
}

static void
test_map(void)
{
	char path[] = "/tmp/test-page-XXXXXX", err[256];
	struct page_map m;
	FILE *fp;
	int fd, i;

	T((i = page_map_find(&map, "ctlfile", 0)) >= 0 &&
	    map.v[i].field == PF_CTL, "map: CTL file is ctl_signature");
	T(page_map_find(&map, "notinstalled", 1) >= 0,
	    "map: not installed is a word of absence");
	T(page_map_find(&map, "notinstalled", 0) == -1,
	    "map: words of absence are no column");
	T(page_field_lookup("web_access") == PF_WEBACCESS &&
	    page_field_lookup("body") == -1, "map: column names");
	if ((fd = mkstemp(path)) == -1 || (fp = fdopen(fd, "w")) == NULL) {
		T(0, "map: temp file");
		return;
	}
	fputs("# comment\n\n  itl_signature \t ITL file\r\n"
	    "not_installed Fehlt\n", fp);
	fclose(fp);
	page_map_init(&m);
	T(page_map_load(&m, path, err, sizeof(err)) == 0, "map: load ok");
	T((i = page_map_find(&m, "itlfile", 0)) >= 0 && m.v[i].user &&
	    m.v[i].field == PF_ITL, "map: user entry comes first");
	T(page_map_find(&m, "ctlfile", 0) >= 0, "map: built-ins stay");
	T(page_map_find(&m, "fehlt", 1) >= 0, "map: user absence word");
	page_map_free(&m);
	if ((fp = fopen(path, "w")) != NULL) {
		fputs("mac MAC\nbogus Label\n", fp);
		fclose(fp);
	}
	page_map_init(&m);
	T(page_map_load(&m, path, err, sizeof(err)) == -1 &&
	    strstr(err, ":2: unknown column: bogus") != NULL,
	    "map: bad column names its line (%s)", err);
	page_map_free(&m);
	unlink(path);
}

static void
test_charset(void)
{
	char cs[40];

	page_charset("text/html; charset=\"ISO-8859-1\"", cs, sizeof(cs));
	T(is(cs, "ISO-8859-1"), "charset: quoted");
	page_charset("text/xml;CHARSET = utf-8", cs, sizeof(cs));
	T(is(cs, "utf-8"), "charset: case and blanks");
	page_charset("text/html", cs, sizeof(cs));
	T(is(cs, ""), "charset: none");
	page_charset(NULL, cs, sizeof(cs));
	T(is(cs, ""), "charset: no header");
}

static void
test_signatures(void)
{
	parse_row("ITL signature",
	    "EE 5C 62 E0 5E 2B C6 82 2A 45 64 1E EB BA BF F2 47 6E 1D 93 ");
	T(is(r.val[PF_ITL], "ee5c62e05e2bc6822a45641eebbabff2476e1d93") &&
	    is(r.hash[1], "sha1") && r.sig[1] == SIG_OK,
	    "sig: CP-8861 format normalised, sha1");
	T(is(r.parse_status, "ctl_missing"), "sig: ctl missing (%s)",
	    r.parse_status);
	parse_row("CTL file", "516BD856A24E86A0E397396FE4E36175");
	T(is(r.hash[0], "md5"), "sig: 32 hex is md5");
	parse_row("CTL file", "9f:86:d0:81:88:4c:7d:65:9a:2f:ea:a0:c5:5a:d0:15"
	    ":a3:bf:4f:1b:2b:0b:82:2c:d1:5d:6c:15:b0:f0:0a:08");
	T(is(r.hash[0], "sha256"), "sig: colons, sha256");
	parse_row("CTL file", "Not Installed");
	T(r.sig[0] == SIG_NOT_INSTALLED && r.val[PF_CTL] == NULL &&
	    is(r.parse_status, "ctl_not_installed,itl_missing"),
	    "sig: not installed (%s)", r.parse_status);
	parse_row("CTL file", "");
	T(r.sig[0] == SIG_EMPTY, "sig: empty");
	parse_row("CTL file", "ABC");
	T(r.sig[0] == SIG_ODD_HEX && r.val[PF_CTL] == NULL, "sig: odd");
	parse_row("CTL file", "ABCD");
	T(r.sig[0] == SIG_BAD_LENGTH, "sig: 4 digits is a bad length");
	parse_row("CTL file", "zz");
	T(r.sig[0] == SIG_NOT_HEX && strstr(r.error, "not hex") != NULL,
	    "sig: not hex, said why");
	parse_row("CTL file", "::");
	T(r.sig[0] == SIG_NOT_HEX, "sig: separators only");
}

static void
test_values(void)
{
	char big[3000];
	size_t i;

	parse_row("Security mode", "  Encrypted&nbsp;&nbsp;now \t ");
	T(is(r.val[PF_SECMODE], "Encrypted now"), "value: spaces collapsed");
	parse_row("Security mode", "\xc3\xa9t\xc3\xa9");
	T(is(r.val[PF_SECMODE], "\xc3\xa9t\xc3\xa9"), "value: UTF-8 kept");
	for (i = 0; i + 2 < 2500; i += 2) {
		big[i] = '\xc3';
		big[i + 1] = '\xa9';
	}
	big[i] = '\0';
	parse_row("Security mode", big);
	T(r.val[PF_SECMODE] != NULL &&
	    strlen(r.val[PF_SECMODE]) <= PAGE_VALMAX &&
	    strlen(r.val[PF_SECMODE]) % 2 == 0, "value: capped on a boundary");
}

static void
test_structure(void)
{
	parse("<html><body><table>"
	    "<tr><td>Domain name</td><td></td></tr>"
	    "<tr><td>TFTP server 1</td><td>10.1.1.1</td></tr>"
	    "<tr><td>TFTP server 2</td><td></td></tr>"
	    "<tr><td>Security mode</td><td>Encrypted</td></tr>"
	    "</table></body></html>");
	T(is(r.val[PF_TFTP2], "") && is(r.val[PF_SECMODE], "Encrypted"),
	    "rows: an empty value never takes the next label");
	parse("<r><name>CTL file</name><value>None</value>"
	    "<name>ITL file</name><name>Host name</name><value>x</value></r>");
	T(r.sig[0] == SIG_NOT_INSTALLED && r.sig[1] == SIG_EMPTY &&
	    is(r.val[PF_HOST], "x"), "siblings: label after label is empty");
	parse("<a:R xmlns:a='urn:a'><a:HostName>h</a:HostName></a:R>");
	T(is(r.val[PF_HOST], "h") && is(r.format, "xml"), "xml: prefix");
	parse("<R><HostName>h<b>x</b></HostName></R>");
	T(r.val[PF_HOST] == NULL, "xml: an element with children is no value");
	parse("<R><HostName>h</HostName><CTLFileSHA1>"
	    "663846e9c81f10607e186ded77fbc4940926eac1</CTLFileSHA1></R>");
	T(is(r.hash[0], "sha1"), "xml: generic CTL element name");
	parse("<R><HostName>h</HostName><CTL>"
	    "516bd856a24e86a0e397396fe4e36175</CTL><CTLFileSHA1>"
	    "663846e9c81f10607e186ded77fbc4940926eac1</CTLFileSHA1></R>");
	T(is(r.hash[0], "md5"), "xml: table names rank before generic ones");
}

static void
test_pages(void)
{
	parse("<?xml version='1.0' encoding='iso-8859-1'?>"
	    "<R><SecurityMode>Chiffr\xe9</SecurityMode></R>");
	T(is(r.val[PF_SECMODE], "Chiffr\xc3\xa9"), "enc: iso-8859-1 to UTF-8");
	parse("<R><SecurityMode>Chiffr\xe9</SecurityMode></R>");
	T(is(r.parse_status, "bad_encoding"), "enc: undeclared Latin-1");
	page_parse(pp, "<R><SecurityMode>Chiffr\xe9</SecurityMode></R>", 43,
	    "ISO-8859-1", &r);
	T(is(r.val[PF_SECMODE], "Chiffr\xc3\xa9"), "enc: server charset used");
	parse("<R><HostName>\xc0\xaf</HostName></R>");
	T(is(r.parse_status, "bad_encoding"), "enc: overlong refused");
	parse("<R><HostName>\xed\xa0\x80</HostName></R>");
	T(is(r.parse_status, "bad_encoding"), "enc: surrogate refused");
	parse("\xef\xbb\xbf<R><HostName>h</HostName></R>");
	T(is(r.val[PF_HOST], "h"), "enc: BOM");
	parse("<?xml version='1.0'?><R><HostName>h</HostName>");
	T(is(r.parse_status, "malformed") && strstr(r.error, "xml line") !=
	    NULL, "declared XML must be well-formed");
	parse("<R><HostName>h</HostName>");
	T(is(r.val[PF_HOST], "h") && is(r.format, "html"),
	    "undeclared bad XML falls back to HTML");
	parse("<!DOCTYPE r [<!ENTITY e 'x'>]><R><HostName>&e;</HostName></R>");
	T(is(r.parse_status, "entity_refused"), "entities refused");
	parse("plain text");
	T(is(r.parse_status, "not_phone_page"), "text is no phone page");
	parse(" \r\n");
	T(is(r.parse_status, "no_body"), "white space is no body");
	T(page_status_failed("malformed") && !page_status_failed("no_body") &&
	    !page_status_failed("ctl_missing"), "which statuses fail");
}

int
main(void)
{
	page_map_init(&map);
	pp = page_parser_new(&map);
	page_result_init(&r);
	test_key();
	test_map();
	test_charset();
	test_signatures();
	test_values();
	test_structure();
	test_pages();
	page_result_free(&r);
	page_parser_free(pp);
	page_map_free(&map);
	return t_done();
}
