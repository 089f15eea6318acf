/*
 * cucm.c - see cucm.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "cred.h"
#include "cucm.h"
#include "util.h"

struct cucm_conn {
	CURL		*curl;
	char		*base;		/* "https://host:port" */
	char		*url;		/* of the last call */
	struct buf	*ans;		/* answer of the call in flight */
	int		 overflow;
	char		 errbuf[CURL_ERROR_SIZE];
};

static size_t
on_data(char *p, size_t size, size_t n, void *arg)
{
	struct cucm_conn *c = arg;

	/* libcurl's MAXFILESIZE misses bodies without Content-Length. */
	if (buf_append(c->ans, p, size * n) == -1) {
		c->overflow = 1;
		return 0;
	}
	return size * n;
}

static void
setopt_or_die(CURLcode rc, const char *what)
{
	if (rc != CURLE_OK)
		die(EXIT_SYSTEM, "curl: %s: %s", what, curl_easy_strerror(rc));
}

/* -k, --insecure: the one place TLS verification is turned off. */
static void
insecure(CURL *h)
{
	CURLcode insecure_peer, insecure_host;

	insecure_peer = curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
	insecure_host = curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
	setopt_or_die(insecure_peer, "insecure");
	setopt_or_die(insecure_host, "insecure");
}

struct cucm_conn *
cucm_open(const char *host, const struct cred *cr,
    const struct cucm_opts *o)
{
	struct cucm_conn *c;
	CURL *h;

	c = xcalloc(1, sizeof(*c));
	c->base = strchr(host, ':') != NULL ? xasprintf("https://%s", host) :
	    xasprintf("https://%s:8443", host);
	if ((h = c->curl = curl_easy_init()) == NULL)
		die(EXIT_SYSTEM, "curl: cannot make a handle");
	setopt_or_die(curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L), "nosignal");
	/* CUCM is asked directly, whatever proxy the environment names. */
	setopt_or_die(curl_easy_setopt(h, CURLOPT_NOPROXY, "*"), "noproxy");
	setopt_or_die(curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https"),
	    "protocols");
	setopt_or_die(curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L),
	    "redirects");
	setopt_or_die(curl_easy_setopt(h, CURLOPT_TIMEOUT, o->timeout),
	    "timeout");
	setopt_or_die(curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT,
	    o->connect_timeout), "connect timeout");
	setopt_or_die(curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->errbuf),
	    "error buffer");
	setopt_or_die(curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data),
	    "write function");
	setopt_or_die(curl_easy_setopt(h, CURLOPT_WRITEDATA, c), "write data");
	setopt_or_die(curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC),
	    "auth");
	setopt_or_die(curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""),
	    "encoding");
	if (cr->user != NULL)
		setopt_or_die(curl_easy_setopt(h, CURLOPT_USERNAME, cr->user),
		    "user");
	if (cr->password != NULL)
		setopt_or_die(curl_easy_setopt(h, CURLOPT_PASSWORD,
		    cr->password), "password");
	if (cr->netrc != NULL) {
		setopt_or_die(curl_easy_setopt(h, CURLOPT_NETRC,
		    (long)CURL_NETRC_REQUIRED), "netrc");
		setopt_or_die(curl_easy_setopt(h, CURLOPT_NETRC_FILE,
		    cr->netrc), "netrc file");
	}
	if (o->cacert != NULL) {
		/* The default CA path re-reads the bundle every handshake. */
		setopt_or_die(curl_easy_setopt(h, CURLOPT_CAINFO, o->cacert),
		    "cacert");
		setopt_or_die(curl_easy_setopt(h, CURLOPT_CAPATH, NULL),
		    "capath");
	}
	if (o->insecure)
		insecure(h);
	return c;
}

int
cucm_post(struct cucm_conn *c, const char *path, const char *action,
    const struct buf *body, struct buf *ans, long *code, char *err,
    size_t errlen)
{
	struct curl_slist *hdr = NULL, *h2;
	char *soapaction = NULL;
	CURLcode rc;
	int ret = 0;

	free(c->url);
	c->url = xasprintf("%s%s", c->base, path);
	buf_reset(ans);
	c->ans = ans;
	c->overflow = 0;
	c->errbuf[0] = '\0';
	*code = 0;
	hdr = curl_slist_append(hdr, "Content-Type: text/xml; charset=utf-8");
	if (action != NULL) {
		soapaction = xasprintf("SOAPAction: \"%s\"", action);
		if (hdr != NULL &&
		    (h2 = curl_slist_append(hdr, soapaction)) != NULL)
			hdr = h2;
	}
	if (hdr == NULL)
		die(EXIT_SYSTEM, "out of memory");
	curl_easy_setopt(c->curl, CURLOPT_URL, c->url);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, body->data);
	curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)body->len);
	rc = curl_easy_perform(c->curl);
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, code);
	if (c->overflow) {
		snprintf(err, errlen, "answer larger than %zu bytes",
		    ans->max);
		ret = CUCM_ERR_SIZE;
	} else if (rc != CURLE_OK) {
		snprintf(err, errlen, "%s", c->errbuf[0] != '\0' ? c->errbuf :
		    curl_easy_strerror(rc));
		ret = CUCM_ERR_NET;
	} else if (*code == 401 || *code == 403) {
		snprintf(err, errlen, "authentication failed (HTTP %ld)",
		    *code);
		ret = CUCM_ERR_AUTH;
	} else if (*code != 200 && *code != 500) {
		snprintf(err, errlen, "HTTP %ld", *code);
		ret = CUCM_ERR_HTTP;
	}
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(hdr);
	free(soapaction);
	c->ans = NULL;
	return ret;
}

const char *
cucm_url(const struct cucm_conn *c)
{
	return c->url != NULL ? c->url : c->base;
}

void
cucm_free(struct cucm_conn *c)
{
	if (c == NULL)
		return;
	curl_easy_cleanup(c->curl);
	free(c->base);
	free(c->url);
	free(c);
}
