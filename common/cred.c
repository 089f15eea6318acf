/*
 * cred.c - see cred.h.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cred.h"
#include "util.h"

#define MAXPASS	1024

static void
check_fd(int fd, const char *path, const char *what)
{
	struct stat st;

	if (fstat(fd, &st) == -1)
		die_errno(EXIT_USAGE, "%s %s", what, path);
	if (!S_ISREG(st.st_mode))
		die(EXIT_USAGE, "%s %s: not a regular file", what, path);
	if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
		die(EXIT_USAGE, "%s %s: readable by others; "
		    "chmod 600 it", what, path);
	if (st.st_uid != geteuid())
		die(EXIT_USAGE, "%s %s: not owned by you", what, path);
}

void
cred_check_file(const char *path, const char *what)
{
	int fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		die_errno(EXIT_USAGE, "%s %s", what, path);
	check_fd(fd, path, what);
	close(fd);
}

static char *
read_passfile(const char *path)
{
	char buf[MAXPASS + 2];
	ssize_t n;
	size_t len = 0;
	char *p, *nl;
	int fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		die_errno(EXIT_USAGE, "password file %s", path);
	check_fd(fd, path, "password file");
	while (len < sizeof(buf) - 1 &&
	    (n = read(fd, buf + len, sizeof(buf) - 1 - len)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			die_errno(EXIT_SYSTEM, "password file %s", path);
		}
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	if ((nl = strchr(buf, '\n')) != NULL)
		*nl = '\0';
	else if (len > MAXPASS)
		die(EXIT_USAGE, "password file %s: longer than %d bytes",
		    path, MAXPASS);
	len = strlen(buf);
	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	if (len == 0)
		die(EXIT_USAGE, "password file %s: empty first line", path);
	p = xstrdup(buf);
	explicit_bzero(buf, sizeof(buf));
	return p;
}

static char *
prompt(const char *user)
{
	struct termios old, quiet;
	char buf[MAXPASS + 2];
	size_t len = 0;
	ssize_t n;
	char c;
	int fd;
	char *p;

	if ((fd = open("/dev/tty", O_RDWR | O_CLOEXEC)) == -1)
		die(EXIT_USAGE, "no password: give --password-file or "
		    "--netrc (no terminal to ask on)");
	if (tcgetattr(fd, &old) == -1)
		die_errno(EXIT_USAGE, "terminal");
	quiet = old;
	quiet.c_lflag &= (tcflag_t)~(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	dprintf(fd, "Password for %s: ", user);
	if (tcsetattr(fd, TCSAFLUSH, &quiet) == -1)
		die_errno(EXIT_USAGE, "terminal");
	while ((n = read(fd, &c, 1)) == 1 && c != '\n')
		if (len < MAXPASS)
			buf[len++] = c;
	buf[len] = '\0';
	tcsetattr(fd, TCSAFLUSH, &old);
	dprintf(fd, "\n");
	close(fd);
	if (len == 0)
		die(EXIT_USAGE, "no password given");
	p = xstrdup(buf);
	explicit_bzero(buf, sizeof(buf));
	return p;
}

void
cred_get(struct cred *c, const char *user, const char *passfile,
    const char *netrc)
{
	memset(c, 0, sizeof(*c));
	c->user = user != NULL ? xstrdup(user) : NULL;
	if (passfile != NULL) {
		if (user == NULL)
			die(EXIT_USAGE, "--password-file needs -u user");
		c->password = read_passfile(passfile);
	} else if (netrc != NULL) {
		cred_check_file(netrc, "netrc file");
		c->netrc = xstrdup(netrc);
	} else {
		if (user == NULL)
			die(EXIT_USAGE, "no user: give -u user or --netrc");
		c->password = prompt(user);
	}
}

void
cred_free(struct cred *c)
{
	if (c->password != NULL) {
		explicit_bzero(c->password, strlen(c->password));
		free(c->password);
	}
	free(c->user);
	free(c->netrc);
	memset(c, 0, sizeof(*c));
}
