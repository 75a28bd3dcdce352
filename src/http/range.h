/* SPDX-License-Identifier: ISC */
/*
 * range.h - Range requests (RFC 9110 §14): which bytes of a representation
 * of a known length a request asks for, and whether If-Range lets it. Pure
 * functions (range.c), run by whichever process or thread serves a request:
 * a CGI process, or a FastCGI worker process's loop thread.
 */
#ifndef STATUSCGI_RANGE_H
#define STATUSCGI_RANGE_H

#include <stddef.h>
#include <time.h>

#include "content.h"

#define RANGE_SPECS_MAX	100	/* more ranges than this: Range is ignored */

struct byte_range {
	unsigned long long first, last;		/* inclusive */
};

struct ranges {
	struct byte_range r[RANGES_MAX];
	size_t		 n;
};

enum range_outcome {
	RANGE_IGNORED,		/* send the whole representation (200) */
	RANGE_PARTIAL,		/* send the ranges in *out (206) */
	RANGE_UNSATISFIABLE	/* none overlaps the representation (416) */
};

/*
 * Evaluates the Range field value against a representation of len bytes
 * (§14.1.2, §14.2). Satisfiable ranges are clipped to len, sorted and
 * merged where they overlap or touch (§14.2 lets a server coalesce), so
 * the parts never add up to more than len. Returns RANGE_PARTIAL with
 * *out filled, RANGE_UNSATISFIABLE with why (size n) saying so, or
 * RANGE_IGNORED when the field is not a valid bytes range set, holds more
 * than RANGE_SPECS_MAX ranges, merges into more than RANGES_MAX parts, or
 * len is 0 (§14.2 allows ignoring Range); never fails otherwise.
 */
enum range_outcome range_eval(const char *field, unsigned long long len,
	    struct ranges *out, char *why, size_t n);

/*
 * Evaluates If-Range (§13.1.5) for a representation with the validators
 * etag ("" for none) and last_modified (when have_lm). Returns 1 when the
 * Range may be honoured: the field is a strong entity-tag equal to a
 * strong etag, or an HTTP-date equal to last_modified; 0 otherwise
 * (then the whole representation goes out).
 */
int	if_range_holds(const char *field, const char *etag, int have_lm,
	    long long last_modified, time_t now);

#endif
