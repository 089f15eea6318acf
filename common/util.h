/*
 * util.h - diagnostics, allocation that dies cleanly, number parsing and
 * the checked close of stdout.  Shared by every ctl program.
 *
 * Ownership: every x*alloc() result belongs to the caller, who frees it.
 * The program name set by ctl_setprog() must outlive the program (argv[0]
 * does).  Nothing here keeps state beyond that name.
 */
#ifndef CTL_UTIL_H
#define CTL_UTIL_H

#include <stddef.h>

/* Exit statuses shared by every program (DESIGN.md, "Conventions"). */
enum {
	EXIT_OK = 0,		/* all done, nothing found */
	EXIT_FINDINGS = 1,	/* done, but findings or failed records */
	EXIT_USAGE = 2,		/* usage or input error */
	EXIT_SYSTEM = 3		/* out of memory, write failure, ... */
};

#define CTL_VERSION "0.1.0"

#if defined(__GNUC__)
#define CTL_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define CTL_NORETURN __attribute__((noreturn))
#else
#define CTL_PRINTF(a, b)
#define CTL_NORETURN
#endif

/* Remember the program name (basename of argv0) for diagnostics. */
void	 ctl_setprog(const char *argv0);
const char *ctl_prog(void);

/*
 * "prog: message\n" on stderr; the message is one line, lower case.
 * Control characters in it (from quoted input) are printed as '?'; a
 * message is cut at 1 KiB.
 */
void	 warnx_(const char *fmt, ...) CTL_PRINTF(1, 2);
/* As warnx_, then ": strerror(errno)". */
void	 warn_(const char *fmt, ...) CTL_PRINTF(1, 2);
/* Print like warnx_ and exit with status. */
CTL_NORETURN void die(int status, const char *fmt, ...) CTL_PRINTF(2, 3);
/* Print like warn_ and exit with status. */
CTL_NORETURN void die_errno(int status, const char *fmt, ...)
	    CTL_PRINTF(2, 3);

/* Allocation: on failure print "out of memory" and exit EXIT_SYSTEM. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* snprintf into a fresh string; dies on overflow of int or memory. */
char	*xasprintf(const char *fmt, ...) CTL_PRINTF(1, 2);

/*
 * Parse a whole decimal integer in [min, max].  Returns 0 and sets *out,
 * or -1 with errstr set to "invalid", "too small" or "too large".
 */
int	 parse_ll(const char *s, long long min, long long max,
	    long long *out, const char **errstr);

/*
 * The value of a numeric option opt (as "--batch"), or a usage error
 * (exit 2): "--batch 1001: too large (1 to 1000)".
 */
long long opt_ll(const char *opt, const char *s, long long min,
	    long long max);

/*
 * Flush and close stdout; on any error print "write error: ..." and exit
 * EXIT_SYSTEM.  Call it last, before returning the program's status.
 */
void	 close_stdout(void);

/*
 * Make s valid UTF-8 in place: a byte that does not start a whole, valid
 * sequence (one cut by a length limit, an overlong form, a surrogate)
 * becomes '?'.  For values quoted from the network into text columns.
 */
void	 utf8_clean(char *s);

/* Write the standard --version line to stdout. */
void	 print_version(void);

#endif
