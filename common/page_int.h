/*
 * page_int.h - what the page*.c files share and nobody else uses.  Owned
 * by the ctl-parse engineer.
 */
#ifndef CTL_PAGE_INT_H
#define CTL_PAGE_INT_H

#include <libxml/tree.h>

#include "page.h"

/*
 * Find the fields under root into r (html: root came from the HTML
 * parser), judge them and set r->parse_status.  Returns 1, leaving r for
 * the caller to mark, when the tree is deeper than PAGE_MAXDEPTH.
 */
int	 page_walk(const struct page_map *, xmlNodePtr root, int html,
	    struct page_result *r);
/* Clear the fields and set a page-level status; error is kept. */
void	 page_set_status(struct page_result *, const char *status);

#endif
