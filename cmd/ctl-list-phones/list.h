/*
 * list.h - what the files of ctl-list-phones share: the settings of a
 * run and the two CUCM sources that fill the phone table (phones.h).
 */
#ifndef LIST_H
#define LIST_H

#include <stddef.h>

#include "cucm.h"
#include "phones.h"

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


#endif
