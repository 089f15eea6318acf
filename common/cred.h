/*
 * cred.h - credentials for CUCM, from a file only its owner can read, a
 * netrc file, or the terminal with echo off.  Never from the command line
 * or the environment, and never printed.
 *
 * Ownership: struct cred owns user and password; cred_free() wipes the
 * password before freeing it.
 */
#ifndef CTL_CRED_H
#define CTL_CRED_H

struct cred {
	char	*user;
	char	*password;	/* NULL when netrc supplies it */
	char	*netrc;		/* netrc file for libcurl, or NULL */
};

/*
 * Fill c for user: from passfile if given, else the netrc file if given,
 * else a prompt on /dev/tty.  Dies with exit 2 and one line on a file
 * readable by others, a missing file, an empty password, or no terminal.
 */
void	 cred_get(struct cred *c, const char *user, const char *passfile,
	    const char *netrc);
/* Refuse a secret file that group or others can read (exit 2). */
void	 cred_check_file(const char *path, const char *what);
void	 cred_free(struct cred *c);

#endif
