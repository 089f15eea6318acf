/*
 * ctl-webaccess - turn the Web Access setting of phones on or off through
 * AXL, and put it back.  Each phone's previous setting goes to a journal,
 * flushed to disk, before the phone is changed, so "restore" can undo a
 * run that crashed or was killed.  See ctl-webaccess(1).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "cred.h"
#include "cucm.h"
#include "soap.h"
#include "tsv.h"
#include "util.h"

#define AXL_NS		"http://www.cisco.com/AXL/API/"
#define MAXANSWER	(4UL * 1024 * 1024)
#define MAXNAME		128
#define MAXSETTING	64	/* a webAccess value, with its NUL */

static const char *const own[] = {
	"web_access_before", "web_access_after", "web_access_status"
};

struct ctx {
	struct cucm_conn *conn;
	const char	*version;
	int		 journal;	/* fd, or -1 */
	const char	*jpath;
	struct buf	 ans;
};

static void
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr,
	    "usage: ctl-webaccess [-hkVy] [--axl-version version] "
	    "[--cacert file] -H host\n"
	    "\t[-j journal] [--netrc file] [--password-file file]\n"
	    "\t[--timeout seconds] [-u user] enable | disable | "
	    "restore journal\n");
	if (status == EXIT_OK)
		close_stdout();
	exit(status);
}

static xmlDocPtr
axl_new(const struct ctx *c, const char *op, xmlNodePtr *opnode)
{
	char ns[128];

	snprintf(ns, sizeof(ns), "%s%s", AXL_NS, c->version);
	return soap_new(ns, "ns", op, opnode);
}

/*
 * Send doc and parse the answer into a DOM (small answers only).  Returns
 * the answer document, or NULL with err set (a fault or a bad answer);
 * dies when CUCM cannot be reached at all.
 */
static xmlDocPtr
axl_call(struct ctx *c, const char *op, xmlDocPtr doc, char *err,
    size_t errlen, int *notfound)
{
	struct soap_fault f;
	struct buf body;
	xmlDocPtr ans;
	char action[128];
	long code;
	int rc;

	*notfound = 0;
	buf_init(&body, MAXANSWER);
	if (soap_dump(doc, &body) == -1)
		die(EXIT_SYSTEM, "axl %s: request too large", op);
	snprintf(action, sizeof(action), "CUCM:DB ver=%s %s", c->version, op);
	rc = cucm_post(c->conn, "/axl/", action, &body, &c->ans, &code, err,
	    errlen);
	buf_free(&body);
	if (rc != 0)
		die(EXIT_SYSTEM, "%s: axl %s: %s", cucm_url(c->conn), op, err);
	/* A walk first: it refuses DTDs and finds the fault. */
	if (soap_walk(c->ans.data, c->ans.len, NULL, NULL, &f, err,
	    errlen) == -1)
		return NULL;
	if (f.present) {
		*notfound = strcmp(f.axlcode, "5007") == 0;
		snprintf(err, errlen, "fault %s: %.300s", f.axlcode[0] != '\0' ?
		    f.axlcode : f.code, f.axlmessage[0] != '\0' ?
		    f.axlmessage : f.string);
		return NULL;
	}
	ans = xmlReadMemory(c->ans.data, (int)c->ans.len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (ans == NULL)
		snprintf(err, errlen, "answer is not well-formed XML");
	return ans;
}

static xmlNodePtr
find(xmlNodePtr n, const char *name)
{
	xmlNodePtr c, r;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, name) == 0)
			return n;
		if ((c = n->children) != NULL && (r = find(c, name)) != NULL)
			return r;
	}
	return NULL;
}

/*
 * Into out: "0" enabled, "1" disabled, "" not set (the phone's default);
 * any other value is kept as it is, so restore can write it back.  -1 when
 * it does not fit.
 */
static int
setting(xmlNodePtr vc, char *out, size_t outlen)
{
	xmlNodePtr wa;
	xmlChar *v;
	const char *p;
	size_t n;

	out[0] = '\0';
	if (vc == NULL || (wa = find(vc->children, "webAccess")) == NULL)
		return 0;
	v = xmlNodeGetContent(wa);
	p = v != NULL ? (const char *)v : "";
	/* An answer may be pretty-printed: " 1 " is 1. */
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	n = strlen(p);
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' ||
	    p[n - 1] == '\n' || p[n - 1] == '\r'))
		n--;
	if (n >= outlen) {
		xmlFree(v);
		return -1;	/* cut, restore could not write it back */
	}
	memcpy(out, p, n);
	out[n] = '\0';
	xmlFree(v);
	return 0;
}

/* getPhone; returns its answer (vendorConfig in *vc) or NULL with err. */
static xmlDocPtr
get_phone(struct ctx *c, const char *name, xmlNodePtr *vc, char *err,
    size_t errlen, int *notfound)
{
	xmlNodePtr op, tags;
	xmlDocPtr doc, ans;

	doc = axl_new(c, "getPhone", &op);
	soap_add(op, NULL, "name", name);
	tags = soap_add(op, NULL, "returnedTags", NULL);
	soap_add(tags, NULL, "vendorConfig", NULL);
	ans = axl_call(c, "getPhone", doc, err, errlen, notfound);
	xmlFreeDoc(doc);
	*vc = ans != NULL ? find(xmlDocGetRootElement(ans), "vendorConfig") :
	    NULL;
	return ans;
}

/*
 * updatePhone replaces the whole vendorConfig, so send back every element
 * the phone had, with only webAccess changed ("" removes it).  Returns 0,
 * -1 when the update failed, -2 when it was stored but applyPhone failed.
 */
static int
set_phone(struct ctx *c, const char *name, xmlNodePtr oldvc,
    const char *value, char *err, size_t errlen)
{
	xmlNodePtr op, vc, n, copy;
	xmlDocPtr doc, ans;
	int notfound, done = 0;

	doc = axl_new(c, "updatePhone", &op);
	soap_add(op, NULL, "name", name);
	vc = soap_add(op, NULL, "vendorConfig", NULL);
	for (n = oldvc != NULL ? oldvc->children : NULL; n != NULL;
	    n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, "webAccess") == 0) {
			if (*value != '\0' && !done)
				soap_add(vc, NULL, "webAccess", value);
			done = 1;
			continue;
		}
		if ((copy = xmlDocCopyNode(n, doc, 1)) == NULL)
			die(EXIT_SYSTEM, "out of memory");
		xmlSetNs(copy, NULL);
		xmlAddChild(vc, copy);
	}
	if (!done && *value != '\0')
		soap_add(vc, NULL, "webAccess", value);
	ans = axl_call(c, "updatePhone", doc, err, errlen, &notfound);
	xmlFreeDoc(doc);
	if (ans == NULL)
		return -1;
	xmlFreeDoc(ans);
	doc = axl_new(c, "applyPhone", &op);
	soap_add(op, NULL, "name", name);
	ans = axl_call(c, "applyPhone", doc, err, errlen, &notfound);
	xmlFreeDoc(doc);
	if (ans == NULL)
		return -2;	/* stored, but the phone was not told */
	xmlFreeDoc(ans);
	return 0;
}

static void
journal_add(struct ctx *c, const char *name, const char *before)
{
	char *line = NULL;
	size_t len = 0;
	FILE *mem;

	if ((mem = open_memstream(&line, &len)) == NULL)
		die(EXIT_SYSTEM, "out of memory");
	tsv_puts(mem, name);
	putc('\t', mem);
	tsv_puts(mem, before);
	putc('\n', mem);
	if (fclose(mem) != 0)
		die(EXIT_SYSTEM, "out of memory");
	/* On disk before the phone changes: a kill must not lose it. */
	if (write(c->journal, line, len) != (ssize_t)len ||
	    fsync(c->journal) == -1)
		die_errno(EXIT_SYSTEM, "journal %s", c->jpath);
	free(line);
}

static void
journal_open(struct ctx *c, const char *path)
{
	struct stat st;
	static const char hdr[] = "name\tweb_access_before\n";

	c->jpath = path;
	c->journal = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0600);
	if (c->journal == -1 || fstat(c->journal, &st) == -1)
		die_errno(EXIT_SYSTEM, "journal %s", path);
	if (st.st_size == 0 && (write(c->journal, hdr, sizeof(hdr) - 1) !=
	    (ssize_t)(sizeof(hdr) - 1) || fsync(c->journal) == -1))
		die_errno(EXIT_SYSTEM, "journal %s", path);
}

/* One phone: set it to want ("0" or "1"); fills before/after/status. */
static int
change(struct ctx *c, const char *name, const char *want, char *before,
    char *after, const char **status, int restoring)
{
	char err[512];
	xmlNodePtr vc;
	xmlDocPtr ans;
	int notfound, rv = 0;

	before[0] = after[0] = '\0';
	if (strlen(name) > MAXNAME || *name == '\0') {
		*status = "error";
		warnx_("%.*s: not a device name", MAXNAME, name);
		return -1;
	}
	if ((ans = get_phone(c, name, &vc, err, sizeof(err),
	    &notfound)) == NULL) {
		*status = notfound ? "not_found" : "error";
		warnx_("%s: getPhone: %s", name, err);
		return -1;
	}
	if (setting(vc, before, MAXSETTING) == -1) {
		*status = "error";
		warnx_("%s: webAccess value longer than %d bytes; left alone",
		    name, MAXSETTING - 1);
		xmlFreeDoc(ans);
		return -1;
	}
	if (strcmp(before, want) == 0) {
		snprintf(after, MAXSETTING, "%s", before);
		*status = "unchanged";
	} else {
		if (!restoring)
			journal_add(c, name, before);
		switch (set_phone(c, name, vc, want, err, sizeof(err))) {
		case -1:
			*status = "error";
			warnx_("%s: %s", name, err);
			snprintf(after, MAXSETTING, "%s", before);
			rv = -1;
			break;
		case -2:
			/* CUCM holds the new value; the phone has the old. */
			*status = "apply_failed";
			warnx_("%s: applyPhone: %s", name, err);
			snprintf(after, MAXSETTING, "%s", want);
			rv = -1;
			break;
		default:
			snprintf(after, MAXSETTING, "%s", want);
			*status = restoring ? "restored" : "changed";
		}
	}
	xmlFreeDoc(ans);
	return rv;
}

static int
confirm(size_t n, const char *verb)
{
	char line[16];
	FILE *tty;
	int yes;

	if ((tty = fopen("/dev/tty", "r+")) == NULL || !isatty(fileno(tty)))
		die(EXIT_USAGE, "no terminal to ask on: give -y to %s web "
		    "access on %zu phones", verb, n);
	fprintf(tty, "ctl-webaccess: %s web access on up to %zu phones? "
	    "Each changed phone restarts. [y/N] ", verb, n);
	fflush(tty);
	yes = fgets(line, sizeof(line), tty) != NULL &&
	    (line[0] == 'y' || line[0] == 'Y');
	fclose(tty);
	return yes;
}

/* enable / disable: names on stdin, kept whole so we can ask first. */
static int
run_set(struct ctx *c, const char *want, const char *verb, int yes)
{
	struct tsv_reader r;
	struct tsv_layout l;
	char ***rows = NULL, before[MAXSETTING], after[MAXSETTING];
	const char *vals[3], *status;
	size_t n = 0, i, namecol;
	int bad = 0;

	tsv_open_or_die(&r, stdin, "stdin");
	namecol = tsv_need(&r, "name");
	while (tsv_next(&r) == 1) {
		rows = xreallocarray(rows, n + 1, sizeof(*rows));
		rows[n++] = (char **)tsv_row_dup(&r);
	}
	if (n > 0 && !yes && !confirm(n, verb))
		die(EXIT_USAGE, "not confirmed; nothing changed");
	if (n > 0)
		warnx_("applying the configuration restarts each changed "
		    "phone");
	tsv_layout_init(&l, &r, own, 3, NULL, 0);
	tsv_layout_header(&l, &r, stdout);
	for (i = 0; i < n; i++) {
		if (change(c, rows[i][namecol], want, before, after, &status,
		    0) == -1)
			bad = 1;
		vals[0] = before;
		vals[1] = after;
		vals[2] = status;
		tsv_layout_row(&l, rows[i], vals, NULL, stdout);
		fflush(stdout);
		free(rows[i]);
	}
	free(rows);
	tsv_layout_free(&l);
	tsv_close(&r);
	return bad;
}

/* restore: every phone of the journal back to its first recorded value. */
static int
run_restore(struct ctx *c, const char *path)
{
	static const char *const cols[] = {
		"name", "web_access_before", "web_access_after",
		"web_access_status"
	};
	struct tsv_reader r;
	char **names = NULL, **wants = NULL, before[MAXSETTING];
	char after[MAXSETTING];
	const char *row[4], *status;
	size_t n = 0, i, j, nc, bc;
	FILE *fp;
	int bad = 0, dup;

	if ((fp = fopen(path, "r")) == NULL)
		die_errno(EXIT_USAGE, "journal %s", path);
	tsv_open_or_die(&r, fp, path);
	nc = tsv_need(&r, "name");
	bc = tsv_need(&r, "web_access_before");
	while (tsv_next(&r) == 1) {
		/* The first entry of a phone holds its original setting. */
		for (dup = 0, j = 0; j < n && !dup; j++)
			dup = strcmp(names[j], r.fields[nc]) == 0;
		if (dup)
			continue;
		names = xreallocarray(names, n + 1, sizeof(*names));
		wants = xreallocarray(wants, n + 1, sizeof(*wants));
		names[n] = xstrdup(r.fields[nc]);
		wants[n++] = xstrdup(r.fields[bc]);
	}
	tsv_close(&r);
	fclose(fp);
	tsv_put_row(stdout, cols, 4);
	for (i = 0; i < n; i++) {
		if (change(c, names[i], wants[i], before, after, &status,
		    1) == -1)
			bad = 1;
		row[0] = names[i];
		row[1] = before;
		row[2] = after;
		row[3] = status;
		tsv_put_row(stdout, row, 4);
		fflush(stdout);
		free(names[i]);
		free(wants[i]);
	}
	free(names);
	free(wants);
	return bad;
}

enum { O_AXLVER = 256, O_CACERT, O_NETRC, O_PASSFILE, O_TIMEOUT };

static const struct option longopts[] = {
	{ "axl-version", required_argument, NULL, O_AXLVER },
	{ "cacert", required_argument, NULL, O_CACERT },
	{ "help", no_argument, NULL, 'h' },
	{ "host", required_argument, NULL, 'H' },
	{ "insecure", no_argument, NULL, 'k' },
	{ "journal", required_argument, NULL, 'j' },
	{ "netrc", required_argument, NULL, O_NETRC },
	{ "password-file", required_argument, NULL, O_PASSFILE },
	{ "timeout", required_argument, NULL, O_TIMEOUT },
	{ "user", required_argument, NULL, 'u' },
	{ "version", no_argument, NULL, 'V' },
	{ "yes", no_argument, NULL, 'y' },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	struct cucm_opts co = { NULL, 0, 30, 10 };
	struct ctx c = { NULL, "14.0", -1, NULL, { 0 } };
	const char *host = NULL, *user = NULL, *passfile = NULL;
	const char *netrc = NULL, *journal = NULL, *verb;
	struct cred cr;
	int ch, yes = 0, bad;

	ctl_setprog(argv[0]);
	while ((ch = getopt_long(argc, argv, "hH:j:ku:Vy", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case O_AXLVER: c.version = optarg; break;
		case O_CACERT: co.cacert = optarg; break;
		case 'h': usage(EXIT_OK); break;
		case 'H': host = optarg; break;
		case 'j': journal = optarg; break;
		case 'k': co.insecure = 1; break;
		case O_NETRC: netrc = optarg; break;
		case O_PASSFILE: passfile = optarg; break;
		case O_TIMEOUT:
			co.timeout = (long)opt_ll("--timeout", optarg, 1, 3600);
			break;
		case 'u': user = optarg; break;
		case 'V':
			print_version();
			close_stdout();
			exit(EXIT_OK);
		case 'y': yes = 1; break;
		default: usage(EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 || host == NULL)
		usage(EXIT_USAGE);
	verb = argv[0];
	if (strcmp(verb, "restore") == 0) {
		if (argc != 2)
			usage(EXIT_USAGE);
	} else if (strcmp(verb, "enable") == 0 ||
	    strcmp(verb, "disable") == 0) {
		if (argc != 1)
			usage(EXIT_USAGE);
		if (journal == NULL)
			die(EXIT_USAGE, "%s needs -j journal, so that restore "
			    "can undo it", verb);
	} else
		usage(EXIT_USAGE);
	cred_get(&cr, user, passfile, netrc);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		die(EXIT_SYSTEM, "curl: cannot initialise");
	xmlInitParser();
	c.conn = cucm_open(host, &cr, &co);
	buf_init(&c.ans, MAXANSWER);
	if (strcmp(verb, "restore") == 0)
		bad = run_restore(&c, argv[1]);
	else {
		journal_open(&c, journal);
		bad = run_set(&c, strcmp(verb, "enable") == 0 ? "0" : "1",
		    verb, yes);
		if (close(c.journal) == -1)
			die_errno(EXIT_SYSTEM, "journal %s", journal);
	}
	buf_free(&c.ans);
	cucm_free(c.conn);
	cred_free(&cr);
	xmlCleanupParser();
	curl_global_cleanup();
	close_stdout();
	return bad ? EXIT_FINDINGS : EXIT_OK;
}
