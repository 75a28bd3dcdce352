/* chain.h - the Location of the next answer in a redirects= chain. */
#ifndef STATUSCGI_CHAIN_H
#define STATUSCGI_CHAIN_H

#include <stddef.h>

#include "opts.h"
#include "request.h"

/*
 * Writes into out (size n) the relative reference of the next hop of a
 * redirects= chain whose answers are code: this program asked for code
 * again ("/cgi-bin/status.cgi/302?...", or "?code=302&..." when
 * SCRIPT_NAME is unusable), with every parameter of r percent-encoded
 * into the query (from a POSTed form too), but code and hop, and
 * hop=o->hop+1. Returns 0, or -1 if it does not fit in n bytes.
 */
int	chain_location(char *out, size_t n, const struct request *r,
	    const struct opts *o, unsigned code);

/* Returns 1 if every parameter of r can travel in a chain's Location (no
 * control characters or backslashes: the redirect policy keeps them out
 * of Location even encoded), 0 if not, with *name set to the first that
 * cannot. */
int	chain_carries(const struct request *r, const char **name);

#endif
