/*
 * tsv.h - the TSV codec of ctl-tsv(5): a strict reader, an escaping writer,
 * and a column layout that passes unknown columns through and replaces a
 * stage's own columns when the stage is run again on its own output.
 *
 * Ownership: a tsv_reader owns its header names and its line buffer.  The
 * strings in fields[] point into that buffer and are valid only until the
 * next tsv_read(); copy a row with tsv_row_dup() to keep it.  The reader
 * never closes its FILE, and reads its descriptor directly (so that a row
 * is seen as soon as it arrives on a pipe): nothing else may read the FILE
 * once the reader has it.  A tsv_layout borrows the reader's header and the
 * caller's own[] and drop[] arrays, which must outlive it.
 */
#ifndef CTL_TSV_H
#define CTL_TSV_H

#include <stdio.h>

#include "buf.h"

/* Default longest line a reader accepts: bodies are capped far below. */
#define TSV_MAXLINE	(64UL * 1024 * 1024)

struct tsv_reader {
	FILE		*fp;
	const char	*name;		/* "stdin" or the file's name */
	unsigned long	 lineno;	/* line number of the last line read */
	size_t		 ncols;
	char		**cols;		/* header names */
	char		**fields;	/* the current record, ncols strings */
	size_t		*lens;		/* their lengths */
	int		 syserr;	/* the last error was a read error */
	char		 err[256];	/* the last error, "name:line: why" */
	/* private */
	struct buf	 line;
	char		*rbuf;
	size_t		 rpos, rlen;
	int		 fd;		/* -1: a FILE without one (fmemopen) */
	int		 eof;
};

/*
 * Read the header.  Returns 0, or -1 with err set (syserr tells a read
 * error from bad input).  maxline 0 means TSV_MAXLINE.
 */
int	 tsv_open(struct tsv_reader *, FILE *, const char *name,
	    size_t maxline);
/* Read one record: 1 read, 0 end of input, -1 error (err set). */
int	 tsv_read(struct tsv_reader *);
/* tsv_open()/tsv_read() that print err and exit 2 (3 on read error). */
void	 tsv_open_or_die(struct tsv_reader *, FILE *, const char *name);
int	 tsv_next(struct tsv_reader *);
/* Release what the reader owns. */
void	 tsv_close(struct tsv_reader *);

/* Index of a column, or -1 if the header has none of that name. */
int	 tsv_col(const struct tsv_reader *, const char *name);
/* Index of a column that must be there; dies with exit 2 if not. */
size_t	 tsv_need(const struct tsv_reader *, const char *name);

/*
 * Copy the current record into one allocation: ncols pointers followed by
 * the strings.  The caller frees it with free().
 */
char	**tsv_row_dup(const struct tsv_reader *);

/*
 * Write one field, escaped: backslash, TAB, LF and CR become \\ \t \n \r;
 * a NUL byte, which TSV never carries, becomes U+FFFD.
 */
void	 tsv_put(FILE *, const char *, size_t);
void	 tsv_puts(FILE *, const char *);
/* Write n fields and the LF; a NULL field is written empty. */
void	 tsv_put_row(FILE *, const char *const *, size_t n);

/* Unescape in place; returns the new length or -1 on a bad escape. */
long	 tsv_unescape(char *, size_t);

struct tsv_layout {
	size_t		 nin;
	unsigned char	*pass;		/* per input column: pass it on */
	size_t		 nown;
	const char *const *own;		/* names of the stage's columns */
};

/*
 * Plan the output: every input column passes through in order, except
 * those named in own[] (they are replaced: written anew at the end) or in
 * drop[] (removed on purpose).  ndrop may be 0 with drop NULL.
 */
void	 tsv_layout_init(struct tsv_layout *, const struct tsv_reader *,
	    const char *const *own, size_t nown,
	    const char *const *drop, size_t ndrop);
void	 tsv_layout_header(const struct tsv_layout *,
	    const struct tsv_reader *, FILE *);
/*
 * Write a record: the passed input fields, then the own values.  vals may
 * hold NULL (empty); lens may be NULL (strlen) or give each length, which
 * lets a value carry NUL bytes (written as U+FFFD).
 */
void	 tsv_layout_row(const struct tsv_layout *, char *const *in,
	    const char *const *vals, const size_t *lens, FILE *);
void	 tsv_layout_free(struct tsv_layout *);

#endif
