/* SPDX-License-Identifier: ISC */
/*
 * writer.h - the one place a planned answer becomes bytes. Pure functions
 * (writer.c), run by whichever process or thread serves a request: a CGI
 * process, or a FastCGI worker process's loop thread.
 */
#ifndef STATUSCGI_WRITER_H
#define STATUSCGI_WRITER_H

#include <stddef.h>
#include <time.h>

#include "answer/plan.h"
#include "answer/reply.h"

enum out_mode {
	OUT_CGI,	/* "Status:" header block (RFC 3875 §6.3); FastCGI too */
	OUT_NPH		/* a whole HTTP/1.x response head (RFC 3875 §5) */
};

struct out {
	enum out_mode	 mode;
	const char	*protocol;	/* SERVER_PROTOCOL, or NULL */
	int		 head;		/* HEAD request: no content */
	time_t		 now;		/* for Date in NPH mode */
};

/*
 * Renders p into r: the interim (1xx) head, if p has one, due at once;
 * then, after p's wait, the final head and, unless o->head or the status
 * forbids it, the content. o->now is when the final head goes out.
 * Returns 0, or -1 if the answer does not fit r (r is then failed).
 */
int	write_reply(const struct plan *p, const struct out *o, struct reply *r);

#endif
