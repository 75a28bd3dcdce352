/* SPDX-License-Identifier: ISC */
/*
 * auth.c - the credentials a resource asks for with auth=, and checking a
 * request's Authorization against them: Basic (RFC 7617) and Bearer
 * (RFC 6750). Nothing here echoes credentials back. Pure functions, run by
 * whichever process or thread serves a request: a CGI process, or a FastCGI
 * worker process's loop thread; they touch only their arguments.
 */
#include <string.h>
#include <strings.h>

#include "http/auth.h"

/* b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
 * (RFC 6750 §2.1; token68 in RFC 9110 §11.2). Returns 1 if s is one. */
static int
is_b64token(const char *s, size_t n)
{
	size_t	 i = 0;

	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') ||
	    (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
	    strchr("-._~+/", s[i]) != NULL))
		i++;
	if (i == 0)
		return 0;
	while (i < n && s[i] == '=')
		i++;
	return i == n;
}

int
auth_parse(struct auth *a, const char *v, struct fail *f)
{
	const char	*s;
	size_t		 i;

	memset(a, 0, sizeof(*a));
	if (strncasecmp(v, "basic:", 6) == 0) {
		s = v + 6;
		if (strchr(s, ':') == NULL)
			return fail_set(f, 400, "auth must look like "
			    "basic:USER:PASS (the user without a colon)");
		for (i = 0; s[i] != '\0'; i++)
			if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
				return fail_set(f, 400, "auth: user and "
				    "password must hold no control characters "
				    "(RFC 7617 section 2)");
		if (i > AUTH_SECRET_MAX)
			return fail_set(f, 400, "auth: user and password are "
			    "longer than %d bytes", AUTH_SECRET_MAX);
		a->kind = AUTH_BASIC;
		a->secret = s;
		return 0;
	}
	if (strcasecmp(v, "bearer") == 0) {
		a->kind = AUTH_BEARER;
		return 0;
	}
	if (strncasecmp(v, "bearer:", 7) == 0) {
		s = v + 7;
		if (!is_b64token(s, strlen(s)))
			return fail_set(f, 400, "auth: a bearer token is "
			    "letters, digits and -._~+/ with = at the end "
			    "(RFC 6750 section 2.1)");
		if (strlen(s) > AUTH_SECRET_MAX)
			return fail_set(f, 400, "auth: the bearer token is "
			    "longer than %d bytes", AUTH_SECRET_MAX);
		a->kind = AUTH_BEARER;
		a->secret = s;
		return 0;
	}
	return fail_set(f, 400, "auth must be basic:USER:PASS, bearer, or "
	    "bearer:TOKEN");
}

/*
 * Returns the value (0-63) of c, a digit of the base64 alphabet (RFC 4648
 * §4: its place in the string below), or -1 if c is not one.
 */
static int
b64val(int c)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char	*p = memchr(alphabet, c, sizeof(alphabet) - 1);

	return p != NULL ? (int)(p - alphabet) : -1;
}

long
base64_decode(const char *s, size_t n, unsigned char *out, size_t cap)
{
	size_t		 i, j, len = 0, pad = 0;
	unsigned long	 acc;
	int		 v[4];

	if (n == 0 || n % 4 != 0)
		return -1;
	if (s[n - 1] == '=')
		pad = s[n - 2] == '=' ? 2 : 1;
	if ((n / 4) * 3 - pad > cap)
		return -1;
	for (i = 0; i < n; i += 4) {
		for (j = 0; j < 4; j++) {
			/* '=' only as padding, at the very end */
			if (i + j >= n - pad) {
				if (s[i + j] != '=')
					return -1;
				v[j] = 0;
			} else if ((v[j] = b64val((unsigned char)s[i + j])) < 0)
				return -1;
		}
		acc = ((unsigned long)v[0] << 18) | ((unsigned long)v[1] << 12) |
		    ((unsigned long)v[2] << 6) | (unsigned long)v[3];
		if (i + 4 == n && pad > 0) {
			/* the bits past the last byte must be zero */
			if ((pad == 1 && (acc & 0xff) != 0) ||
			    (pad == 2 && (acc & 0xffff) != 0))
				return -1;
		}
		out[len++] = (unsigned char)(acc >> 16);
		if (i + 4 < n || pad < 2)
			out[len++] = (unsigned char)(acc >> 8);
		if (i + 4 < n || pad < 1)
			out[len++] = (unsigned char)acc;
	}
	return (long)len;
}

int
equal_ct(const unsigned char *got, size_t n, const char *want)
{
	size_t		 wn = strlen(want), i;
	unsigned	 diff;

	/* Walks every byte given, reading want cyclically, and never
	 * stops early: a mismatch anywhere costs the same as none. */
	diff = (unsigned)(n != wn);
	if (wn == 0)
		return n == 0;
	for (i = 0; i < n; i++)
		diff |= (unsigned)(got[i] ^ (unsigned char)want[i % wn]);
	return diff == 0;
}

/*
 * Splits Authorization into its scheme and what follows it (RFC 9110
 * §11.4: credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]).
 * Returns 1 if the scheme is name, with *rest at the credentials.
 */
static int
scheme_is(const char *h, const char *name, const char **rest)
{
	size_t	 n = strlen(name);

	while (*h == ' ' || *h == '\t')
		h++;
	if (strncasecmp(h, name, n) != 0 || (h[n] != ' ' && h[n] != '\0'))
		return 0;
	for (h += n; *h == ' '; h++)
		;
	*rest = h;
	return 1;
}

/* The length of the credentials at s, trailing whitespace left off. */
static size_t
trimmed(const char *s)
{
	size_t	 n = strlen(s);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n;
}

enum auth_verdict
auth_check(const struct auth *a, const char *h, const char **why)
{
	unsigned char	 dec[AUTH_SECRET_MAX + 4];
	const char	*cred;
	long		 dn;
	size_t		 n;

	*why = NULL;
	if (a->kind == AUTH_NONE)
		return AUTH_OK;
	if (h == NULL) {
		*why = "no Authorization header";
		return AUTH_MISSING;
	}
	if (a->kind == AUTH_BASIC) {
		if (!scheme_is(h, "Basic", &cred)) {
			*why = "Authorization is not Basic credentials";
			return AUTH_OTHER_SCHEME;
		}
		n = trimmed(cred);
		if (n == 0 || (dn = base64_decode(cred, n, dec,
		    sizeof(dec))) < 0) {
			*why = "the Basic credentials are not valid base64";
			return AUTH_MALFORMED;
		}
		if (memchr(dec, ':', (size_t)dn) == NULL) {
			*why = "the Basic credentials hold no colon between "
			    "user and password";
			return AUTH_MALFORMED;
		}
		if (!equal_ct(dec, (size_t)dn, a->secret)) {
			*why = "the user or the password is wrong";
			return AUTH_WRONG;
		}
		*why = "the Basic credentials are right";
		return AUTH_OK;
	}
	if (!scheme_is(h, "Bearer", &cred)) {
		*why = "Authorization is not a Bearer token";
		return AUTH_OTHER_SCHEME;
	}
	n = trimmed(cred);
	if (!is_b64token(cred, n)) {
		*why = "the Bearer token is malformed";
		return AUTH_MALFORMED;
	}
	if (a->secret != NULL &&
	    !equal_ct((const unsigned char *)cred, n, a->secret)) {
		*why = "the Bearer token is wrong";
		return AUTH_WRONG;
	}
	*why = "the Bearer token is accepted";
	return AUTH_OK;
}

const char *
auth_challenge(const struct auth *a, enum auth_verdict v)
{
	if (a->kind == AUTH_BASIC)
		return "Basic realm=\"" AUTH_REALM "\", charset=\"UTF-8\"";
	/* RFC 6750 §3: no error code when no credentials came; §3.1:
	 * invalid_token for one that is not accepted. */
	if (v == AUTH_WRONG || v == AUTH_MALFORMED)
		return "Bearer realm=\"" AUTH_REALM "\", error=\"invalid_token\", "
		    "error_description=\"the token is not accepted\"";
	return "Bearer realm=\"" AUTH_REALM "\"";
}
