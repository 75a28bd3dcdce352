/* SPDX-License-Identifier: ISC */
/*
 * request.h - what a caller asked, gathered from CGI or FastCGI input. Its
 * functions (request.c) are run by whichever process or thread serves a
 * request: a CGI process, or a FastCGI worker process's loop thread.
 */
#ifndef STATUSCGI_REQUEST_H
#define STATUSCGI_REQUEST_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "fail.h"
#include "http/params.h"

#define QUERY_MAX	8192		/* longer is 414 */
#define FORM_MAX	65536		/* a longer form body is 413 */
#define DISCARD_MAX	(1024 * 1024)	/* other bodies: read this much */

/*
 * Where a request comes from. get() returns a CGI meta-variable (RFC 3875
 * §4.1) or NULL; read() reads up to n body bytes and returns how many,
 * 0 at end of input, or -1 on error.
 */
struct input {
	const char	*(*get)(void *ctx, const char *name);
	long		 (*read)(void *ctx, char *buf, size_t n);
	void		*ctx;
};

struct request {
	const char	*method;	/* REQUEST_METHOD, never NULL */
	const char	*path_code;	/* code taken from the path, or NULL */
	const char	*script_name;	/* SCRIPT_NAME, or NULL */
	const char	*host;		/* HTTP_HOST or SERVER_NAME, or NULL */
	const char	*accept;	/* HTTP_ACCEPT, or NULL */
	const char	*protocol;	/* SERVER_PROTOCOL, or NULL */
	const char	*server;	/* SERVER_SOFTWARE, or NULL */
	const char	*acr_method;	/* Access-Control-Request-Method */
	const char	*acr_headers;	/* Access-Control-Request-Headers */
	const char	*authorization;	/* HTTP_AUTHORIZATION, or NULL */
	const char	*if_match;	/* the conditional fields (RFC 9110 */
	const char	*if_none_match;	/* §13.1), each NULL when absent */
	const char	*if_modified_since;
	const char	*if_unmodified_since;
	const char	*range;		/* Range (RFC 9110 §14.2), or NULL */
	const char	*if_range;	/* If-Range (§13.1.5), or NULL */
	time_t		 now;		/* when the request was read */
	int		 head;		/* method is HEAD */
	struct params	 params;
	struct buf	 body;		/* raw form body */
	struct buf	 path;		/* storage for path_code */
};

void	request_init(struct request *);
void	request_free(struct request *);

/*
 * Fills r from in: meta-variables, the code from PATH_INFO (or from
 * REQUEST_URI past SCRIPT_NAME when PATH_INFO is missing), the request
 * headers the answer may depend on (Authorization, If-*, Range), the time,
 * parameters from
 * QUERY_STRING and from an application/x-www-form-urlencoded body. Other
 * bodies are read (up to DISCARD_MAX) and dropped. Returns 0, or -1 with f
 * set: 414 for a query over QUERY_MAX, 413 for a form over FORM_MAX, 400
 * for a bad CONTENT_LENGTH or bad parameters, 500 when out of memory.
 */
int	request_read(struct request *, const struct input *, struct fail *f);

#endif
