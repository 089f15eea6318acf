/*
 * compare.h - what the files of ctl-compare share: the expected hashes
 * read from ctl-expect output or given by hand (expect.c), and the verdict
 * on one phone (judge.c).
 *
 * Ownership: the table ex[] of nex entries belongs to expect.c and lives
 * until free_exp(); a verdict owns its hint buffer.
 */
#ifndef COMPARE_H
#define COMPARE_H

#include <stddef.h>

#include "buf.h"
#include "hash.h"

#define MAXEXPECT	100000

enum { K_CTL, K_ITL };
extern const char *const kname[2], *const kpre[2];

enum result { R_NA, R_MATCH, R_UNCHECKED, R_NOTINST, R_MISMATCH };
extern const char *const rname[];

struct exp {
	char	*server;	/* "" for a local file or a hash by hand */
	int	 kind;
	int	 manual;
	int	 served;	/* it holds hashes */
	char	 hex[HASH_NALG][HASH_HEXMAX];
};

extern struct exp *ex;
extern size_t nex;


struct cols {
	int	 sig[2], server, server2, parse, fetch, mode;
};

struct verdict {
	enum result	 r;
	char		 expected[HASH_HEXMAX];
	const char	*matched;
	struct buf	 hint;
};


/* expect.c */
struct exp	*newexp(const char *server, int kind);
void		 add_manual(int kind, const char *opt, const char *s);
void		 read_expect(const char *path);
void		 free_exp(void);
int		 rank(const struct exp *e, const char *s1, const char *s2);
const struct exp *lookup(int k, int a, const char *s1, const char *s2,
		    const char *val, const struct exp **first, int *nserved,
		    int *own_known, int *nless);
void		 kind_summary(int k, int *rows, int *served);
const char	*server_label(const struct exp *e);

/* judge.c */
const char	*field(char **f, int c);
void		 judge_ctl(char **f, const struct cols *c, struct verdict *v);
void		 judge_itl(char **f, const struct cols *c, struct verdict *v);
void		 verdict_init(struct verdict *v);
void		 join_hints(struct buf *h, const struct verdict *v);

#endif
