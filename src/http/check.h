/* SPDX-License-Identifier: ISC */
/*
 * check.h - syntax checks for what callers put into header fields. Pure
 * functions (check.c), run by whichever process or thread serves a request:
 * a CGI process, or a FastCGI worker process's loop thread.
 */
#ifndef STATUSCGI_CHECK_H
#define STATUSCGI_CHECK_H

#include <stddef.h>

#include "fail.h"

#define LOCATION_MAX	2048	/* longest Location we send or accept */

/* Each check_* returns 1 if s is well-formed, 0 if not. */

/* token = 1*tchar (RFC 9110 §5.6.2) */
int	check_token(const char *s, size_t n);
/* Printable ASCII and spaces only: no CTLs at all, not even HTAB. */
int	check_text(const char *s);
/* type "/" subtype *( OWS ";" OWS parameter ) (RFC 9110 §8.3.1) */
int	check_media_type(const char *s);
/* IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 §5.6.7) */
int	check_http_date(const char *s);
/* #element of tokens, optionally "token/token" (Allow, Upgrade) */
int	check_token_list(const char *s, int slash);
/* Cache-Control: #( token [ "=" ( token / quoted-string ) ] ) (RFC 9111 §5.2) */
int	check_cache_control(const char *s);
/* an auth challenge: auth-scheme [ SP text ] (RFC 9110 §11.6.1) */
int	check_challenge(const char *s);

/*
 * Writes the entity-tag for s into out (size n): s as given if it is
 * already [W/]"etagc*", else s wrapped in quotes (RFC 9110 §8.8.3).
 * Returns 1, or 0 if s cannot be an entity-tag or does not fit.
 */
int	check_etag(const char *s, char *out, size_t n);

/*
 * The redirect policy. A relative reference is always allowed; one with an
 * authority ("//host", "http://host") only if its host is own_host, or is
 * listed in allowed (comma-separated host names, "*" for any); only http
 * and https are allowed schemes. Returns 0, or -1 with f set to 403 saying
 * why, or 400 for what cannot be a URI reference at all.
 */
int	check_location(const char *loc, const char *own_host,
	    const char *allowed, struct fail *f);

#endif
