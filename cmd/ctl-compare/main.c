/*
 * ctl-compare - who matches what the cluster serves: joins each phone row
 * (ctl-parse output) with the expected hashes (ctl-expect output, or given
 * by hand) and says, for the CTL and the ITL and overall, match, mismatch,
 * not_installed, not_applicable or unchecked, with a hint for every case
 * that is not a match.  See ctl-compare(1).  Owned by the ctl-expect
 * engineer.
 */
#include <getopt.h>
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

static const char *const own[] = {
	"ctl_expected", "ctl_result", "itl_expected", "itl_result", "result",
	"hint", "itl_matched_server"
};
#define NOWN	(sizeof(own) / sizeof(own[0]))

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: ctl-compare [-hV] [-e file] [--ctl hash] "
	    "[--itl hash]\n");
}

static int
compare_row(char **f, const struct cols *c, const struct tsv_layout *l)
{
	struct verdict v[2];
	struct buf h;
	const char *vals[NOWN];
	enum result r;

	verdict_init(&v[0]);
	verdict_init(&v[1]);
	judge_ctl(f, c, &v[0]);
	judge_itl(f, c, &v[1]);
	r = v[0].r > v[1].r ? v[0].r : v[1].r;
	buf_init(&h, 8192);
	join_hints(&h, v);
	buf_puts(&h, "");
	vals[0] = v[0].expected;
	vals[1] = rname[v[0].r];
	vals[2] = v[1].expected;
	vals[3] = rname[v[1].r];
	vals[4] = rname[r];
	vals[5] = h.data;
	vals[6] = v[1].matched;
	tsv_layout_row(l, f, vals, NULL, stdout);
	buf_free(&h);
	buf_free(&v[0].hint);
	buf_free(&v[1].hint);
	return r == R_MISMATCH;
}

enum { OPT_CTL = 256, OPT_ITL };

static const struct option longopts[] = {
	{ "ctl", required_argument, NULL, OPT_CTL },
	{ "expect", required_argument, NULL, 'e' },
	{ "help", no_argument, NULL, 'h' },
	{ "itl", required_argument, NULL, OPT_ITL },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	struct tsv_reader r;
	struct tsv_layout l;
	struct cols c;
	int ch, bad = 0, k;

	ctl_setprog(argv[0]);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "e:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'e':
			read_expect(optarg);
			break;
		case 'h':
			usage(stdout);
			free_exp();
			close_stdout();
			return EXIT_OK;
		case 'V':
			print_version();
			free_exp();
			close_stdout();
			return EXIT_OK;
		case OPT_CTL:
			add_manual(K_CTL, "--ctl", optarg);
			break;
		case OPT_ITL:
			add_manual(K_ITL, "--itl", optarg);
			break;
		default:
			usage(stderr);
			die(EXIT_USAGE, "unknown option or missing argument: "
			    "%s", argv[optind - 1]);
		}
	}
	if (optind < argc) {
		usage(stderr);
		die(EXIT_USAGE, "unexpected argument: %s", argv[optind]);
	}
	tsv_open_or_die(&r, stdin, "stdin");
	for (k = 0; k < 2; k++) {
		char name[32];

		snprintf(name, sizeof(name), "%s_signature", kpre[k]);
		c.sig[k] = (int)tsv_need(&r, name);
	}
	c.server = tsv_col(&r, "tftp_server");
	c.server2 = tsv_col(&r, "tftp_server2");
	c.parse = tsv_col(&r, "parse_status");
	c.fetch = tsv_col(&r, "fetch_status");
	c.mode = tsv_col(&r, "cluster_security_mode");
	tsv_layout_init(&l, &r, own, NOWN, NULL, 0);
	tsv_layout_header(&l, &r, stdout);
	while (tsv_next(&r) == 1)
		bad |= compare_row(r.fields, &c, &l);
	tsv_layout_free(&l);
	tsv_close(&r);
	free_exp();
	close_stdout();
	return bad ? EXIT_FINDINGS : EXIT_OK;
}

