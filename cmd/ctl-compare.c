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
#include "hash.h"
#include "tsv.h"
#include "util.h"

#define MAXEXPECT	100000

enum { K_CTL, K_ITL };
static const char *const kname[2] = { "CTL", "ITL" };
static const char *const kpre[2] = { "ctl", "itl" };

enum result { R_NA, R_MATCH, R_UNCHECKED, R_NOTINST, R_MISMATCH };
static const char *const rname[] = {
	"not_applicable", "match", "unchecked", "not_installed", "mismatch"
};

struct exp {
	char	*server;	/* "" for a local file or a hash by hand */
	int	 kind;
	int	 manual;
	int	 served;	/* it holds hashes */
	char	 hex[HASH_NALG][HASH_HEXMAX];
};

static struct exp *ex;
static size_t nex;

static const char *const own[] = {
	"ctl_expected", "ctl_result", "itl_expected", "itl_result", "result",
	"hint", "itl_matched_server"
};
#define NOWN	(sizeof(own) / sizeof(own[0]))

struct cols {
	int	 sig[2], server, server2, parse, fetch, mode;
};

struct verdict {
	enum result	 r;
	char		 expected[HASH_HEXMAX];
	const char	*matched;
	struct buf	 hint;
};

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: ctl-compare [-hV] [-e file] [--ctl hash] "
	    "[--itl hash]\n");
}

static struct exp *
newexp(const char *server, int kind)
{
	struct exp *e;

	if (nex == MAXEXPECT)
		die(EXIT_USAGE, "more than %d expected files", MAXEXPECT);
	ex = xreallocarray(ex, nex + 1, sizeof(*ex));
	e = &ex[nex++];
	memset(e, 0, sizeof(*e));
	e->server = xstrdup(server);
	e->kind = kind;
	return e;
}

static void
add_manual(int kind, const char *opt, const char *s)
{
	char hex[HASH_HEXMAX];
	struct exp *e;
	int a;

	if ((a = hash_normalize(s, hex)) < 0)
		die(EXIT_USAGE, "%s %s: not a hash (32, 40, 64 or 128 hex "
		    "digits)", opt, s);
	e = newexp("", kind);
	e->manual = 1;
	e->served = 1;
	memcpy(e->hex[a], hex, sizeof(hex));
}

static void
read_expect(const char *path)
{
	static const char *const hcol[HASH_NALG] = {
		"md5", "sha1", "sha256", "sha512"
	};
	struct tsv_reader r;
	size_t cs, cf, ch[HASH_NALG], a;
	struct exp *e;
	const char *f;
	FILE *fp;
	int kind;

	if ((fp = fopen(path, "r")) == NULL)
		die_errno(EXIT_USAGE, "%s", path);
	tsv_open_or_die(&r, fp, path);
	cs = tsv_need(&r, "tftp_server");
	cf = tsv_need(&r, "file");
	for (a = 0; a < HASH_NALG; a++)
		ch[a] = tsv_need(&r, hcol[a]);
	while (tsv_next(&r) == 1) {
		f = r.fields[cf];
		if (strcasecmp(f, "CTLFile.tlv") == 0)
			kind = K_CTL;
		else if (strcasecmp(f, "ITLFile.tlv") == 0)
			kind = K_ITL;
		else
			continue;
		e = newexp(r.fields[cs], kind);
		for (a = 0; a < HASH_NALG; a++) {
			if (r.fields[ch[a]][0] == '\0')
				continue;
			if (hash_normalize(r.fields[ch[a]], e->hex[a]) !=
			    (int)a)
				die(EXIT_USAGE, "%s:%lu: %s is not a %s hash",
				    path, r.lineno, r.fields[ch[a]], hcol[a]);
			e->served = 1;
		}
	}
	tsv_close(&r);
	fclose(fp);
}

static void
free_exp(void)
{
	size_t i;

	for (i = 0; i < nex; i++)
		free(ex[i].server);
	free(ex);
	ex = NULL;
	nex = 0;
}

static const char *
field(char **f, int c)
{
	return c >= 0 ? f[c] : "";
}

static void
hint(struct verdict *v, const char *fmt, ...) CTL_PRINTF(2, 3);

static void
hint(struct verdict *v, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	utf8_clean(msg);	/* a long server name may be cut mid-way */
	buf_puts(&v->hint, msg);
}

/* Why a phone page could not be read, from fetch_status. */
static void
fetch_hint(struct verdict *v, const char *fs)
{
	if (strcmp(fs, "no_ip") == 0)
		hint(v, "phone has no IP address (not registered): nothing to "
		    "fetch");
	else if (strcmp(fs, "skipped") == 0)
		hint(v, "phone's web server is off: enable web access "
		    "(ctl-webaccess enable) and fetch again");
	else if (strcmp(fs, "refused") == 0)
		hint(v, "phone refused the connection: web access is likely "
		    "disabled; enable it (ctl-webaccess enable)");
	else if (strcmp(fs, "timeout") == 0 ||
	    strcmp(fs, "connect_timeout") == 0)
		hint(v, "phone did not answer (%s): check it is reachable "
		    "from here (firewall, VLAN, powered off)", fs);
	else if (strcmp(fs, "tls_error") == 0)
		hint(v, "TLS to the phone failed: give its CA with --cacert "
		    "or use -k with ctl-fetch");
	else if (strcmp(fs, "http_401") == 0 || strcmp(fs, "http_403") == 0)
		hint(v, "phone refused the page (%s): check its web access "
		    "setting", fs);
	else if (strcmp(fs, "http_404") == 0)
		hint(v, "phone has no such page (http_404): try another URL "
		    "template with ctl-fetch -u");
	else
		hint(v, "phone page not fetched (fetch_status %s): see "
		    "fetch_error", fs);
}

/* Find "ctl_xxx" in a parse_status list; returns xxx or NULL. */
static const char *
status_token(const char *ps, int k, char *out, size_t len)
{
	size_t pl = strlen(kpre[k]);
	const char *p = ps, *end;

	while (*p != '\0') {
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) > pl + 1 &&
		    strncmp(p, kpre[k], pl) == 0 && p[pl] == '_') {
			snprintf(out, len, "%.*s", (int)(end - p - pl - 1),
			    p + pl + 1);
			return out;
		}
		p = *end == ',' ? end + 1 : end;
	}
	return NULL;
}

static int
has_field_tokens(const char *ps)
{
	return strcmp(ps, "ok") == 0 || strncmp(ps, "ctl_", 4) == 0 ||
	    strncmp(ps, "itl_", 4) == 0;
}

enum { P_NONE, P_HAS, P_UNKNOWN, P_MISSING };

/*
 * What the phone shows for kind k: P_HAS (value and algorithm set),
 * P_NONE (not installed or empty), P_MISSING (no such field on its
 * page), or P_UNKNOWN (the hint says why).
 */
static int
phone_state(char **f, const struct cols *c, int k, char *val, int *alg,
    struct verdict *v)
{
	const char *fs = field(f, c->fetch), *ps = field(f, c->parse);
	const char *sig = field(f, c->sig[k]), *tok;
	char t[64];

	if (fs[0] != '\0' && strcmp(fs, "ok") != 0) {
		fetch_hint(v, fs);
		return P_UNKNOWN;
	}
	if (ps[0] != '\0' && !has_field_tokens(ps)) {
		if (strcmp(ps, "no_body") == 0)
			hint(v, "phone returned an empty page");
		else if (strcmp(ps, "not_phone_page") == 0)
			hint(v, "the page fetched is not a phone page: check "
			    "the URL (ctl-fetch -u)");
		else
			hint(v, "phone page could not be parsed (parse_status "
			    "%s): see parse_error", ps);
		return P_UNKNOWN;
	}
	if ((tok = status_token(ps, k, t, sizeof(t))) != NULL) {
		if (strcmp(tok, "not_installed") == 0 ||
		    strcmp(tok, "empty") == 0)
			return P_NONE;
		if (strcmp(tok, "missing") == 0) {
			hint(v, "field not on the phone's page (model or "
			    "firmware does not show it; ctl-parse -m adds a "
			    "label)");
			return P_MISSING;
		}
		hint(v, "phone shows a value that is not a hash (%s): see "
		    "parse_error", tok);
		return P_UNKNOWN;
	}
	if (sig[0] == '\0') {
		hint(v, "no value on the row and no parse_status saying why");
		return P_UNKNOWN;
	}
	if ((*alg = hash_normalize(sig, val)) < 0) {
		hint(v, "phone value is not a hash: %.64s", sig);
		return P_UNKNOWN;
	}
	return P_HAS;
}

/* 0 the phone's own TFTP server, 1 its second, 2 any other, 3 no server. */
static int
rank(const struct exp *e, const char *s1, const char *s2)
{
	if (e->server[0] == '\0')
		return 3;
	if (s1[0] != '\0' && strcasecmp(e->server, s1) == 0)
		return 0;
	if (s2[0] != '\0' && strcasecmp(e->server, s2) == 0)
		return 1;
	return 2;
}

/* Best candidate of kind k in algorithm a: own server first. */
static const struct exp *
lookup(int k, int a, const char *s1, const char *s2, const char *val,
    const struct exp **first, int *nserved, int *own_known, int *nless)
{
	const struct exp *best = NULL, *e;
	int r, bestr = 9, firstr = 9;
	size_t i;

	*first = NULL;
	*nserved = 0;
	*own_known = 0;
	*nless = 0;
	for (i = 0; i < nex; i++) {
		e = &ex[i];
		if (e->kind != k)
			continue;
		r = rank(e, s1, s2);
		if (r == 0)
			*own_known = 1;
		if (!e->served || e->hex[a][0] == '\0')
			continue;
		(*nserved)++;
		if (r == 3)
			(*nless)++;
		if (r < firstr) {
			*first = e;
			firstr = r;
		}
		if (strcmp(e->hex[a], val) == 0 && r < bestr) {
			best = e;
			bestr = r;
		}
	}
	return best;
}

/* Any expectation of kind k at all, and whether any says "served". */
static void
kind_summary(int k, int *rows, int *served)
{
	size_t i;

	*rows = *served = 0;
	for (i = 0; i < nex; i++)
		if (ex[i].kind == k) {
			(*rows)++;
			if (ex[i].served)
				(*served)++;
		}
}

static const char *
server_label(const struct exp *e)
{
	if (e->manual)
		return e->kind == K_CTL ? "--ctl" : "--itl";
	return e->server[0] != '\0' ? e->server : "local file";
}

static void
judge_ctl(char **f, const struct cols *c, struct verdict *v)
{
	const char *mode = field(f, c->mode), *s1 = field(f, c->server);
	const char *s2 = field(f, c->server2);
	const struct exp *m, *first;
	char val[HASH_HEXMAX];
	int st, alg = -1, rows, served, n, ownk, nless, nonsecure;

	kind_summary(K_CTL, &rows, &served);
	nonsecure = strcmp(mode, "0") == 0 ||
	    (strcmp(mode, "1") != 0 && rows > 0 && served == 0);
	st = phone_state(f, c, K_CTL, val, &alg, v);
	if (nonsecure) {
		if (st == P_HAS) {
			v->r = R_MISMATCH;
			hint(v, "stale CTL from a former mixed mode: delete the "
			    "CTL on the phone (Settings > Security > Trust "
			    "List), or use Prepare Cluster for Rollback "
			    "before leaving mixed mode");
		} else if (st == P_UNKNOWN)
			v->r = R_UNCHECKED;
		else {
			v->r = R_NA;
			v->hint.len = 0;
			v->hint.data[0] = '\0';
		}
		return;
	}
	if (st == P_UNKNOWN || st == P_MISSING) {
		v->r = R_UNCHECKED;
		return;
	}
	if (st == P_NONE && strcmp(mode, "1") == 0 && rows == 0) {
		v->r = R_NOTINST;
		hint(v, "no CTL on the phone although the cluster is in mixed "
		    "mode: check it reaches its TFTP server, then reset it");
		return;
	}
	if (rows == 0) {
		v->r = R_UNCHECKED;
		hint(v, "no expected CTL: give -e (ctl-expect output) or "
		    "--ctl");
		return;
	}
	if (served == 0) {
		v->r = R_UNCHECKED;
		hint(v, "cluster is in mixed mode but no TFTP server serves "
		    "CTLFile.tlv: check the CTL (utils ctl update CTLFile)");
		return;
	}
	if (st == P_NONE) {
		v->r = R_NOTINST;
		hint(v, "no CTL on the phone although the cluster is in mixed "
		    "mode: check it reaches its TFTP server, then reset it");
		return;
	}
	m = lookup(K_CTL, alg, s1, s2, val, &first, &n, &ownk, &nless);
	if (n == 0) {
		v->r = R_UNCHECKED;
		hint(v, "no expected CTL in %s, the phone's algorithm: give "
		    "--ctl with a %s hash", hash_name(alg), hash_name(alg));
		return;
	}
	snprintf(v->expected, sizeof(v->expected), "%s",
	    (m != NULL ? m : first)->hex[alg]);
	if (m != NULL) {
		v->r = R_MATCH;
		return;
	}
	v->r = R_MISMATCH;
	hint(v, "CTL differs from the cluster's CTLFile.tlv: the phone holds "
	    "an older CTL (certificates or CTL changed since); reset the "
	    "phone, or delete its CTL if it no longer trusts the new signer");
}

static void
judge_itl(char **f, const struct cols *c, struct verdict *v)
{
	const char *s1 = field(f, c->server), *s2 = field(f, c->server2);
	const struct exp *m, *first;
	char val[HASH_HEXMAX];
	int st, alg = -1, rows, served, n, ownk, nless, r;

	kind_summary(K_ITL, &rows, &served);
	st = phone_state(f, c, K_ITL, val, &alg, v);
	if (st == P_UNKNOWN || st == P_MISSING) {
		v->r = R_UNCHECKED;
		return;
	}
	if (st == P_NONE) {
		v->r = R_NOTINST;
		hint(v, "no ITL on the phone: it has not downloaded "
		    "ITLFile.tlv%s%s; check it reaches port 6970 or 69 there, "
		    "then reset it", s1[0] != '\0' ? " from " : "", s1);
		return;
	}
	if (served == 0) {
		v->r = R_UNCHECKED;
		hint(v, rows == 0 ? "no expected ITL: give -e (ctl-expect "
		    "output) or --itl" : "no TFTP server served ITLFile.tlv: "
		    "see expect_status in the ctl-expect output");
		return;
	}
	m = lookup(K_ITL, alg, s1, s2, val, &first, &n, &ownk, &nless);
	if (n == 0) {
		v->r = R_UNCHECKED;
		hint(v, "no expected ITL in %s, the phone's algorithm: give "
		    "--itl with a %s hash", hash_name(alg), hash_name(alg));
		return;
	}
	snprintf(v->expected, sizeof(v->expected), "%s",
	    (m != NULL ? m : first)->hex[alg]);
	if (m != NULL) {
		v->r = R_MATCH;
		v->matched = server_label(m);
		r = rank(m, s1, s2);
		if (r == 1)
			hint(v, "ITL matches TFTP server 2 (%s), not TFTP "
			    "server 1 (%s)", m->server, s1);
		else if (r == 2 && s1[0] != '\0')
			hint(v, "ITL matches TFTP server %s, not the phone's "
			    "own %s: ITLs differ per TFTP server; check the "
			    "phone's TFTP server (DHCP option 150)", m->server,
			    s1);
		return;
	}
	if (s1[0] != '\0' && !ownk && nless == 0) {
		v->r = R_UNCHECKED;
		hint(v, "the phone's TFTP server %s was not checked and no "
		    "other server's ITL matches: run ctl-expect -s %s", s1, s1);
		return;
	}
	v->r = R_MISMATCH;
	hint(v, "ITL matches no TFTP server's ITLFile.tlv: the phone trusts "
	    "another cluster's or an old ITL; bulk ITL reset (utils itl "
	    "reset) or, before moving phones, Prepare Cluster for Rollback");
}

static void
verdict_init(struct verdict *v)
{
	memset(v, 0, sizeof(*v));
	buf_init(&v->hint, 4096);
	buf_puts(&v->hint, "");
}

/* One cause (an unreachable phone) is said once, not per file. */
static void
join_hints(struct buf *h, const struct verdict *v)
{
	int k;

	if (v[0].hint.len > 0 && strcmp(v[0].hint.data, v[1].hint.data) == 0) {
		buf_puts(h, v[0].hint.data);
		return;
	}
	for (k = 0; k < 2; k++) {
		if (v[k].hint.len == 0)
			continue;
		if (h->len > 0)
			buf_puts(h, "; ");
		buf_puts(h, kname[k]);
		buf_puts(h, ": ");
		buf_puts(h, v[k].hint.data);
	}
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
