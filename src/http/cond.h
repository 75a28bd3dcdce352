/* SPDX-License-Identifier: ISC */
/*
 * cond.h - conditional requests: HTTP-dates, entity-tags, RFC 9110 §13.
 * Pure functions (cond.c), run by whichever process or thread serves a
 * request: a CGI process, or a FastCGI worker process's loop thread.
 */
#ifndef STATUSCGI_COND_H
#define STATUSCGI_COND_H

#include <stddef.h>
#include <time.h>

/*
 * Parses an HTTP-date in any of its three forms (RFC 9110 §5.6.7):
 * IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", rfc850-date "Sunday,
 * 06-Nov-94 08:49:37 GMT" and asctime-date "Sun Nov  6 08:49:37 1994".
 * A two-digit year is read against now, as §5.6.7 says. imf_only accepts
 * the first form alone (what a sender must generate). Returns 0 with *t
 * set to seconds since 1970, or -1 if s is not such a date (a day that
 * does not exist in its month included).
 */
int	http_date_parse(const char *s, time_t now, int imf_only,
	    long long *t);

/*
 * Writes t (seconds since 1970) into out (size n) as an IMF-fixdate,
 * "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 §5.6.7), by arithmetic alone:
 * no time zone file is read. Returns 0, or -1 if t is before 1970 or
 * after 9999, or out is too small (it needs 30 bytes).
 */
int	http_date_format(long long t, char *out, size_t n);

/*
 * Returns 1 if the field value list (of If-Match or If-None-Match) is
 * "*" or holds an entity-tag that matches etag, by strong comparison, or
 * by weak comparison when weak is set (RFC 9110 §8.8.3.2); 0 if not,
 * including when list is malformed (then it matches nothing).
 */
int	etag_list_match(const char *list, const char *etag, int weak);

/* What the preconditions of a request decide (RFC 9110 §13.2.2). */
enum cond_outcome {
	COND_PASS,		/* go on to the answer asked for */
	COND_NOT_MODIFIED,	/* 304 */
	COND_FAILED		/* 412 */
};

/* The request's conditional header fields, each NULL when absent. */
struct conditions {
	const char	*if_match;
	const char	*if_none_match;
	const char	*if_modified_since;
	const char	*if_unmodified_since;
};

/*
 * Evaluates c in the order of RFC 9110 §13.2.2 for a resource whose
 * validators are etag (NULL or "" for none) and last_modified (when
 * have_lm), for a GET or HEAD request when get_or_head is set. Sets *why
 * to a sentence saying which field decided (or NULL when none did).
 * Never fails: an unparseable date is ignored (§13.1.3, §13.1.4).
 */
enum cond_outcome cond_eval(const struct conditions *c, const char *etag,
	    int have_lm, long long last_modified, int get_or_head,
	    time_t now, const char **why);

#endif
