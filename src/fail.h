/* SPDX-License-Identifier: ISC */
/*
 * fail.h - an answer to bad input: a 4xx status and a one-line reason. Pure
 * functions (fail.c), run by whichever process or thread serves a request:
 * a CGI process, or a FastCGI worker process's loop thread.
 */
#ifndef STATUSCGI_FAIL_H
#define STATUSCGI_FAIL_H

#include <stddef.h>

#define FAIL_MSG_MAX 240

struct fail {
	unsigned code;			/* 400, 403, 413, 414 ... */
	char	 msg[FAIL_MSG_MAX];	/* one line, printable ASCII */
};

/*
 * Sets f to code and the formatted message (truncated to fit, never a
 * line break). Returns -1, so callers can write "return fail_set(...)".
 */
int	fail_set(struct fail *f, unsigned code, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * Copies at most 40 bytes of untrusted s into out (size n >= 48) for quoting
 * in a message: bytes outside printable ASCII become '?', and a longer
 * input ends in "...". Returns out; never fails.
 */
const char *fail_quote(char *out, size_t n, const char *s);

#endif
