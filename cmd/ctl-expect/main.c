/*
 * ctl-expect - what the cluster serves: for each TFTP server, download
 * CTLFile.tlv and ITLFile.tlv (or read local files), hash the exact bytes,
 * parse the TLV structure, read the certificates and check the signature.
 * One row per file, or with --records one row per record.  See
 * ctl-expect(1).  Owned by the ctl-expect engineer.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "expect.h"
#include "tsv.h"
#include "util.h"

/* A ctl-parse stream names few servers; a flood of them is bad input. */
#define MAXSERVERS	4096

static const char *const cols[] = {
	"tftp_server", "file", "expect_status", "bytes", "md5", "sha1",
	"sha256", "sha512", "version", "signer", "timestamp", "records",
	"source", "digest", "signer_serial", "signer_issuer", "file_name",
	"signature", "warnings", "expect_error"
};
#define NCOLS	(sizeof(cols) / sizeof(cols[0]))

static const char *const rcols[] = {
	"tftp_server", "file", "record", "role", "dns_name", "subject",
	"issuer", "serial", "not_before", "not_after", "ip", "cert_status",
	"cert_sha1", "expect_status", "source"
};
#define NRCOLS	(sizeof(rcols) / sizeof(rcols[0]))

struct server {
	char	*name;
	int	 ok;
};

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: ctl-expect [-hrtV] [-d days] [-p port] "
	    "[-s server] [-T seconds]\n"
	    "                  [--ctl-file file] [--itl-file file] "
	    "[--max-size bytes]\n"
	    "                  [--now time]\n");
}

static long long
number(const char *opt, const char *s, long long min, long long max)
{
	const char *err;
	long long v;

	if (parse_ll(s, min, max, &v, &err) == -1)
		die(EXIT_USAGE, "%s %s: %s", opt, s, err);
	return v;
}

static void
add_server(struct server **sv, size_t *n, const char *name, int checked)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcasecmp((*sv)[i].name, name) == 0)
			return;
	if (*n == MAXSERVERS)
		die(EXIT_USAGE, "more than %d distinct TFTP servers",
		    MAXSERVERS);
	*sv = xreallocarray(*sv, *n + 1, sizeof(**sv));
	(*sv)[*n].name = xstrdup(name);
	(*sv)[*n].ok = checked || server_ok(name);
	(*n)++;
}

/* The distinct tftp_server (and tftp_server2) values of a stream. */
static void
read_servers(struct server **sv, size_t *n)
{
	struct tsv_reader r;
	size_t c1;
	int c2;

	if (isatty(STDIN_FILENO)) {
		usage(stderr);
		die(EXIT_USAGE, "no server: give -s, a local file, or a "
		    "ctl-parse stream on stdin");
	}
	tsv_open_or_die(&r, stdin, "stdin");
	c1 = tsv_need(&r, "tftp_server");
	c2 = tsv_col(&r, "tftp_server2");
	while (tsv_next(&r) == 1) {
		if (r.fields[c1][0] != '\0')
			add_server(sv, n, r.fields[c1], 0);
		if (c2 >= 0 && r.fields[c2][0] != '\0')
			add_server(sv, n, r.fields[c2], 0);
	}
	tsv_close(&r);
}

static void
put_file_row(const char *server, const char *file, const struct got *g,
    const struct checked *c)
{
	const struct tlv_file *f = &c->tlv;
	const char *v[NCOLS];
	char bytes[32], version[16], ts[32], records[32];
	char *signer = NULL, *serial = NULL, *issuer = NULL, *fname = NULL;
	char digest[16];
	size_t i;

	memset(v, 0, sizeof(v));
	v[0] = server;
	v[1] = file;
	v[2] = c->status;
	if (c->hashed) {
		snprintf(bytes, sizeof(bytes), "%zu", g->body.len);
		v[3] = bytes;
		for (i = 0; i < HASH_NALG; i++)
			v[4 + i] = c->hex[i];
	}
	if (c->parsed) {
		snprintf(version, sizeof(version), "%d.%d", f->major, f->minor);
		v[8] = version;
		v[9] = signer = tlv_strdup(&f->signer);
		if (f->has_timestamp) {
			iso_time((time_t)f->timestamp, ts, sizeof(ts));
			v[10] = ts;
		}
		snprintf(records, sizeof(records), "%zu", f->nrec);
		v[11] = records;
		switch (f->digest) {
		case TLV_DIGEST_SHA1: v[13] = "sha1"; break;
		case TLV_DIGEST_SHA256: v[13] = "sha256"; break;
		case TLV_DIGEST_SHA512: v[13] = "sha512"; break;
		case -1: break;
		default:
			snprintf(digest, sizeof(digest), "%d", f->digest);
			v[13] = digest;
			break;
		}
		v[14] = serial = tlv_hexdup(&f->serial);
		v[15] = issuer = tlv_strdup(&f->issuer);
		v[16] = fname = tlv_strdup(&f->file_name);
		v[17] = c->signature;
		v[18] = c->warnings.data;
	} else if (c->warnings.len > 0)
		v[18] = c->warnings.data;
	v[12] = g->source;
	v[19] = c->error;
	tsv_put_row(stdout, v, NCOLS);
	free(signer);
	free(serial);
	free(issuer);
	free(fname);
}

static void
put_ip(const struct tlv_bytes *ip, char *out, size_t len)
{
	size_t i, o = 0;

	out[0] = '\0';
	if (ip->p == NULL)
		return;
	if (ip->len == 4) {
		snprintf(out, len, "%u.%u.%u.%u", ip->p[0], ip->p[1], ip->p[2],
		    ip->p[3]);
		return;
	}
	/* IPv6: plain groups, no "::" shortening; readable and exact. */
	for (i = 0; i + 1 < ip->len && o + 6 < len; i += 2)
		o += (size_t)snprintf(out + o, len - o, "%s%x",
		    i > 0 ? ":" : "", (unsigned)ip->p[i] << 8 | ip->p[i + 1]);
}

static void
put_record_rows(const char *server, const char *file, const struct got *g,
    const struct checked *c)
{
	const struct tlv_file *f = &c->tlv;
	const struct tlv_record *r;
	const char *v[NRCOLS];
	char num[32], role[32], ip[64];
	char *dns, *subj, *iss, *ser;
	size_t i;

	memset(v, 0, sizeof(v));
	v[0] = server;
	v[1] = file;
	v[13] = c->status;
	v[14] = g->source;
	if (!c->parsed || f->nrec == 0) {
		tsv_put_row(stdout, v, NRCOLS);
		return;
	}
	for (i = 0; i < f->nrec; i++) {
		r = &f->rec[i];
		snprintf(num, sizeof(num), "%zu", i + 1);
		v[2] = num;
		if (r->role < 0)
			v[3] = NULL;
		else if ((v[3] = tlv_role_name(r->role)) == NULL) {
			snprintf(role, sizeof(role), "role_%d", r->role);
			v[3] = role;
		}
		v[4] = dns = tlv_strdup(&r->dns_name);
		v[5] = subj = tlv_strdup(&r->subject);
		v[6] = iss = tlv_strdup(&r->issuer);
		v[7] = ser = tlv_hexdup(&r->serial);
		v[8] = c->certs[i].not_before;
		v[9] = c->certs[i].not_after;
		put_ip(&r->ip, ip, sizeof(ip));
		v[10] = ip;
		v[11] = c->certs[i].status;
		v[12] = c->certs[i].sha1;
		tsv_put_row(stdout, v, NRCOLS);
		free(dns);
		free(subj);
		free(iss);
		free(ser);
	}
}

/* Returns 1 when the file is a finding (not ok, not merely absent). */
static int
one_file(const char *server, const char *file, const char *path,
    const struct opts *o)
{
	struct checked c;
	struct got g;
	int bad;

	if (path != NULL)
		get_local(&g, path, o);
	else
		get_url(&g, server, file, o);
	check_file(&c, &g, strcmp(file, "ITLFile.tlv") == 0, o);
	if (o->records)
		put_record_rows(server, file, &g, &c);
	else
		put_file_row(server, file, &g, &c);
	bad = strcmp(c.status, "ok") != 0 && strcmp(c.status, "not_found")
	    != 0;
	checked_free(&c);
	got_free(&g);
	return bad;
}

static void
bad_server_row(const char *server, const char *file, const struct opts *o)
{
	const char *v[NCOLS > NRCOLS ? NCOLS : NRCOLS];

	memset(v, 0, sizeof(v));
	v[0] = server;
	v[1] = file;
	if (o->records)
		v[13] = "bad_server";
	else {
		v[2] = "bad_server";
		v[19] = "not a host name or IP address";
	}
	tsv_put_row(stdout, v, o->records ? NRCOLS : NCOLS);
}

enum { OPT_CTL = 256, OPT_ITL, OPT_MAX, OPT_NOW };

static const struct option longopts[] = {
	{ "ctl-file", required_argument, NULL, OPT_CTL },
	{ "days", required_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ "itl-file", required_argument, NULL, OPT_ITL },
	{ "max-size", required_argument, NULL, OPT_MAX },
	{ "now", required_argument, NULL, OPT_NOW },
	{ "port", required_argument, NULL, 'p' },
	{ "records", no_argument, NULL, 'r' },
	{ "server", required_argument, NULL, 's' },
	{ "tftp", no_argument, NULL, 't' },
	{ "timeout", required_argument, NULL, 'T' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	struct opts o;
	struct server *sv = NULL;
	const char **ctlf = NULL, **itlf = NULL;
	size_t nsv = 0, nctl = 0, nitl = 0, i;
	int ch, bad = 0;

	ctl_setprog(argv[0]);
	memset(&o, 0, sizeof(o));
	o.timeout = 5;
	o.max_size = 1024 * 1024;
	o.days = 30;
	o.now = time(NULL);
	opterr = 0;
	ctlf = xcalloc((size_t)argc, sizeof(*ctlf));
	itlf = xcalloc((size_t)argc, sizeof(*itlf));
	while ((ch = getopt_long(argc, argv, "d:hp:rs:T:tV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'd':
			o.days = (long)number("-d", optarg, 0, 36500);
			break;
		case 'h':
			usage(stdout);
			free(ctlf);
			free(itlf);
			close_stdout();
			return EXIT_OK;
		case 'p':
			o.port = (long)number("-p", optarg, 1, 65535);
			break;
		case 'r':
			o.records = 1;
			break;
		case 's':
			if (!server_ok(optarg))
				die(EXIT_USAGE, "-s %s: not a host name or IP "
				    "address", optarg);
			add_server(&sv, &nsv, optarg, 1);
			break;
		case 'T':
			o.timeout = (long)number("-T", optarg, 1, 3600);
			break;
		case 't':
			o.tftp = 1;
			break;
		case 'V':
			print_version();
			free(ctlf);
			free(itlf);
			close_stdout();
			return EXIT_OK;
		case OPT_CTL:
			ctlf[nctl++] = optarg;
			break;
		case OPT_ITL:
			itlf[nitl++] = optarg;
			break;
		case OPT_MAX:
			o.max_size = (size_t)number("--max-size", optarg, 1,
			    256LL * 1024 * 1024);
			break;
		case OPT_NOW:
			o.now = (time_t)number("--now", optarg, 0,
			    253402300799LL);
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
	if (nsv == 0 && nctl == 0 && nitl == 0)
		read_servers(&sv, &nsv);
	get_init();
	if (o.records)
		tsv_put_row(stdout, rcols, NRCOLS);
	else
		tsv_put_row(stdout, cols, NCOLS);
	for (i = 0; i < nsv; i++) {
		if (!sv[i].ok) {
			bad_server_row(sv[i].name, "CTLFile.tlv", &o);
			bad_server_row(sv[i].name, "ITLFile.tlv", &o);
			bad = 1;
			continue;
		}
		bad |= one_file(sv[i].name, "CTLFile.tlv", NULL, &o);
		bad |= one_file(sv[i].name, "ITLFile.tlv", NULL, &o);
	}
	for (i = 0; i < nctl; i++)
		bad |= one_file("", "CTLFile.tlv", ctlf[i], &o);
	for (i = 0; i < nitl; i++)
		bad |= one_file("", "ITLFile.tlv", itlf[i], &o);
	get_cleanup();
	for (i = 0; i < nsv; i++)
		free(sv[i].name);
	free(sv);
	free(ctlf);
	free(itlf);
	close_stdout();
	return bad ? EXIT_FINDINGS : EXIT_OK;
}
