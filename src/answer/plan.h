/* SPDX-License-Identifier: ISC */
/* plan.h - the pure middle: a request in, a planned response out. */
#ifndef STATUSCGI_PLAN_H
#define STATUSCGI_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "content.h"
#include "fail.h"
#include "answer/head.h"
#include "answer/opts.h"
#include "http/request.h"

struct plan {
	int		 has_interim;	/* send interim (a 1xx) first */
	struct head	 interim;
	struct head	 final;
	int		 ends_exchange;	/* 101: nothing follows the head */
	const char	*content_type;	/* NULL: no content, no Content-Type */
	int		 zero_length;	/* no content, but Content-Length: 0 */
	struct buf	 body;		/* the content, built even for HEAD */
	/* When content has pieces, they are the content (pattern, and text
	 * in body: size=, a 206); when it has none, body is. */
	struct content	 content;
	unsigned long	 sleep_ms;	/* wait this long before answering */
	unsigned long	 drip_ms;	/* send the content over this long */
	struct store	 store;		/* strings built for headers */
};

void	plan_init(struct plan *);
void	plan_free(struct plan *);

/* What the way to the client can carry besides one final answer. */
enum {
	RELAY_INTERIM	= 1u << 0,	/* a 1xx block before the final one */
	RELAY_SWITCH	= 1u << 1	/* a 101 that really switches */
};

/*
 * Plans the answer to r. entropy picks among several codes when the caller
 * gives no seed=. Before the code asked for, the request has its say, in
 * the order a server checks: its method (methods=: 405), its credentials
 * (auth=: 401) and, for a 2xx with validators, its preconditions (RFC
 * 9110 §13.2.2: 412 or 304). relay says what the transport can carry
 * (RELAY_*); a 1xx it cannot carry is answered 501, saying so. Never
 * fails: bad input becomes a 4xx plan (as from plan_fail), and running
 * out of memory a 500.
 */
void	plan_response(struct plan *, const struct request *r,
	    const struct config *, uint64_t entropy, unsigned relay);

/* Plans the answer that reports f: its status and a one-line body. */
void	plan_fail(struct plan *, const struct fail *f);

/*
 * Plans a 503 with Retry-After retry_s and why as its one-line body: the
 * service cannot take this request now. Never fails.
 */
void	plan_busy(struct plan *, const char *why, unsigned long retry_s);

#endif
