/*
 * phones.h - the phone table of ctl-list-phones and the parsers that fill
 * it from untrusted input: an AXL listPhone answer, a RisPort70
 * selectCmDeviceExt answer, a CSV export.  Kept in common/ so the fuzz
 * targets reach them.
 *
 * Ownership: the table owns every phone and every string in it; strings
 * are set through phone_set(), which frees the old value.  A ris_page owns
 * its state string; ris_page_free() releases it.
 */
#ifndef CTL_PHONES_H
#define CTL_PHONES_H

#include <stddef.h>
#include <stdio.h>

#include "soap.h"

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

struct phone	*table_add(struct table *, const char *name, int *isnew);
struct phone	*table_find(const struct table *, const char *name);
void		 table_free(struct table *);
void		 phone_set(struct phone *, enum pfield, const char *, size_t);

/* SQL LIKE: % any run, _ any one character; case-insensitive. */
int	 like(const char *pattern, const char *s);

/*
 * One listPhone answer into t; *got counts the phones in it.  Returns 0,
 * or -1 with err set (the fault, if any, is in *f and is not an error).
 */
int	 axl_phones_parse(const char *, size_t, struct table *t, long *got,
	    struct soap_fault *f, char *err, size_t errlen);

/* What one RisPort70 answer said besides its devices. */
struct ris_page {
	long		 devices;	/* device entries in the answer */
	long long	 total;		/* TotalDevicesFound, -1 if absent */
	char		*state;		/* StateInfo to send back, or NULL */
	int		 badns;		/* answer not in RisPort's namespace */
};

/*
 * One selectCmDeviceExt answer: every device of a phone in t is merged
 * into it, the registered entry preferred.  Returns 0 or -1 with err.
 */
int	 ris_parse(const char *, size_t, struct table *t, struct ris_page *,
	    struct soap_fault *f, char *err, size_t errlen);
void	 ris_page_free(struct ris_page *);

#define MAXPHONES	1000000	/* a table holds at most this many */
#define RIS_NS		"http://schemas.cisco.com/ast/soap"

/*
 * A CSV phone export from fp (named name in messages) into t, keeping the
 * names that match the LIKE pattern.  Returns 0, or -1 with err set to
 * "name:line: why"; *syserr tells a read error from bad input.
 */
int	 phones_csv(FILE *fp, const char *name, const char *match,
	    struct table *t, char *err, size_t errlen, int *syserr);

#endif
