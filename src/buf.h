/* SPDX-License-Identifier: ISC */
/*
 * buf.h - a growable byte buffer with a hard size cap. Its functions
 * (buf.c) run in whichever thread owns the buffer (one serving a request: a
 * CGI process, or a FastCGI worker process's loop thread; or main.c, for
 * --list) and touch only that buffer.
 */
#ifndef STATUSCGI_BUF_H
#define STATUSCGI_BUF_H

#include <stddef.h>

/*
 * A buffer never grows past cap bytes. Once an append would cross the cap,
 * or an allocation fails, the buffer is marked failed and every later
 * append is a no-op: callers check buf_failed() once at the end instead of
 * after every append.
 */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 size;
	size_t	 cap;
	int	 failed;
};

void	buf_init(struct buf *, size_t cap);
void	buf_free(struct buf *);
void	buf_reset(struct buf *);
/* Each returns 0, or -1 (and marks the buffer failed) on overflow or ENOMEM. */
int	buf_append(struct buf *, const void *, size_t);
int	buf_puts(struct buf *, const char *);
int	buf_putc(struct buf *, char);
int	buf_putu(struct buf *, unsigned long long);
int	buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	buf_failed(const struct buf *);

#endif
