/* SPDX-License-Identifier: ISC */
/*
 * chain.h - the Location of the next answer in a redirects= chain. Pure
 * functions (chain.c), run by whichever process or thread serves a request:
 * a CGI process, or a FastCGI worker process's loop thread.
 */
#ifndef STATUSCGI_CHAIN_H
#define STATUSCGI_CHAIN_H

#include <stddef.h>

#include "http/request.h"

/*
 * Writes into out (size n) the relative reference of the next hop of a
 * redirects= chain whose answers are code: this program asked for code
 * again ("/cgi-bin/status.cgi/302?...", or "?code=302&..." when
 * script, the SCRIPT_NAME safe for links, is NULL), with every parameter
 * of r percent-encoded into the query (from a POSTed form too), but code
 * and hop, and hop=hop+1: hop counts the answers of the chain given
 * before this one. Returns 0, or -1 if it does not fit in n bytes.
 */
int	chain_location(char *out, size_t n, const struct request *r,
	    const char *script, unsigned hop, unsigned code);

/* Returns 1 if every parameter of r can travel in a chain's Location (no
 * control characters or backslashes: the redirect policy keeps them out
 * of Location even encoded), 0 if not, with *name set to the first that
 * cannot. */
int	chain_carries(const struct request *r, const char **name);

#endif
