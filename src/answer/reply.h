/* SPDX-License-Identifier: ISC */
/*
 * reply.h - an answer on its way out in timed pieces: what is due now,
 * and how long until the next piece. The pieces: an interim head (due at
 * once), the final head after sleep=, then the content, at once or, with
 * drip=, in even pieces over the drip time. A CGI process sleeps between
 * the pieces; a FastCGI worker parks the reply on a timer and serves
 * others. A reply has one owner at a time: the thread that steps it.
 */
#ifndef STATUSCGI_REPLY_H
#define STATUSCGI_REPLY_H

#include <stddef.h>

#include "buf.h"
#include "content.h"
#include "answer/sink.h"

#define DRIP_PIECE_MS	100	/* drip=: about one piece this often */

struct reply {
	struct buf	 bytes;		/* the heads, then the content's text */
	size_t		 at_once;	/* bytes due at once (an interim head) */
	size_t		 head_end;	/* where the final head ends in bytes */
	size_t		 sent;		/* bytes of the heads written so far */
	struct content	 body;		/* SEG_TEXT offsets are into bytes */
	unsigned long long body_sent;	/* content bytes written so far */
	unsigned long	 wait_ms;	/* wait between at_once and the rest */
	int		 waited;	/* the wait is over */
	unsigned long	 drip_ms;	/* the content takes this long */
	unsigned long	 pieces;	/* in this many pieces, or 0: at once */
	unsigned long	 ticks;		/* drip waits begun */
};

/* An empty reply whose bytes never exceed cap. */
void	reply_init(struct reply *, size_t cap);
void	reply_free(struct reply *);
/* Empties r for the next answer, keeping its memory. */
void	reply_reset(struct reply *);

/*
 * Makes r's content go out in even pieces over ms milliseconds once the
 * final head is out: one piece each DRIP_PIECE_MS or so, never a piece
 * of less than a byte. Call after the content is in r. Never fails.
 */
void	reply_drip(struct reply *r, unsigned long ms);

/* Returns every byte r will write: heads and content. */
unsigned long long reply_size(const struct reply *r);

#define REPLY_BLOCKED	(-2)	/* reply_step: the sink must drain first */

/*
 * Writes through s what of r is due, and says when to come back: returns
 * the milliseconds to wait before the next call, 0 when all of r is
 * written, REPLY_BLOCKED when the sink took only part (call again once it
 * can take more), or -1 if the sink failed. With hurry set nothing waits
 * on a timer: the rest goes out now (a service that is stopping).
 */
long	reply_step(struct reply *, const struct sink *s, int hurry);

#endif
