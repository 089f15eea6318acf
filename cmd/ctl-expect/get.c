/*
 * get.c - obtain the bytes of one trust-list file: from a TFTP server over
 * HTTP (port 6970) or TFTP (UDP 69) with libcurl, or from a local file.
 * Every failure becomes a status for the row, never an exit: a cluster
 * without CTLFile.tlv is normal (non-secure mode).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "expect.h"
#include "util.h"

#define MAXHOST	253

void
get_init(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		die(EXIT_SYSTEM, "libcurl: cannot initialise");
}

void
get_cleanup(void)
{
	curl_global_cleanup();
}

void
got_free(struct got *g)
{
	free(g->error);
	free(g->source);
	buf_free(&g->body);
	memset(g, 0, sizeof(*g));
}

static int
ishostc(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
}

static int
isv6c(int c)
{
	return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
	    (c >= '0' && c <= '9') || c == ':' || c == '.';
}

int
server_ok(const char *s)
{
	size_t i, n = strlen(s);
	int host = 1, v6 = strchr(s, ':') != NULL;

	if (n == 0 || n > MAXHOST || s[0] == '-' || s[0] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		if (!ishostc((unsigned char)s[i]))
			host = 0;
		if (!isv6c((unsigned char)s[i]))
			v6 = 0;
	}
	return host || v6;
}

struct sink {
	struct buf	*b;
	int		 over;
};

static size_t
sink_write(char *p, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;

	/* size is 1 for libcurl; the cap is what stops a hostile server. */
	if (buf_append(s->b, p, size * n) == -1) {
		s->over = 1;
		return 0;
	}
	return size * n;
}

static void
setstatus(struct got *g, const char *status, const char *fmt, ...)
	    CTL_PRINTF(3, 4);

static void
setstatus(struct got *g, const char *status, const char *fmt, ...)
{
	va_list ap;
	char msg[CURL_ERROR_SIZE + 64];

	snprintf(g->status, sizeof(g->status), "%s", status);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	free(g->error);
	g->error = xstrdup(msg);
}

static void
curl_status(struct got *g, CURLcode rc, const char *errbuf, int over,
    const struct opts *o)
{
	const char *why = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc);

	switch (rc) {
	case CURLE_TFTP_NOTFOUND:
	case CURLE_REMOTE_FILE_NOT_FOUND:
		setstatus(g, "not_found", "%s", why);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		setstatus(g, "timeout", "no answer within %ld s", o->timeout);
		break;
	case CURLE_COULDNT_CONNECT:
		setstatus(g, "refused", "%s", why);
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		setstatus(g, "no_host", "%s", why);
		break;
	case CURLE_WRITE_ERROR:
		if (over) {
			setstatus(g, "too_large", "larger than %zu bytes",
			    o->max_size);
			break;
		}
		/* FALLTHROUGH */
	default:
		setstatus(g, "error", "%s", why);
		break;
	}
}

void
get_url(struct got *g, const char *server, const char *file,
    const struct opts *o)
{
	char errbuf[CURL_ERROR_SIZE];
	struct sink s;
	long port, code = 0;
	CURLcode rc;
	CURL *c;
	int v6;

	memset(g, 0, sizeof(*g));
	buf_init(&g->body, o->max_size);
	port = o->port != 0 ? o->port : o->tftp ? 69 : 6970;
	v6 = strchr(server, ':') != NULL;
	g->source = xasprintf("%s://%s%s%s:%ld/%s", o->tftp ? "tftp" : "http",
	    v6 ? "[" : "", server, v6 ? "]" : "", port, file);
	if ((c = curl_easy_init()) == NULL)
		die(EXIT_SYSTEM, "libcurl: cannot make a handle");
	errbuf[0] = '\0';
	s.b = &g->body;
	s.over = 0;
	curl_easy_setopt(c, CURLOPT_URL, g->source);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, o->tftp ? "tftp" : "http");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, o->timeout);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, o->timeout);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "ctl-expect/" CTL_VERSION);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)o->max_size);
	rc = curl_easy_perform(c);
	if (rc == CURLE_FILESIZE_EXCEEDED) {
		rc = CURLE_WRITE_ERROR;
		s.over = 1;
	}
	if (rc != CURLE_OK)
		curl_status(g, rc, errbuf, s.over, o);
	else if (!o->tftp) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		if (code == 404)
			setstatus(g, "not_found", "HTTP 404");
		else if (code != 200) {
			setstatus(g, "http", "HTTP %ld", code);
			snprintf(g->status, sizeof(g->status), "http_%03ld",
			    code % 1000);
		}
	}
	curl_easy_cleanup(c);
	if (g->status[0] != '\0')
		buf_reset(&g->body);
}

void
get_local(struct got *g, const char *path, const struct opts *o)
{
	char chunk[16384];
	size_t n;
	FILE *fp;

	memset(g, 0, sizeof(*g));
	buf_init(&g->body, o->max_size);
	g->source = xstrdup(path);
	if ((fp = fopen(path, "rb")) == NULL) {
		setstatus(g, "read_error", "%s", strerror(errno));
		return;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (buf_append(&g->body, chunk, n) == -1) {
			setstatus(g, "too_large", "larger than %zu bytes",
			    o->max_size);
			break;
		}
	if (g->status[0] == '\0' && ferror(fp))
		setstatus(g, "read_error", "%s", strerror(errno));
	fclose(fp);
	if (g->status[0] != '\0')
		buf_reset(&g->body);
}
