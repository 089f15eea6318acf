/*
 * test-buf.c - the capped buffer: growth, the cap, and NUL termination.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "t.h"

int
main(void)
{
	struct buf b;
	char big[1000];
	char *p;
	int i, rc = 0;

	buf_init(&b, 10);
	T(buf_append(&b, "hello", 5) == 0 && b.len == 5, "append fits");
	T(strcmp(b.data, "hello") == 0, "data is NUL-terminated");
	T(buf_append(&b, "world", 5) == 0 && b.len == 10, "fills to the cap");
	T(buf_putc(&b, '!') == -1 && b.len == 10, "one byte past the cap fails");
	T(strcmp(b.data, "helloworld") == 0, "a failed append changes nothing");
	buf_reset(&b);
	T(b.len == 0 && b.data[0] == '\0', "reset empties");
	T(buf_append(&b, "0123456789A", 11) == -1, "a long append fails whole");
	T(buf_append(&b, "", 0) == 0 && b.len == 0, "empty append is fine");
	buf_free(&b);

	buf_init(&b, 0);
	memset(big, 'x', sizeof(big));
	for (i = 0; i < 1000 && rc == 0; i++)
		rc = buf_append(&b, big, sizeof(big));
	T(rc == 0 && b.len == 1000000, "uncapped buffer grows to 1 MB");
	T(b.cap > b.len && b.data[b.len] == '\0', "still terminated");
	p = buf_take(&b);
	T(p != NULL && b.data == NULL && b.len == 0, "take hands data over");
	free(p);
	buf_init(&b, 4);
	p = buf_take(&b);
	T(p != NULL && *p == '\0', "take of an empty buffer gives \"\"");
	free(p);
	T(buf_puts(&b, "abcd") == 0 && buf_puts(&b, "e") == -1,
	    "puts honours the cap");
	buf_free(&b);
	return t_done();
}
