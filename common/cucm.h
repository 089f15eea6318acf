/*
 * cucm.h - a connection to one CUCM node for SOAP calls (AXL, RisPort70):
 * one curl easy handle reused for every call, so keep-alive and the TLS
 * session carry over; TLS verified unless insecure; HTTP Basic auth.
 *
 * Ownership: a cucm_conn owns its curl handle and its copies of the URL
 * and credentials; cucm_free() wipes the password and releases all.  The
 * answer buffer passed to cucm_post() belongs to the caller.
 */
#ifndef CTL_CUCM_H
#define CTL_CUCM_H

#include <stddef.h>

#include "buf.h"

struct cred;

struct cucm_opts {
	const char	*cacert;	/* CA file, or NULL for the system's */
	int		 insecure;	/* -k: no TLS verification */
	long		 timeout;	/* seconds for a whole call */
	long		 connect_timeout;
};

struct cucm_conn;

/* Results of cucm_post() besides 0 (HTTP 200 or a 500 SOAP fault). */
enum {
	CUCM_ERR_NET = -1,	/* connect, TLS, timeout, reset: see err */
	CUCM_ERR_AUTH = -2,	/* HTTP 401 or 403 */
	CUCM_ERR_HTTP = -3,	/* another HTTP status */
	CUCM_ERR_SIZE = -4	/* answer over the buffer's cap */
};

/* base is "https://host:8443"; host may carry a port. */
struct cucm_conn *cucm_open(const char *host, const struct cred *,
	    const struct cucm_opts *);
/*
 * POST body to path with the SOAPAction header (NULL for none).  The
 * answer goes into ans.  Returns 0 or a CUCM_ERR_*, with err a one-line
 * reason and *code the HTTP status (0 if none).
 */
int	 cucm_post(struct cucm_conn *, const char *path, const char *action,
	    const struct buf *body, struct buf *ans, long *code, char *err,
	    size_t errlen);
/* The URL of the last call, for messages. */
const char *cucm_url(const struct cucm_conn *);
void	 cucm_free(struct cucm_conn *);

#endif
