/* SPDX-License-Identifier: ISC */
/*
 * opts.h - a request's parameters, read and checked; the settings. Pure
 * functions (opts.c), run by whichever process or thread serves a request:
 * a CGI process, or a FastCGI worker process's loop thread; config_read()
 * also in a FastCGI worker's main thread, once, as it starts (fcgi_run()).
 */
#ifndef STATUSCGI_OPTS_H
#define STATUSCGI_OPTS_H

#include <stdint.h>

#include "http/auth.h"
#include "http/codes.h"
#include "content.h"
#include "fail.h"
#include "answer/fmt.h"
#include "answer/head.h"
#include "http/request.h"

#define SLEEP_MAX_MS	 10000	/* default cap on sleep= */
#define REASON_MAX	 100	/* longest reason= accepted */
#define REDIRECTS_MAX	 20	/* longest redirects= chain */

/* Deployment settings, read once from the process environment. */
struct config {
	unsigned long	 max_sleep_ms;	/* STATUSCGI_MAX_SLEEP_MS */
	unsigned long long max_size;	/* STATUSCGI_MAX_SIZE */
	const char	*redirect_hosts;	/* STATUSCGI_REDIRECT_HOSTS, or NULL */
};

/* The parameters that the planner understands, once validated. */
struct opts {
	struct codes	 codes;
	int		 have_code;
	uint64_t	 seed;
	int		 have_seed;
	unsigned	 then;
	const char	*reason;
	const char	*location;
	const char	*www_auth;
	const char	*proxy_auth;
	const char	*allow;
	const char	*retry_after;
	unsigned long long range_first, range_last, range_len;
	int		 have_range;
	int		 range_len_known;
	unsigned long long unsat_len;
	const char	*upgrade;
	char		 etag[256];
	const char	*last_modified;
	long long	 lm_time;	/* last_modified, in seconds */
	const char	*methods;	/* methods=: the only ones allowed */
	struct auth	 auth;		/* auth=: the credentials needed */
	const char	*cache_control;
	unsigned	 redirects;	/* redirects=: the chain's length */
	unsigned	 hop;		/* hop=: answers of it already given */
	int		 have_fmt;
	enum fmt	 fmt;
	const char	*body;
	const char	*content_type;
	unsigned long	 sleep_ms;
	unsigned long long size;	/* size=: content of the pattern */
	int		 have_size;
	unsigned long	 drip_ms;	/* drip=: send the content this slowly */
	const char	*script;	/* SCRIPT_NAME if safe for links */
};

/*
 * Sets c to base, then to the STATUSCGI_* settings in in, where given: a
 * server passes them as CGI variables or FastCGI params (Apache SetEnv,
 * lighttpd setenv.add-environment, nginx fastcgi_param); a client cannot,
 * since its headers arrive as HTTP_*. An unusable value keeps the base.
 * base NULL means the defaults. Never fails.
 */
void	config_read(struct config *c, const struct input *in,
	    const struct config *base);

/*
 * Reads and checks every parameter of r, whatever code is picked, so that
 * a request is refused or accepted the same way every time. Returns 0, or
 * -1 with f set (a 400, or a 403 for a location the policy refuses).
 */
int	opts_read(struct opts *o, const struct request *r,
	    const struct config *c, struct fail *f);

/*
 * Checks a parameter bound for a header field: printable ASCII, bounded.
 * Returns 0, or -1 with f set to a 400 naming the parameter.
 */
int	field_param(const char *name, const char *v, struct fail *f);

#endif
