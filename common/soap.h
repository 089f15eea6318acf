/*
 * soap.h - SOAP for CUCM: build request envelopes with libxml2's tree API
 * (so every value is escaped), and walk an answer as a stream with
 * xmlTextReader, so a 40,000-phone answer never needs a DOM.
 *
 * Ownership: soap_new() returns a document the caller frees with
 * xmlFreeDoc() after soap_dump().  The walker owns every string it hands
 * to the callback; they are valid only during the call.
 */
#ifndef CTL_SOAP_H
#define CTL_SOAP_H

#include <stddef.h>

#include <libxml/tree.h>

#include "buf.h"

#define SOAP_ENV_NS	"http://schemas.xmlsoap.org/soap/envelope/"
#define SOAP_MAXDEPTH	32

/*
 * A new envelope whose Body holds one element op in namespace ns, with
 * prefix pfx.  *opnode is set to that element, to add children to.
 */
xmlDocPtr soap_new(const char *ns, const char *pfx, const char *op,
	    xmlNodePtr *opnode);
/* A child with escaped text; ns NULL for an unqualified child. */
xmlNodePtr soap_add(xmlNodePtr parent, xmlNsPtr ns, const char *name,
	    const char *text);
/* Serialise the document into b (reset first); -1 if it does not fit. */
int	 soap_dump(xmlDocPtr, struct buf *b);

enum { SOAP_START, SOAP_END };

struct soap_walk {
	const char	*path[SOAP_MAXDEPTH];	/* local names, root first */
	const char	*ns[SOAP_MAXDEPTH];	/* their namespace URIs or "" */
	size_t		 depth;			/* elements in path */
	const char	*text;	/* at SOAP_END: the element's own text */
	size_t		 textlen;
};

/* The SOAP fault of an answer, if it had one. */
struct soap_fault {
	int	 present;
	char	 code[128];	/* faultcode */
	char	 string[512];	/* faultstring */
	char	 axlcode[32];	/* detail/axlError/axlcode */
	char	 axlmessage[512];
};

/*
 * The callback sees every element twice: at its start and at its end (with
 * its text).  It returns 0 to go on, -1 to stop the walk with an error
 * (it may fill err).
 */
typedef int (*soap_cb)(void *ctx, const struct soap_walk *, int event);

/*
 * Walk the answer in (len bytes); cb may be NULL to only check it and
 * read its fault.  Returns 0, or -1 with err set to a
 * one-line reason: not XML, not a SOAP envelope, a DTD, too deep, a text
 * over 64 KiB.  A fault is not an error here: it is returned in *fault.
 */
int	 soap_walk(const char *in, size_t len, soap_cb cb, void *ctx,
	    struct soap_fault *fault, char *err, size_t errlen);

/* Does the path end with these local names (NULL-terminated list)? */
int	 soap_path_ends(const struct soap_walk *, const char *const *names,
	    size_t n);

#endif
