/*
 * ctl-parse - read the phone page in each row's body column and add what
 * it says: page_format ctl_signature ctl_hash itl_signature itl_hash
 * tftp_server tftp_server2 security_mode web_access host_name mac
 * parse_status parse_error.  See ctl-parse(1).
 *
 * This file is the command line and the TSV loop; the page parser and
 * its table live in common/page*.c.  Owned by the ctl-parse engineer.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page.h"
#include "tsv.h"
#include "util.h"

#define DEFAULT_MAXBODY	(16LL * 1024 * 1024)

enum {
	C_FORMAT,
	C_CTL,
	C_CTL_HASH,
	C_ITL,
	C_ITL_HASH,
	C_TFTP1,
	C_TFTP2,
	C_SECMODE,
	C_WEBACCESS,
	C_HOST,
	C_MAC,
	C_STATUS,
	C_ERROR,
	C_N
};

static const char *const own[C_N] = {
	"page_format", "ctl_signature", "ctl_hash", "itl_signature",
	"itl_hash", "tftp_server", "tftp_server2", "security_mode",
	"web_access", "host_name", "mac", "parse_status", "parse_error"
};

/* Where each page field goes among own[]. */
static const int field_col[PF_NFIELDS] = {
	[PF_CTL] = C_CTL, [PF_ITL] = C_ITL, [PF_TFTP1] = C_TFTP1,
	[PF_TFTP2] = C_TFTP2, [PF_SECMODE] = C_SECMODE,
	[PF_WEBACCESS] = C_WEBACCESS, [PF_HOST] = C_HOST, [PF_MAC] = C_MAC
};

static const struct option longopts[] = {
	{ "help",	no_argument,		NULL, 'h' },
	{ "keep-body",	no_argument,		NULL, 'b' },
	{ "list-map",	no_argument,		NULL, 'l' },
	{ "map",	required_argument,	NULL, 'm' },
	{ "max-body",	required_argument,	NULL, 's' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL,		0,			NULL, 0 }
};

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: ctl-parse [-bhlV] [-m file] [-s bytes]\n");
}

struct cols {
	int	 body, fetch_status, content_type;
};

/* One row: decide what the page is, then write it out. */
static int
do_row(struct page_parser *pp, const struct cols *c, long long maxbody,
    const struct tsv_reader *r, const struct tsv_layout *l,
    struct page_result *res)
{
	const char *vals[C_N];
	const char *fs;
	char charset[40], why[96];
	size_t blen;
	int f;

	blen = r->lens[c->body];
	fs = c->fetch_status >= 0 ? r->fields[c->fetch_status] : "";
	if (fs[0] != '\0' && strcmp(fs, "ok") != 0) {
		snprintf(why, sizeof(why), "fetch_status %.64s", fs);
		page_result_status(res, "fetch_failed", why);
	} else if (blen == 0) {
		page_result_status(res, "no_body", "the body is empty");
	} else if ((long long)blen > maxbody) {
		snprintf(why, sizeof(why), "body of %zu bytes, over %lld",
		    blen, maxbody);
		page_result_status(res, "too_large", why);
	} else {
		page_charset(c->content_type >= 0 ?
		    r->fields[c->content_type] : NULL, charset,
		    sizeof(charset));
		page_parse(pp, r->fields[c->body], blen, charset, res);
	}
	memset(vals, 0, sizeof(vals));
	vals[C_FORMAT] = res->format;
	for (f = 0; f < PF_NFIELDS; f++)
		vals[field_col[f]] = res->val[f];
	vals[C_CTL_HASH] = res->hash[0];
	vals[C_ITL_HASH] = res->hash[1];
	vals[C_STATUS] = res->parse_status;
	vals[C_ERROR] = res->error;
	tsv_layout_row(l, r->fields, vals, NULL, stdout);
	return page_status_failed(res->parse_status);
}

int
main(int argc, char *argv[])
{
	static const char *const drop[] = { "body" };
	struct page_map map;
	struct page_parser *pp;
	struct page_result res;
	struct tsv_reader r;
	struct tsv_layout l;
	struct cols c;
	char err[512];
	const char *errstr, **maps;
	long long maxbody = DEFAULT_MAXBODY;
	size_t nmaps = 0, i;
	int ch, keep_body = 0, list = 0, failed = 0;

	ctl_setprog(argv[0]);
	maps = xcalloc((size_t)argc, sizeof(*maps));
	while ((ch = getopt_long(argc, argv, "bhlm:s:V", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'b':
			keep_body = 1;
			break;
		case 'h':
			free(maps);
			usage(stdout);
			close_stdout();
			return EXIT_OK;
		case 'l':
			list = 1;
			break;
		case 'm':
			maps[nmaps++] = optarg;
			break;
		case 's':
			if (parse_ll(optarg, 1, (long long)TSV_MAXLINE,
			    &maxbody, &errstr) == -1) {
				free(maps);
				die(EXIT_USAGE, "--max-body: %s: %s", errstr,
				    optarg);
			}
			break;
		case 'V':
			free(maps);
			print_version();
			close_stdout();
			return EXIT_OK;
		default:
			free(maps);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		free(maps);
		usage(stderr);
		return EXIT_USAGE;
	}
	page_map_init(&map);
	/* Each file goes after those before it, ahead of the built-ins. */
	for (i = 0; i < nmaps; i++)
		if (page_map_load(&map, maps[i], err, sizeof(err)) == -1) {
			free(maps);
			page_map_free(&map);
			die(EXIT_USAGE, "%s", err);
		}
	free(maps);
	if (list) {
		page_map_print(&map, stdout);
		page_map_free(&map);
		close_stdout();
		return EXIT_OK;
	}
	tsv_open_or_die(&r, stdin, "stdin");
	c.body = (int)tsv_need(&r, "body");
	c.fetch_status = tsv_col(&r, "fetch_status");
	c.content_type = tsv_col(&r, "content_type");
	tsv_layout_init(&l, &r, own, C_N, keep_body ? NULL : drop,
	    keep_body ? 0 : 1);
	tsv_layout_header(&l, &r, stdout);
	pp = page_parser_new(&map);
	page_result_init(&res);
	while (tsv_next(&r) == 1)
		failed |= do_row(pp, &c, maxbody, &r, &l, &res);
	page_result_free(&res);
	page_parser_free(pp);
	tsv_layout_free(&l);
	tsv_close(&r);
	page_map_free(&map);
	close_stdout();
	return failed ? EXIT_FINDINGS : EXIT_OK;
}
