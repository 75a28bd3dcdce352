/*
 * reply.h - an answer on its way out in timed pieces: what is due now,
 * and how long until the next piece. A CGI process sleeps between the
 * pieces; a FastCGI worker parks the reply on a timer and serves others.
 * A reply has one owner at a time: the thread that steps it.
 */
#ifndef STATUSCGI_REPLY_H
#define STATUSCGI_REPLY_H

#include <stddef.h>

#include "buf.h"
#include "sink.h"

struct reply {
	struct buf	 bytes;		/* every byte of the answer, in order */
	size_t		 at_once;	/* bytes due at once (an interim head) */
	size_t		 sent;		/* bytes written so far */
	unsigned long	 wait_ms;	/* wait between at_once and the rest */
	int		 waited;	/* the wait is over */
};

/* An empty reply whose bytes never exceed cap. */
void	reply_init(struct reply *, size_t cap);
void	reply_free(struct reply *);
/* Empties r for the next answer, keeping its memory. */
void	reply_reset(struct reply *);

/*
 * Writes through s what of r is due, and says when to come back: returns
 * the milliseconds to wait before the next call, 0 when all of r is
 * written, or -1 if the sink failed. With hurry set nothing waits: the
 * rest goes out now (a service that is stopping).
 */
long	reply_step(struct reply *, const struct sink *s, int hurry);

#endif
