/*
 * render.h - what the files of ctl-render share: options, the input
 * columns it knows by name, results and their ranks, and the tallies the
 * summary is drawn from.  Owned by the render engineer (issue 7).
 *
 * main.c reads the options and opens the input; csv.c writes CSV;
 * html.c the page frame and summary, table.c the phone table, cluster.c
 * the ctl-expect sections, tally.c the counting, assets.c the inline CSS
 * and JavaScript with their Content-Security-Policy hashes.
 */
#ifndef CTL_RENDER_H
#define CTL_RENDER_H

#include <stdio.h>
#include <time.h>

#include "tsv.h"

struct opts {
	const char	*title;
	const char	*cluster;	/* -c, else the cluster column */
	const char	*expect;	/* -e FILE */
	const char	*records;	/* -r FILE */
	time_t		 when;		/* time of the run */
	int		 bom;
	int		 raw;
};

/* Results in the order the table lists them: problems first. */
enum res {
	R_MISMATCH,
	R_OTHER,		/* empty or a value ctl-compare never writes */
	R_UNCHECKED,
	R_NOT_INSTALLED,
	R_NOT_APPLICABLE,
	R_MATCH,
	R_N
};
#define R_PROBLEM(r)	((r) <= R_NOT_INSTALLED)

enum res	 res_parse(const char *);
const char	*res_name(enum res);	/* as ctl-compare writes it */
const char	*res_label(enum res);	/* for people */
const char	*res_symbol(enum res);

/* Columns the HTML knows by name; -1 when the input has none. */
enum col {
	C_NAME, C_DESCRIPTION, C_MODEL, C_DEVICE_POOL, C_STATUS, C_IP,
	C_NODE, C_ACTIVE_LOAD, C_CLUSTER, C_CLUSTER_SECURITY_MODE,
	C_FETCH_STATUS, C_HTTP_CODE, C_FETCH_ERROR, C_PARSE_STATUS,
	C_CTL_SIGNATURE, C_ITL_SIGNATURE, C_TFTP_SERVER, C_SECURITY_MODE,
	C_CTL_EXPECTED, C_CTL_RESULT, C_ITL_EXPECTED, C_ITL_RESULT,
	C_RESULT, C_HINT, C_N
};
extern const char *const col_names[C_N];

/* One distinct value and its count per result. */
struct tally_ent {
	char		*key;
	unsigned long	 n[R_N];
	unsigned long	 total;
};

/*
 * A bounded count of distinct values: past max distinct keys, new keys
 * are counted in rest; keys are cut to KEYMAX bytes.
 */
struct tally {
	struct tally_ent *ent;	/* hash slots, cap of them */
	size_t		 cap, used, max;
	struct tally_ent rest;
	unsigned long	 cut;	/* keys that were cut */
};
#define TALLY_KEYMAX	200

void	 tally_init(struct tally *, size_t max);
void	 tally_add(struct tally *, const char *key, enum res);
/* The entries, most frequent first, ties by key; *n gets the count. */
struct tally_ent **tally_sorted(const struct tally *, size_t *n);
void	 tally_free(struct tally *);

/* Fetch or parse status, else hint: why a phone is unchecked. */
const char *unchecked_why(char *const *f, const int *col, char *tmp,
	    size_t tmpsz);

/* A field of the current row, "" when the column is missing. */
#define FIELD(f, col, c)	((col)[c] < 0 ? "" : (f)[(col)[c]])

void	 csv_render(struct tsv_reader *, const struct opts *, FILE *);
void	 html_render(struct tsv_reader *, const struct opts *, FILE *);
void	 table_head(FILE *, const int *col);
void	 table_row(FILE *, char *const *f, const int *col, enum res);
void	 cluster_render(FILE *, const struct opts *);
/* "2024-05-01 12:00:00 UTC" or "2024-05-01T12:00:00Z" (iso != 0). */
void	 fmt_time(char *, size_t, time_t, int iso);
/* Parse a time as ctl-expect may write it; -1 if it cannot. */
int	 parse_time(const char *, time_t *);

/*
 * The inline assets, as lines (a compiler need not take a string longer
 * than 4095 bytes), and the policy that allows exactly them.
 */
extern const char *const asset_css[];
extern const char *const asset_js[];
void	 asset_put(FILE *, const char *const *);
/* "sha256-BASE64" of the asset's text, written into out. */
const char *csp_hash(const char *const *, char *out, size_t outsz);

/* Die with exit 3 if fp had a write error. */
void	 check_write(FILE *, const char *what);
/* Copy a temporary file to the output from its start, and close it. */
void	 spool_copy(FILE *to, FILE *from);

#endif
