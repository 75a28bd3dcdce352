/* SPDX-License-Identifier: ISC */
/*
 * auth.h - credentials a resource asks for (auth=) and their check. Pure
 * functions (auth.c), run by whichever process or thread serves a request:
 * a CGI process, or a FastCGI worker process's loop thread.
 */
#ifndef STATUSCGI_AUTH_H
#define STATUSCGI_AUTH_H

#include <stddef.h>

#include "fail.h"

#define AUTH_REALM	"statuscgi"
#define AUTH_SECRET_MAX	512	/* longest user:password or token */

enum auth_kind {
	AUTH_NONE,		/* no auth= */
	AUTH_BASIC,		/* auth=basic:USER:PASS (RFC 7617) */
	AUTH_BEARER		/* auth=bearer[:TOKEN] (RFC 6750) */
};

struct auth {
	enum auth_kind	 kind;
	const char	*secret;	/* "USER:PASS", the token, or NULL
					 * for any bearer token */
};

/* Why a request's credentials were not accepted. */
enum auth_verdict {
	AUTH_OK,
	AUTH_MISSING,		/* no Authorization at all */
	AUTH_OTHER_SCHEME,	/* credentials for another scheme */
	AUTH_MALFORMED,		/* the right scheme, unreadable credentials */
	AUTH_WRONG		/* readable, but not the ones asked for */
};

/*
 * Reads an auth= value: "basic:USER:PASS" (USER without a colon, RFC 7617
 * §2; neither with control characters), "bearer", or "bearer:TOKEN" (a
 * b64token, RFC 6750 §2.1); the scheme in any case. Returns 0, or -1
 * with f set to a 400.
 */
int	auth_parse(struct auth *a, const char *v, struct fail *f);

/*
 * Checks the Authorization field value (NULL when the request had none)
 * against a; the secret is compared in constant time. Sets *why to a
 * sentence for the body (never quoting the credentials). Returns the
 * verdict; never fails.
 */
enum auth_verdict auth_check(const struct auth *a, const char *header,
	    const char **why);

/*
 * Returns the WWW-Authenticate challenge for a 401 with verdict v: Basic
 * with realm and charset (RFC 7617 §2.1), or Bearer with realm, and
 * error="invalid_token" when a Bearer token came and was refused (RFC
 * 6750 §3). Never NULL.
 */
const char *auth_challenge(const struct auth *a, enum auth_verdict v);

/*
 * Decodes base64 (RFC 4648 §4: the standard alphabet, padded, no other
 * characters, zero unused bits) from n bytes of s into out of size cap.
 * Returns the decoded length, or -1 if s is not such base64 or does not
 * fit.
 */
long	base64_decode(const char *s, size_t n, unsigned char *out, size_t cap);

/*
 * Returns 1 if the n bytes at got equal the NUL-terminated want, 0 if not.
 * Every one of the n bytes is compared, whatever matched before, so the
 * time does not tell where got and want differ. Never fails.
 */
int	equal_ct(const unsigned char *got, size_t n, const char *want);

#endif
