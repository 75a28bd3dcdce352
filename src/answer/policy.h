/* SPDX-License-Identifier: ISC */
/*
 * policy.h - the header policy: the names a caller may not set, the
 * headers CORS and CSP add, and the defaults of Link, Location and Allow.
 * Pure functions (policy.c), run by whichever process or thread serves a
 * request: a CGI process, or a FastCGI worker process's loop thread.
 */
#ifndef STATUSCGI_POLICY_H
#define STATUSCGI_POLICY_H

#include <stddef.h>

#include "fail.h"
#include "answer/head.h"
#include "http/request.h"

/* Content-Security-Policy of our own HTML pages: the index, a status. */
extern const char policy_csp_index[];
extern const char policy_csp_page[];

/*
 * Checks a header= value: "Name: value", printable ASCII, the name a
 * token that is neither framing nor hop-by-hop, nor one with a parameter
 * of its own, nor one that makes a web server act. Returns 0, or -1 with
 * f set to a 400 saying which.
 */
int	policy_header_param(const char *v, struct fail *f);

/*
 * Adds the header a checked header= value v names to h, its value with
 * the spaces around it trimmed, copied into st. Returns 0, or -1 with f
 * set when st or h is full.
 */
int	policy_extra_header(struct store *st, struct head *h, const char *v,
	    struct fail *f);

/*
 * Adds every link= of r (RFC 8288), or when none is given and deflt is
 * set, a default one (a 103 and the final answer after it: RFC 8297 §2).
 * Returns 0, or -1 with f set when h is full.
 */
int	policy_links(struct head *h, const struct request *r, int deflt,
	    struct fail *f);

/*
 * Adds the CORS headers (Fetch §3.2): any origin may read the answer,
 * and every header h carries besides the safelisted ones. Returns 0, or
 * -1 with f set when st or h is full.
 */
int	policy_cors(struct store *st, struct head *h, struct fail *f);

/*
 * Returns the default Location: this same program (script, or a query
 * when script is NULL) asked for 200, so a client that follows the
 * redirect ends on a 200; NULL if it does not fit st.
 */
const char *policy_location(struct store *st, const char *script);

/*
 * Returns "GET, HEAD" for methods= "GET,HEAD": the list as Allow sends it
 * (RFC 9110 §10.2.1), copied into st, or NULL if it does not fit.
 */
const char *policy_allow(struct store *st, const char *methods);

#endif
