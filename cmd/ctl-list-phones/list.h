/*
 * list.h - what the files of ctl-list-phones share: the phone table and
 * the three sources that fill it (AXL, RisPort70, a CSV export).
 *
 * Ownership: the table owns every phone and every string in it; strings
 * are set through phone_set(), which frees the old value.
 */
#ifndef LIST_H
#define LIST_H

#include <stddef.h>

#include "cucm.h"

enum pfield {
	F_NAME, F_DESCRIPTION, F_MODEL, F_PROTOCOL, F_DEVICE_POOL, F_STATUS,
	F_IP, F_NODE, F_ACTIVE_LOAD, F_HTTPD, F_NFIELDS
};

struct phone {
	char	*f[F_NFIELDS];
	long long stamp;	/* RisPort TimeStamp of the entry kept */
	int	 ris;		/* RisPort said something of it */
	int	 registered;
};

struct table {
	struct phone	*v;
	size_t		 n, cap;
	size_t		*slot;		/* hash: index + 1, 0 empty */
	size_t		 nslot;
};

struct phone	*table_add(struct table *, const char *name, int *isnew);
struct phone	*table_find(const struct table *, const char *name);
void		 table_free(struct table *);
void		 phone_set(struct phone *, enum pfield, const char *, size_t);

/* Settings of one run, from the command line. */
struct run {
	const char	*match;		/* LIKE pattern for names */
	const char	*axl_version;
	long		 page;		/* listPhone "first" */
	long		 batch;		/* RisPort names per request */
	double		 rate;		/* RisPort requests a minute */
	double		 backoff;	/* seconds to wait on a rate fault */
	int		 tries;		/* attempts per RisPort batch */
	int		 tty;		/* progress on stderr */
};

/* axl.c: die (exit 3) when CUCM cannot be asked. */
void	 axl_list_phones(struct cucm_conn *, const struct run *,
	    struct table *);
/* "0", "1", or "" when the query failed (then it warns). */
char	*axl_security_mode(struct cucm_conn *, const struct run *);

/* ris.c: returns the number of phones left unknown. */
size_t	 ris_fill(struct cucm_conn *, const struct run *, struct table *);

/* csv.c: read a CUCM phone export; dies with exit 2 on bad input. */
void	 csv_load(const char *path, const struct run *, struct table *);

/* SQL LIKE: % any run, _ any one character; case-insensitive. */
int	 like(const char *pattern, const char *s);

#endif
