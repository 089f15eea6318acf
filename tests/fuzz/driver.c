/*
 * driver.c - replay fuzz inputs without libFuzzer: every argument is a
 * file, or a folder whose files are read, and each is passed once to
 * LLVMFuzzerTestOneInput.  make check runs it over every corpus, so an
 * input that once crashed stays fixed.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static unsigned long nrun;

static void
runfile(const char *path)
{
	struct buf b;
	char chunk[65536];
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL)
		die_errno(EXIT_SYSTEM, "%s", path);
	buf_init(&b, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(&b, chunk, n);
	if (ferror(fp))
		die_errno(EXIT_SYSTEM, "%s", path);
	fclose(fp);
	LLVMFuzzerTestOneInput((const uint8_t *)(b.data != NULL ? b.data : ""),
	    b.len);
	buf_free(&b);
	nrun++;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
run(const char *path)
{
	struct stat st;
	struct dirent *de;
	DIR *d;
	char **names = NULL;
	size_t n = 0, i;

	if (stat(path, &st) == -1)
		die_errno(EXIT_SYSTEM, "%s", path);
	if (!S_ISDIR(st.st_mode)) {
		runfile(path);
		return;
	}
	if ((d = opendir(path)) == NULL)
		die_errno(EXIT_SYSTEM, "%s", path);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = xasprintf("%s/%s", path, de->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp);
	for (i = 0; i < n; i++) {
		run(names[i]);
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char *argv[])
{
	int i;

	ctl_setprog(argv[0]);
	for (i = 1; i < argc; i++)
		run(argv[i]);
	printf("%lu inputs\n", nrun);
	return 0;
}
