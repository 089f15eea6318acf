/*
 * http.h - libcurl easy handles with safe defaults, a body buffer capped in
 * the write callback, and the mapping of a finished transfer to one status
 * word (ok, refused, timeout, http_404, ...) as ctl-fetch(1) documents it.
 * Owned by ctl-fetch; general enough for any ctl program that talks HTTP.
 *
 * Ownership: an http_xfer owns its easy handle and its body buffer; the
 * options passed to http_xfer_init() are copied into the handle (libcurl
 * copies strings), so the caller may free them afterwards.  Nothing here
 * is thread-safe beyond what libcurl is.
 */
#ifndef CTL_HTTP_H
#define CTL_HTTP_H

#include <stddef.h>

#include <curl/curl.h>

#include "buf.h"

struct http_opts {
	long		 connect_ms;	/* TCP connect timeout */
	long		 timeout_ms;	/* whole transfer */
	long		 speed_limit;	/* bytes a second, below which ... */
	long		 speed_time;	/* ... for this many seconds aborts */
	size_t		 maxbody;	/* largest body kept */
	int		 insecure;	/* no TLS verification */
	const char	*cacert;	/* CA file, or NULL for the default */
};

struct http_xfer {
	CURL		*easy;
	struct buf	 body;
	int		 too_large;	/* the body passed maxbody */
	int		 local_errno;	/* socket() failed for lack of fds */
	char		 errbuf[CURL_ERROR_SIZE];
};

/* How far an exchange got: a later attempt is reported if it got further. */
enum http_rank {
	HTTP_RANK_NONE = 0,
	HTTP_RANK_ERROR,	/* something else went wrong */
	HTTP_RANK_NOPATH,	/* no answer at all: unreachable, no SYN-ACK */
	HTTP_RANK_REFUSED,	/* the host is there, the port is closed */
	HTTP_RANK_REDIRECT,	/* "look elsewhere": what came there says more */
	HTTP_RANK_CONNECTED,	/* connected, no usable HTTP answer */
	HTTP_RANK_ANSWERED,	/* an HTTP answer other than 200 with a body */
	HTTP_RANK_OK
};

struct http_result {
	char		 status[24];	/* "ok", "http_404", "refused", ... */
	long		 code;		/* HTTP status, 0 if none */
	enum http_rank	 rank;
	int		 final;		/* no point trying this host again */
	char		 error[256];	/* why, empty for ok */
};

/* curl_global_init() and a version check; dies on failure. */
void	 http_init(void);
/* A fresh handle with every safe default set; dies when out of memory. */
void	 http_xfer_init(struct http_xfer *, const struct http_opts *);
/* Forget the last body, flags and error before the next request. */
void	 http_xfer_reset(struct http_xfer *);
void	 http_xfer_free(struct http_xfer *);
/*
 * Classify a finished transfer.  Returns 0, or -1 when the failure is
 * local (no descriptors, no memory, unreadable CA file): not the peer's
 * fault, so not a status; res->error then says what.
 */
int	 http_result(struct http_xfer *, CURLcode, struct http_result *);

#endif
