/* SPDX-License-Identifier: ISC */
/*
 * params.h - application/x-www-form-urlencoded parameters. Its functions
 * (params.c) are run by whichever process or thread serves a request: a CGI
 * process, or a FastCGI worker process's loop thread.
 */
#ifndef STATUSCGI_PARAMS_H
#define STATUSCGI_PARAMS_H

#include <stddef.h>

#include "fail.h"

#define PARAMS_MAX	64		/* more is a 400 */

struct param {
	const char	*name;		/* decoded, NUL-terminated */
	const char	*value;		/* decoded, NUL-terminated */
	int		 has_eq;	/* "name=value" rather than "name" */
	int		 from_body;	/* came from a POSTed form */
};

struct params {
	struct param	 v[PARAMS_MAX];
	size_t		 n;
	char		*mem[2];	/* decoded copies of query and body */
	size_t		 memsz[2];
};

void	params_init(struct params *);
void	params_clear(struct params *);	/* keeps memory for reuse */
void	params_free(struct params *);

/*
 * Parses len bytes of src ("a=1&b=2", RFC 3986 percent-encoding, '+' for
 * space as HTML forms send it; WHATWG URL §5.1) and appends the pairs.
 * Empty pieces ("a=1&&b=2") are skipped. Every name and value must decode
 * to UTF-8 without NUL. Returns 0, or -1 with f set to a 400 (bad escape,
 * NUL, invalid UTF-8, more than PARAMS_MAX parameters) or a 500 (no memory).
 */
int	params_parse(struct params *, const char *src, size_t len,
	    int from_body, struct fail *f);

/* Returns the last value given for name, or NULL if absent or empty. */
const char *params_get(const struct params *, const char *name);

/*
 * Percent-decodes n bytes of s (RFC 3986 §2.1) into dst, which has room
 * for n + 1; '+' becomes a space when plus is set. Returns the decoded
 * length, or -1 on a bad escape, -2 on a NUL byte.
 */
long	url_decode(char *dst, const char *s, size_t n, int plus);

/*
 * Returns 1 if s (length n) is well-formed UTF-8 (RFC 3629 §4: no overlong
 * forms, no surrogates, nothing above U+10FFFF), 0 if not.
 */
int	utf8_valid(const unsigned char *s, size_t n);

#endif
