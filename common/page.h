/*
 * page.h - read what a phone's web page says: the CTL and ITL signatures,
 * TFTP servers, security mode, web access, host name and MAC address.
 * Used by ctl-parse and its fuzz target; owned by the ctl-parse engineer.
 *
 * A page is parsed from memory with libxml2, as XML first and as HTML
 * second, never with entity substitution, DTD loading, network access or
 * the HUGE option.  Fields are found structurally, by element name or by a
 * label cell followed by its value cell, through one table (page_map.c)
 * that a user can extend with a mapping file.
 *
 * Ownership: a page_map owns its keys.  A page_parser borrows its map,
 * which must outlive it, and owns its libxml2 contexts.  A page_result
 * owns its strings until page_result_free() or the next page_parse() on
 * it; nothing in it points into the body.
 */
#ifndef CTL_PAGE_H
#define CTL_PAGE_H

#include <stddef.h>
#include <stdio.h>

/* The columns a page can fill, in output order. */
enum page_field {
	PF_CTL,
	PF_ITL,
	PF_TFTP1,
	PF_TFTP2,
	PF_SECMODE,
	PF_WEBACCESS,
	PF_HOST,
	PF_MAC,
	PF_NFIELDS,
	PF_ABSENT = PF_NFIELDS	/* pseudo-column: "not installed" words */
};

/* What a signature field turned out to be. */
enum page_sig {
	SIG_OK,
	SIG_MISSING,		/* no such field on the page */
	SIG_EMPTY,		/* the field is there, with no value */
	SIG_NOT_INSTALLED,	/* the value says no file is installed */
	SIG_NOT_HEX,		/* something else than hex digits */
	SIG_ODD_HEX,		/* an odd number of hex digits */
	SIG_BAD_LENGTH		/* not 32, 40, 64 or 128 hex digits */
};

/* The longest normalised name or label, and the longest value kept. */
#define PAGE_KEYMAX	64
#define PAGE_VALMAX	1024
/* Deepest element nesting looked at; libxml2's own XML limit is 256. */
#define PAGE_MAXDEPTH	256

struct page_map_entry {
	int	 field;		/* enum page_field or PF_ABSENT */
	char	*key;		/* normalised: see page_key() */
	int	 user;		/* came from a mapping file */
};

struct page_map {
	struct page_map_entry *v;	/* in priority order */
	size_t	 n;
	/* private: hash index of the best entry per key, v index + 1 */
	unsigned *slot;
	size_t	 nslot;
};

/* The built-in table. */
void	 page_map_init(struct page_map *);
/*
 * Add the mappings of a file ("column<blank>name or label" a line, # for
 * comments) ahead of what the map holds.  Returns 0, or -1 with err set
 * to "file:line: why" (errno is kept for a read error).
 */
int	 page_map_load(struct page_map *, const char *path,
	    char *err, size_t errlen);
/* Write the map in the mapping-file format. */
void	 page_map_print(const struct page_map *, FILE *);
void	 page_map_free(struct page_map *);
/* Column name of a field, or the field of a column name (-1 if none). */
const char *page_field_name(int);
int	 page_field_lookup(const char *);
/*
 * Normalise a name or label for comparison: ASCII and Latin-1 letters
 * folded to lower case, white space (NBSP too), '_', '-' and ':' dropped.
 * Returns the length written to out (NUL-terminated), or -1 when the
 * result would not fit PAGE_KEYMAX bytes.
 */
int	 page_key(const char *, size_t, char out[PAGE_KEYMAX + 1]);
/*
 * Index of the best entry for a key, or -1: among the "not installed"
 * words when absent is 1, among the columns when it is 0.
 */
int	 page_map_find(const struct page_map *, const char *key, int absent);

struct page_result {
	const char *format;		/* "xml", "html" or NULL */
	const char *status;		/* page-level status, or NULL */
	char	*val[PF_NFIELDS];	/* cleaned values; NULL: missing */
	int	 prio[PF_NFIELDS];	/* map index the value came from */
	int	 sig[2];		/* enum page_sig for PF_CTL, PF_ITL */
	const char *hash[2];		/* "md5", ... or NULL */
	char	 parse_status[96];	/* the whole parse_status value */
	char	 error[256];		/* why, in words (parse_error) */
	/* private */
	int	 xml_code, xml_line;
};

struct page_parser;

struct page_parser *page_parser_new(const struct page_map *);
void	 page_parser_free(struct page_parser *);
/*
 * Parse one page.  Fills res (freeing what it held); res->parse_status is
 * always set.  Never fails: hostile input only gives a status.  charset,
 * when not NULL, is what the server said (Content-Type): it is used only
 * when the page itself declares no encoding.
 */
void	 page_parse(struct page_parser *, const char *body, size_t len,
	    const char *charset, struct page_result *res);
/* The charset parameter of a Content-Type value, into out ("" if none). */
void	 page_charset(const char *content_type, char *out, size_t outsz);
/* Set res to a page-level status without parsing (e.g. "no_body"). */
void	 page_result_status(struct page_result *, const char *status,
	    const char *error);
void	 page_result_init(struct page_result *);
void	 page_result_free(struct page_result *);
/* Is this page-level status a failure of the page itself? */
int	 page_status_failed(const char *status);

#endif
