/*
 * fetch.h - what the files of ctl-fetch share: the configuration built
 * from the command line (main.c), URL templates (tmpl.c) and the transfer
 * engine (engine.c).  See ctl-fetch(1).
 *
 * Ownership: main() owns the config and its templates for the whole run;
 * the engine borrows them.
 */
#ifndef CTL_FETCH_H
#define CTL_FETCH_H

#include <stddef.h>

#include "http.h"
#include "tsv.h"

/* One piece of a URL template: literal text, or the value of a column. */
struct tmpl_part {
	char		*lit;		/* NULL for a column */
	int		 col;		/* input column index, or -1 */
};

struct tmpl {
	const char	*text;		/* as given, for messages */
	struct tmpl_part *parts;
	size_t		 nparts;
};

/* Why a template could not be expanded for a row. */
enum {
	TMPL_OK = 0,
	TMPL_NO_IP,		/* the ip column is empty */
	TMPL_BAD_IP,		/* the ip column is not an address */
	TMPL_EMPTY,		/* another column it names is empty */
	TMPL_TOO_LONG		/* the URL would pass URL_MAX */
};

struct config {
	struct http_opts http;
	size_t		 window;	/* transfers in flight */
	int		 keep_order;	/* write rows in input order */
	int		 progress;	/* stderr is a terminal */
	struct tmpl	*tmpls;
	size_t		 ntmpls;
	int		 col_ip;	/* -1 when the header has none */
	int		 col_httpd;	/* -1 when the header has none */
};

/* Parse text against the header; dies with exit 2 on a bad template. */
void	 tmpl_parse(struct tmpl *, const char *text,
	    const struct tsv_reader *);
/* Expand for one row; *url is set (caller frees) only on TMPL_OK. */
int	 tmpl_expand(const struct tmpl *, char *const *fields, int col_ip,
	    char **url);
void	 tmpl_free(struct tmpl *);
/* Does an httpd column value say the phone's web server is off? */
int	 httpd_off(const char *);

/* Fetch every row of r; returns the exit status. */
int	 engine_run(const struct config *, struct tsv_reader *);

#endif
