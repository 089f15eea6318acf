/*
 * tsvcat - a test-only program that drives the TSV codec the way a stage
 * does: read stdin, pass every column on, add or replace own columns
 * ("-a name=value"), drop columns ("-d name"), and close stdout checked.
 * The golden tests of ctl-tsv(5) run through it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tsv.h"
#include "util.h"

int
main(int argc, char *argv[])
{
	struct tsv_reader r;
	struct tsv_layout l;
	const char **own, **vals, **drop;
	size_t nown = 0, ndrop = 0;
	unsigned long rows = 0;
	int c;

	ctl_setprog(argv[0]);
	own = xcalloc((size_t)argc, sizeof(*own));
	vals = xcalloc((size_t)argc, sizeof(*vals));
	drop = xcalloc((size_t)argc, sizeof(*drop));
	while ((c = getopt(argc, argv, "a:d:")) != -1) {
		char *eq;

		switch (c) {
		case 'a':
			if ((eq = strchr(optarg, '=')) == NULL)
				die(EXIT_USAGE, "-a wants name=value");
			*eq = '\0';
			own[nown] = optarg;
			vals[nown++] = eq + 1;
			break;
		case 'd':
			drop[ndrop++] = optarg;
			break;
		default:
			fprintf(stderr, "usage: tsvcat [-a name=value] "
			    "[-d name]\n");
			return EXIT_USAGE;
		}
	}
	tsv_open_or_die(&r, stdin, "stdin");
	tsv_layout_init(&l, &r, own, nown, drop, ndrop);
	tsv_layout_header(&l, &r, stdout);
	while (tsv_next(&r) == 1) {
		tsv_layout_row(&l, r.fields, vals, NULL, stdout);
		rows++;
	}
	fprintf(stderr, "tsvcat: %lu rows\n", rows);
	tsv_layout_free(&l);
	tsv_close(&r);
	free(own);
	free(vals);
	free(drop);
	close_stdout();
	return EXIT_OK;
}
