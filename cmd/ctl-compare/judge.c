/*
 * judge.c - the verdict of ctl-compare on one phone: what the phone shows
 * against what the cluster serves, and a hint for every case that is not
 * a match.
 */
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

const char *
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
void
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

void
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

void
verdict_init(struct verdict *v)
{
	memset(v, 0, sizeof(*v));
	buf_init(&v->hint, 4096);
	buf_puts(&v->hint, "");
}

/* One cause (an unreachable phone) is said once, not per file. */
void
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

