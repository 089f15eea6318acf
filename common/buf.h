/*
 * buf.h - a growable byte buffer with a hard maximum size.
 *
 * Every buffer fed from the network or from input has a cap: appending past
 * it fails (returns -1) and leaves the buffer as it was, so the caller can
 * report "too large" instead of eating memory.  Out of memory is not a
 * failure the caller sees: it exits through xreallocarray().
 *
 * Ownership: the buffer owns data; buf_free() releases it.  buf_take()
 * hands data to the caller and leaves the buffer empty.  data is always
 * NUL-terminated past len (the NUL is not counted), so it can be used as a
 * C string when the contents hold no NUL.
 */
#ifndef CTL_BUF_H
#define CTL_BUF_H

#include <stddef.h>

struct buf {
	char	*data;
	size_t	 len;	/* bytes in use, not counting the NUL */
	size_t	 cap;	/* bytes allocated */
	size_t	 max;	/* largest len allowed; 0 means SIZE_MAX - 1 */
};

void	 buf_init(struct buf *, size_t max);
int	 buf_append(struct buf *, const void *, size_t);
int	 buf_putc(struct buf *, int);
int	 buf_puts(struct buf *, const char *);
void	 buf_reset(struct buf *);
char	*buf_take(struct buf *);
void	 buf_free(struct buf *);

#endif
