/*
 * ctl-list-phones - list the phones of a CUCM cluster: AXL listPhone for
 * the configured phones, RisPort70 for their registration and address,
 * AXL SQL for the cluster security mode; or read a CSV export instead.
 * See ctl-list-phones(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <curl/curl.h>
#include <libxml/parser.h>

#include "cred.h"
#include "cucm.h"
#include "list.h"
#include "tsv.h"
#include "util.h"

static const char *const columns[] = {
	"name", "description", "model", "protocol", "device_pool", "status",
	"ip", "node", "active_load", "httpd", "cluster",
	"cluster_security_mode"
};

static void
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr,
	    "usage: ctl-list-phones [-hkV] [--axl-version version] "
	    "[--backoff seconds]\n"
	    "\t[--batch n] [--cacert file] [--cluster name] "
	    "[--from-csv file]\n"
	    "\t[-H host] [-m pattern] [--netrc file] [--only-status status]\n"
	    "\t[--page-size n] [--password-file file] [--rate n]\n"
	    "\t[--ris-host host] [--timeout seconds] [--tries n] [-u user]\n");
	if (status == EXIT_OK)
		close_stdout();
	exit(status);
}

/* --- output ------------------------------------------------------- */

static void
csv_read(const char *path, const struct run *r, struct table *t)
{
	char err[512];
	FILE *fp;
	int sys;

	if ((fp = fopen(path, "r")) == NULL)
		die_errno(EXIT_USAGE, "%s", path);
	if (phones_csv(fp, path, r->match, t, err, sizeof(err), &sys) == -1)
		die(sys ? EXIT_SYSTEM : EXIT_USAGE, "%s", err);
	fclose(fp);
}

static void
emit(const struct table *t, const char *cluster, const char *mode,
    const char *only)
{
	const char *row[sizeof(columns) / sizeof(columns[0])];
	size_t i, j;

	tsv_put_row(stdout, columns, sizeof(columns) / sizeof(columns[0]));
	for (i = 0; i < t->n; i++) {
		const struct phone *p = &t->v[i];

		if (only != NULL && (p->f[F_STATUS] == NULL ||
		    strcmp(p->f[F_STATUS], only) != 0))
			continue;
		for (j = 0; j < F_NFIELDS; j++)
			row[j] = p->f[j];
		row[F_NFIELDS] = cluster;
		row[F_NFIELDS + 1] = mode;
		tsv_put_row(stdout, row, sizeof(row) / sizeof(row[0]));
	}
}

enum {
	O_AXLVER = 256, O_BACKOFF, O_BATCH, O_CACERT, O_CLUSTER, O_CSV,
	O_NETRC, O_ONLY, O_PAGE, O_PASSFILE, O_RATE, O_RISHOST, O_TIMEOUT,
	O_TRIES
};

static const struct option longopts[] = {
	{ "axl-version", required_argument, NULL, O_AXLVER },
	{ "backoff", required_argument, NULL, O_BACKOFF },
	{ "batch", required_argument, NULL, O_BATCH },
	{ "cacert", required_argument, NULL, O_CACERT },
	{ "cluster", required_argument, NULL, O_CLUSTER },
	{ "from-csv", required_argument, NULL, O_CSV },
	{ "help", no_argument, NULL, 'h' },
	{ "host", required_argument, NULL, 'H' },
	{ "insecure", no_argument, NULL, 'k' },
	{ "match", required_argument, NULL, 'm' },
	{ "netrc", required_argument, NULL, O_NETRC },
	{ "only-status", required_argument, NULL, O_ONLY },
	{ "page-size", required_argument, NULL, O_PAGE },
	{ "password-file", required_argument, NULL, O_PASSFILE },
	{ "rate", required_argument, NULL, O_RATE },
	{ "ris-host", required_argument, NULL, O_RISHOST },
	{ "timeout", required_argument, NULL, O_TIMEOUT },
	{ "tries", required_argument, NULL, O_TRIES },
	{ "user", required_argument, NULL, 'u' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	struct run run = { "%", "14.0", 1000, 1000, 15, 60, 5, 0 };
	struct cucm_opts co = { NULL, 0, 30, 10 };
	const char *host = NULL, *rishost = NULL, *user = NULL, *csv = NULL;
	const char *passfile = NULL, *netrc = NULL, *cluster = NULL;
	const char *only = NULL;
	struct cucm_conn *axl, *ris;
	struct table t = { 0 };
	struct cred cr;
	char *mode = NULL;
	size_t unknown = 0;
	int c;

	ctl_setprog(argv[0]);
	while ((c = getopt_long(argc, argv, "hH:km:u:V", longopts,
	    NULL)) != -1) {
		switch (c) {
		case O_AXLVER: run.axl_version = optarg; break;
		case O_BACKOFF:
			run.backoff = (double)opt_ll("--backoff", optarg, 0,
			    3600);
			break;
		case O_BATCH:
			run.batch = (long)opt_ll("--batch", optarg, 1, 1000);
			break;
		case O_CACERT: co.cacert = optarg; break;
		case O_CLUSTER: cluster = optarg; break;
		case O_CSV: csv = optarg; break;
		case 'h': usage(EXIT_OK); break;
		case 'H': host = optarg; break;
		case 'k': co.insecure = 1; break;
		case 'm': run.match = optarg; break;
		case O_NETRC: netrc = optarg; break;
		case O_ONLY: only = optarg; break;
		case O_PAGE:
			run.page = (long)opt_ll("--page-size", optarg, 1,
			    10000);
			break;
		case O_PASSFILE: passfile = optarg; break;
		case O_RATE:
			run.rate = (double)opt_ll("--rate", optarg, 1, 100000);
			break;
		case O_RISHOST: rishost = optarg; break;
		case O_TIMEOUT:
			co.timeout = (long)opt_ll("--timeout", optarg, 1, 3600);
			co.connect_timeout = co.timeout < 10 ? co.timeout : 10;
			break;
		case O_TRIES:
			run.tries = (int)opt_ll("--tries", optarg, 1, 100);
			break;
		case 'u': user = optarg; break;
		case 'V':
			print_version();
			close_stdout();
			exit(EXIT_OK);
		default: usage(EXIT_USAGE);
		}
	}
	if (optind != argc)
		usage(EXIT_USAGE);
	if ((csv == NULL) == (host == NULL))
		die(EXIT_USAGE, "give -H host or --from-csv file "
		    "(one of them)");
	run.tty = isatty(STDERR_FILENO);
	if (csv != NULL) {
		csv_read(csv, &run, &t);
		emit(&t, cluster != NULL ? cluster : "", "", only);
		table_free(&t);
		close_stdout();
		return EXIT_OK;
	}
	cred_get(&cr, user, passfile, netrc);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		die(EXIT_SYSTEM, "curl: cannot initialise");
	xmlInitParser();
	axl = cucm_open(host, &cr, &co);
	ris = rishost != NULL && strcmp(rishost, host) != 0 ?
	    cucm_open(rishost, &cr, &co) : axl;
	mode = axl_security_mode(axl, &run);
	axl_list_phones(axl, &run, &t);
	unknown = ris_fill(ris, &run, &t);
	emit(&t, cluster != NULL ? cluster : host, mode, only);
	if (ris != axl)
		cucm_free(ris);
	cucm_free(axl);
	cred_free(&cr);
	free(mode);
	table_free(&t);
	xmlCleanupParser();
	curl_global_cleanup();
	if (unknown > 0)
		warnx_("%zu phone%s left with status unknown", unknown,
		    unknown == 1 ? "" : "s");
	close_stdout();
	return unknown > 0 ? EXIT_FINDINGS : EXIT_OK;
}
