/* SPDX-License-Identifier: ISC */
/*
 * table.h - the HTTP status code table (data) and its look-ups. Constant,
 * read by whichever process or thread serves a request (a CGI process, or a
 * FastCGI worker process's loop thread), or by main.c for --list.
 */
#ifndef STATUSCGI_TABLE_H
#define STATUSCGI_TABLE_H

/* What a status carries besides the status line. */
enum {
	T_LOCATION	 = 1u << 0,	/* Location, with a default */
	T_LOCATION_OPT	 = 1u << 1,	/* Location, only when given */
	T_WWW_AUTH	 = 1u << 2,	/* WWW-Authenticate */
	T_PROXY_AUTH	 = 1u << 3,	/* Proxy-Authenticate */
	T_ALLOW		 = 1u << 4,	/* Allow */
	T_RETRY		 = 1u << 5,	/* Retry-After, with a default */
	T_RETRY_OPT	 = 1u << 6,	/* Retry-After, only when given */
	T_RANGE		 = 1u << 7,	/* Content-Range of a partial body */
	T_RANGE_UNSAT	 = 1u << 8,	/* Content-Range: bytes *\/N */
	T_UPGRADE	 = 1u << 9,	/* Upgrade */
	T_VALIDATORS	 = 1u << 10,	/* ETag, Last-Modified when given */
	T_LINK		 = 1u << 11,	/* Link, with a default (103) */
	T_NO_BODY	 = 1u << 12,	/* no content, no Content-Type */
	T_ZERO_LENGTH	 = 1u << 13	/* no content, Content-Length: 0 */
};

struct status {
	unsigned short	 code;
	const char	*phrase;	/* RFC 9110 reason phrase */
	const char	*ref;		/* where it is defined */
	const char	*desc;		/* one sentence, our words */
	unsigned	 flags;
};

struct status_class {
	const char	*name;		/* "Client Error" (RFC 9110 section 15) */
	const char	*desc;		/* one sentence */
};

/*
 * Returns the registered entry for code, or NULL when the code has no
 * registered meaning (the caller then falls back to status_synth()).
 */
const struct status	*status_find(unsigned code);

/*
 * Fills *out with the registered entry for code, or with a synthetic one
 * that names the code's class (RFC 9110 section 15: an unrecognised code
 * is understood as the x00 code of its class). code must be 100-599.
 * Never fails.
 */
void			 status_get(unsigned code, struct status *out);

/* Returns the class of code (100-599); never NULL for such a code. */
const struct status_class *status_class(unsigned code);

/* The registered entries in ascending order; *n gets their count. */
const struct status	*status_all(unsigned *n);

#endif
