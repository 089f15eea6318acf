/*
 * http.c - see http.h.  Owned by ctl-fetch.
 *
 * Every handle gets the same conservative set-up: http and https only, no
 * redirects followed, no connection or TLS session kept for another
 * request, timeouts always set, no signals, HTTP/1.1, no content decoding
 * (so no decompression bomb), and the body capped as it arrives because
 * CURLOPT_MAXFILESIZE cannot stop a body sent without a length.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "http.h"
#include "util.h"

/* Longest redirect target or server text copied into an error. */
#define HTTP_DETAIL	200

void
http_init(void)
{
	const curl_version_info_data *v;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		die(EXIT_SYSTEM, "cannot initialise libcurl");
	v = curl_version_info(CURLVERSION_NOW);
	/* CURLOPT_PROTOCOLS_STR came with 7.85.0. */
	if (v->version_num < 0x075500)
		die(EXIT_SYSTEM, "libcurl %s is too old: 7.85.0 or later "
		    "needed", v->version);
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct http_xfer *x = arg;

	(void)size;	/* always 1 for the write callback */
	if (buf_append(&x->body, p, n) == -1) {
		x->too_large = 1;
		return 0;	/* CURLE_WRITE_ERROR */
	}
	return n;
}

/*
 * Out of descriptors looks like a dead phone to libcurl (COULDNT_CONNECT):
 * open the socket here to tell the two apart.
 */
static curl_socket_t
on_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct http_xfer *x = arg;
	int fd;

	(void)purpose;
	fd = socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
	if (fd == -1 && (errno == EMFILE || errno == ENFILE ||
	    errno == ENOBUFS || errno == ENOMEM))
		x->local_errno = errno;
	return fd == -1 ? CURL_SOCKET_BAD : fd;
}

#define SETOPT(h, o, v) do {						\
	if (curl_easy_setopt((h), (o), (v)) != CURLE_OK)		\
		die(EXIT_SYSTEM, "curl_easy_setopt(%s) failed", #o);	\
} while (0)

void
http_xfer_init(struct http_xfer *x, const struct http_opts *o)
{
	CURL *h;

	memset(x, 0, sizeof(*x));
	buf_init(&x->body, o->maxbody);
	if ((h = x->easy = curl_easy_init()) == NULL)
		die(EXIT_SYSTEM, "out of memory");
	SETOPT(h, CURLOPT_PROTOCOLS_STR, "http,https");
	SETOPT(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	SETOPT(h, CURLOPT_FOLLOWLOCATION, 0L);
	SETOPT(h, CURLOPT_MAXREDIRS, 0L);
	SETOPT(h, CURLOPT_NOSIGNAL, 1L);
	/* Phones are asked directly: an environment proxy would answer for
	 * them and learn the inventory. */
	SETOPT(h, CURLOPT_NOPROXY, "*");
	SETOPT(h, CURLOPT_FORBID_REUSE, 1L);
	SETOPT(h, CURLOPT_FRESH_CONNECT, 1L);
	SETOPT(h, CURLOPT_SSL_SESSIONID_CACHE, 0L);
	SETOPT(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	SETOPT(h, CURLOPT_CONNECTTIMEOUT_MS, o->connect_ms);
	SETOPT(h, CURLOPT_TIMEOUT_MS, o->timeout_ms);
	SETOPT(h, CURLOPT_LOW_SPEED_LIMIT, o->speed_limit);
	SETOPT(h, CURLOPT_LOW_SPEED_TIME, o->speed_time);
	SETOPT(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->maxbody);
	SETOPT(h, CURLOPT_USERAGENT, "ctl/" CTL_VERSION);
	SETOPT(h, CURLOPT_ERRORBUFFER, x->errbuf);
	SETOPT(h, CURLOPT_WRITEFUNCTION, on_body);
	SETOPT(h, CURLOPT_WRITEDATA, x);
	SETOPT(h, CURLOPT_OPENSOCKETFUNCTION, on_socket);
	SETOPT(h, CURLOPT_OPENSOCKETDATA, x);
	SETOPT(h, CURLOPT_PRIVATE, x);
	if (o->insecure) {
		SETOPT(h, CURLOPT_SSL_VERIFYPEER, 0L);	/* -k, insecure */
		SETOPT(h, CURLOPT_SSL_VERIFYHOST, 0L);	/* -k, insecure */
	} else {
		SETOPT(h, CURLOPT_SSL_VERIFYPEER, 1L);
		SETOPT(h, CURLOPT_SSL_VERIFYHOST, 2L);
	}
	if (o->cacert != NULL) {
		/*
		 * With the default CA path every handshake re-reads the
		 * system's certificate folder: 13 times slower.
		 */
		SETOPT(h, CURLOPT_CAINFO, o->cacert);
		SETOPT(h, CURLOPT_CAPATH, (char *)NULL);
	}
}

void
http_xfer_reset(struct http_xfer *x)
{
	buf_reset(&x->body);
	x->too_large = 0;
	x->local_errno = 0;
	x->errbuf[0] = '\0';
}

void
http_xfer_free(struct http_xfer *x)
{
	if (x->easy != NULL)
		curl_easy_cleanup(x->easy);
	x->easy = NULL;
	buf_free(&x->body);
}

static void
set(struct http_result *r, const char *status, enum http_rank rank,
    int final)
{
	snprintf(r->status, sizeof(r->status), "%s", status);
	r->rank = rank;
	r->final = final;
}

/* The error text: libcurl's own message, else the generic one. */
static void
why(struct http_result *r, const struct http_xfer *x, CURLcode rc)
{
	const char *msg = x->errbuf[0] != '\0' ? x->errbuf :
	    curl_easy_strerror(rc);
	size_t n;

	snprintf(r->error, sizeof(r->error), "%s", msg);
	n = strlen(r->error);
	while (n > 0 && (r->error[n - 1] == '\n' || r->error[n - 1] == ' '))
		r->error[--n] = '\0';
}

static void
answered(struct http_xfer *x, struct http_result *r)
{
	char *loc = NULL;

	if (r->code == 200 && x->body.len > 0) {
		set(r, "ok", HTTP_RANK_OK, 1);
		return;
	}
	if (r->code == 200) {
		set(r, "empty", HTTP_RANK_ANSWERED, 0);
		snprintf(r->error, sizeof(r->error), "HTTP 200 with an "
		    "empty body");
		return;
	}
	if (r->code >= 300 && r->code < 400) {
		set(r, "redirect", HTTP_RANK_REDIRECT, 0);
		curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_URL, &loc);
		if (loc != NULL) {
			snprintf(r->error, sizeof(r->error), "HTTP %ld to "
			    "%.*s", r->code, HTTP_DETAIL, loc);
			utf8_clean(r->error);	/* the cut may split one */
		}
		else
			snprintf(r->error, sizeof(r->error), "HTTP %ld "
			    "without a location", r->code);
		return;
	}
	snprintf(r->status, sizeof(r->status), "http_%03ld", r->code);
	r->rank = HTTP_RANK_ANSWERED;
	r->final = 0;
	snprintf(r->error, sizeof(r->error), "HTTP %ld", r->code);
}

static int
is_local_errno(long e)
{
	return e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM ||
	    e == EADDRNOTAVAIL;
}

static void
connect_failed(struct http_result *r, long oserr)
{
	switch (oserr) {
	case ECONNREFUSED:
		set(r, "refused", HTTP_RANK_REFUSED, 0);
		break;
	case EHOSTUNREACH:
	case ENETUNREACH:
	case EHOSTDOWN:
		set(r, "unreachable", HTTP_RANK_NOPATH, 1);
		break;
	case ETIMEDOUT:
		set(r, "connect_timeout", HTTP_RANK_NOPATH, 1);
		break;
	default:
		set(r, "error", HTTP_RANK_ERROR, 0);
		break;
	}
}

static void
timed_out(struct http_xfer *x, struct http_result *r)
{
	curl_off_t conn = 0;
	long hdr = 0;

	curl_easy_getinfo(x->easy, CURLINFO_CONNECT_TIME_T, &conn);
	curl_easy_getinfo(x->easy, CURLINFO_HEADER_SIZE, &hdr);
	if (conn == 0)
		set(r, "connect_timeout", HTTP_RANK_NOPATH, 1);
	else if (hdr > 0)
		/* An answer began: the low-speed limit or the clock ended it. */
		set(r, "too_slow", HTTP_RANK_CONNECTED, 1);
	else {
		curl_off_t t = 0;

		set(r, "timeout", HTTP_RANK_CONNECTED, 1);
		curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME_T, &t);
		snprintf(r->error, sizeof(r->error), "no answer after %lld "
		    "ms", (long long)(t / 1000));
	}
}

int
http_result(struct http_xfer *x, CURLcode rc, struct http_result *r)
{
	long oserr = 0;

	memset(r, 0, sizeof(*r));
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &r->code);
	curl_easy_getinfo(x->easy, CURLINFO_OS_ERRNO, &oserr);
	if (rc == CURLE_OK) {
		answered(x, r);
		return 0;
	}
	why(r, x, rc);
	if (x->local_errno != 0) {
		snprintf(r->error, sizeof(r->error), "out of file "
		    "descriptors: %s", strerror(x->local_errno));
		return -1;
	}
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		if (is_local_errno(oserr)) {
			snprintf(r->error, sizeof(r->error), "cannot "
			    "connect: %s", strerror((int)oserr));
			return -1;
		}
		connect_failed(r, oserr);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		timed_out(x, r);
		break;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_SHUTDOWN_FAILED:
		set(r, "tls_error", HTTP_RANK_CONNECTED, 0);
		break;
	case CURLE_RECV_ERROR:
		/*
		 * A socket error, or bytes that were not HTTP (headers
		 * without end, a bad chunk).  CURLINFO_OS_ERRNO cannot tell:
		 * it keeps the errno of an earlier request on the handle.
		 */
		if (strncmp(x->errbuf, "Recv failure", 12) == 0)
			set(r, "reset", HTTP_RANK_CONNECTED, 0);
		else
			set(r, "bad_reply", HTTP_RANK_CONNECTED, 0);
		break;
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_GOT_NOTHING:
		set(r, "reset", HTTP_RANK_CONNECTED, 0);
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:	/* HTTP/0.9: garbage */
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_BAD_CONTENT_ENCODING:
		set(r, "bad_reply", HTTP_RANK_CONNECTED, 0);
		break;
	case CURLE_FILESIZE_EXCEEDED:
		set(r, "too_large", HTTP_RANK_ANSWERED, 0);
		break;
	case CURLE_WRITE_ERROR:
		if (!x->too_large)
			return -1;
		set(r, "too_large", HTTP_RANK_ANSWERED, 0);
		snprintf(r->error, sizeof(r->error), "body larger than "
		    "%zu bytes", x->body.max);
		break;
	case CURLE_OUT_OF_MEMORY:
	case CURLE_FAILED_INIT:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_CERTPROBLEM:
		return -1;
	default:
		set(r, "error", HTTP_RANK_ERROR, 0);
		break;
	}
	return 0;
}
