/*
 * fuzz-soap.c - the streaming SOAP walker on arbitrary bytes: whatever it
 * is fed, it answers 0 or -1 without a crash, and every element it starts
 * it also ends when it answers 0.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "soap.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct depth {
	long	 open;
};

static int
cb(void *arg, const struct soap_walk *w, int ev)
{
	static const char *const dev[] = { "CmDevices", "item", "Name" };
	struct depth *d = arg;

	d->open += ev == SOAP_START ? 1 : -1;
	if (w->depth == 0 || w->depth > SOAP_MAXDEPTH)
		abort();
	(void)soap_path_ends(w, dev, 3);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct soap_fault f;
	struct depth d = { 0 };
	char err[256];

	if (soap_walk((const char *)data, size, cb, &d, &f, err,
	    sizeof(err)) == 0 && d.open != 0)
		abort();
	if (memchr(err, '\0', sizeof(err)) == NULL)
		abort();
	return 0;
}
