/* SPDX-License-Identifier: ISC */
/*
 * decide.h - what the request itself makes of the answer asked for, in
 * the order a server checks: method, credentials, preconditions, range.
 * Pure functions (decide.c), run by whichever process or thread serves a
 * request: a CGI process, or a FastCGI worker process's loop thread.
 */
#ifndef STATUSCGI_DECIDE_H
#define STATUSCGI_DECIDE_H

#include "fail.h"
#include "answer/head.h"
#include "answer/opts.h"
#include "http/range.h"
#include "http/request.h"
#include "http/table.h"

/*
 * One answer to plan: its code and what decided it. The answer asked for
 * carries body= and cache-control=; one the request decided (405, 401,
 * 412, 304) says why in its generated body and carries the header that
 * explains it instead of the usual default.
 */
struct answer {
	unsigned	 code;
	const char	*reason;	/* NULL: the registered phrase */
	const char	*why;		/* said in the body, or NULL */
	int		 asked;		/* the answer asked for */
	const char	*location;	/* Location instead of the default */
	const char	*challenge;	/* WWW-Authenticate of a decided 401 */
	const char	*allow;		/* Allow of a decided 405 */
	int		 vary;		/* Vary: Accept, as its 2xx would */
	int		 sized;		/* its content is size= bytes */
	const struct ranges *ranges;	/* of them, the ranges for a 206 */
	const char	*content_range;	/* Content-Range a Range decided */
};

/*
 * Returns 1 if the answer with status st would say Vary: Accept: its body
 * is ours, in the format Accept chose; 0 if not. asked: it is the answer
 * asked for (body= and size= give it content of theirs).
 */
int	decide_varies(const struct status *st, const struct opts *o,
	    int asked);

/*
 * Decides what the request itself makes of the answer, in the order a
 * real server checks (RFC 9110 §13.2.2 puts preconditions after the
 * method and credentials): a method not in methods= is a 405, missing or
 * wrong credentials for auth= a 401, and when the answer would be 2xx
 * and the resource has validators, a false precondition a 412 or 304.
 * fin is the final code asked for; st holds the strings built. Returns 1
 * with *a filled when the request decided, or 0 (*a emptied) to answer
 * as asked. Never fails: a string st cannot hold is left out.
 */
int	decide_request(struct store *st, const struct request *r,
	    const struct opts *o, unsigned fin, struct answer *a);

/*
 * Decides what a Range makes of a (the answer asked for): when a is a
 * 200 of size= content and the request a GET or HEAD with a Range that
 * If-Range lets through (RFC 9110 §13.1.5), a 206 with the ranges (kept
 * in rs), or a 416 when none is satisfiable; otherwise a stays as it is.
 * Returns 0, or -1 with f set when st is full.
 */
int	decide_range(struct store *st, const struct request *r,
	    const struct opts *o, struct answer *a, struct ranges *rs,
	    struct fail *f);

#endif
