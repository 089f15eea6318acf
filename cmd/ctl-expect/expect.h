/*
 * expect.h - the parts of ctl-expect(1): main.c reads options and servers
 * and writes rows, get.c obtains a file's bytes (libcurl or a local file),
 * check.c hashes and parses them and reads the certificates (OpenSSL).
 *
 * Ownership: a struct got owns its body, source and error; a struct
 * checked owns its error, warnings and certificate array, and borrows the
 * got's body (its tlv_file points into it), so the got outlives it.
 */
#ifndef CTL_EXPECT_H
#define CTL_EXPECT_H

#include <time.h>

#include "buf.h"
#include "hash.h"
#include "tlv.h"

struct opts {
	int	 tftp;		/* TFTP on UDP instead of HTTP */
	long	 port;		/* 0: 6970 for HTTP, 69 for TFTP */
	long	 timeout;	/* seconds per file */
	size_t	 max_size;	/* largest file accepted */
	long	 days;		/* "expiring" window */
	time_t	 now;
	int	 records;
};

struct got {
	char		 status[24];	/* "" when bytes came */
	char		*error;		/* why, for the expect_error column */
	char		*source;	/* the URL or the path */
	struct buf	 body;
};

void	 get_init(void);
void	 get_cleanup(void);
/* server must have passed server_ok(); file is "CTLFile.tlv" etc. */
void	 get_url(struct got *, const char *server, const char *file,
	    const struct opts *);
void	 get_local(struct got *, const char *path, const struct opts *);
void	 got_free(struct got *);
/* A host name, IPv4 or IPv6 address that is safe to put in a URL. */
int	 server_ok(const char *);

struct cert_info {
	const char	*status;	/* ok expired expiring ... none bad_cert */
	char		 not_before[32], not_after[32];
	char		 sha1[41];
};

struct checked {
	const char	*status;	/* the expect_status */
	char		*error;
	int		 hashed;
	char		 hex[HASH_NALG][HASH_HEXMAX];
	int		 parsed;	/* tlv holds a whole file */
	struct tlv_file	 tlv;
	struct cert_info *certs;	/* tlv.nrec of them when parsed */
	const char	*signature;	/* valid invalid unsigned ... or NULL */
	struct buf	 warnings;	/* comma-separated */
};

void	 check_file(struct checked *, const struct got *, int is_itl,
	    const struct opts *);
void	 checked_free(struct checked *);
/* "YYYY-MM-DDTHH:MM:SSZ" of a Unix time into out (at least 21 bytes). */
void	 iso_time(time_t, char *out, size_t);

#endif
