/* SPDX-License-Identifier: ISC */
/*
 * sized.h - the content size= asks for: pattern bytes, whole, one range
 * of them, or several as multipart/byteranges. Pure functions (sized.c),
 * run by whichever process or thread serves a request: a CGI process, or a
 * FastCGI worker process's loop thread.
 */
#ifndef STATUSCGI_SIZED_H
#define STATUSCGI_SIZED_H

#include "buf.h"
#include "content.h"
#include "fail.h"
#include "answer/opts.h"
#include "http/range.h"

/*
 * Returns 1 if an answer of code carries size= content: one with content
 * that is not about ranges itself (206, 416), 0 if not.
 */
int	sized_code(unsigned code);

/*
 * Fills c with the pattern bytes of a sized answer (o->size of them):
 * all, when rs is NULL, rs's one range, or rs's ranges as
 * multipart/byteranges (RFC 9110 §14.6), their part headers in b.
 * Returns the Content-Type to send, or NULL with f set to a 500 when c
 * or b is full.
 */
const char *sized_content(struct content *c, struct buf *b,
	    const struct opts *o, const struct ranges *rs, struct fail *f);

/*
 * Fills the empty c with the content of a 206 asked for with code=:
 * bytes first..last (content-range=, or 0-99) of the pattern size=
 * serves. Returns 0, or -1 if c is full (it cannot be, being empty).
 */
int	sized_partial(struct content *c, const struct opts *o);

#endif
